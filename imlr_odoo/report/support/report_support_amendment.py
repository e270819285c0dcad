from odoo import api, models


class ReportSupportAmendment(models.AbstractModel):
    """Values of the printed amendment: the household's members on the amendment's start."""

    _name = "report.imlr_odoo.report_support_amendment"
    _description = "Support contract amendment (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        amendments = self.env["imlr.support.amendment"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "imlr.support.amendment",
            "docs": amendments,
            "members_by_doc": {
                amendment.id: amendment.contract_id._members_at(amendment.date_start) for amendment in amendments
            },
        }
