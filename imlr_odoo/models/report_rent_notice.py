from odoo import api, models


class ReportRentNotice(models.AbstractModel):
    """The rent notice of a rent invoice: loyer, provision sur charges, expected APL, reste à charge."""

    _name = "report.imlr_odoo.report_rent_notice"
    _description = "Rent notice (avis d'échéance) (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        moves = self.env["account.move"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "account.move",
            "docs": moves,
            "rent_values": moves._imlr_rent_document_values(),
        }
