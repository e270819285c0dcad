from odoo import api, models


class ReportRentQuittance(models.AbstractModel):
    """The quittance of a fully paid month (law of 6 July 1989, art. 21); refused for any other month."""

    _name = "report.imlr_odoo.report_rent_quittance"
    _description = "Rent receipt (quittance) (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        moves = self.env["account.move"].browse(docids)
        moves._imlr_check_quittance()
        return {
            "doc_ids": docids,
            "doc_model": "account.move",
            "docs": moves,
            "rent_values": moves._imlr_rent_document_values(),
        }
