from odoo import api, models


class ReportRentReceipt(models.AbstractModel):
    """The reçu of a month not (yet) fully paid: what was paid so far and what remains due."""

    _name = "report.imlr_odoo.report_rent_receipt"
    _description = "Payment receipt (reçu) (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        moves = self.env["account.move"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "account.move",
            "docs": moves,
            "rent_values": moves._imlr_rent_document_values(),
        }
