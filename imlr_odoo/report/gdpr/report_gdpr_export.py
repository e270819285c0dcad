from odoo import api, models


class ReportGdprExport(models.AbstractModel):
    """Values of the printed right-of-access export: the same data as the JSON export."""

    _name = "report.imlr_odoo.report_gdpr_export"
    _description = "Right of access export (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        partners._imlr_check_gdpr_access()
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "exports": {partner.id: partner._imlr_gdpr_data() for partner in partners},
        }
