from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _pre_render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        """A rent document's checks hold for a reprint too: its stored PDF (``attachment_use``) skips the
        report model, so a quittance of a month no longer fully paid (a payment undone) would come back."""
        report = self._get_report(report_ref)
        report_model = self.env.get(f"report.{report.report_name}")
        if res_ids and report_model is not None and hasattr(report_model, "_check_documents"):
            report_model._check_documents(self.env[report.model].browse(res_ids))
        return super()._pre_render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
