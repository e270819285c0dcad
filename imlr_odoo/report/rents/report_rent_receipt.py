from odoo import api, models


class ReportRentReceipt(models.AbstractModel):
    """The reçu of a month not (yet) fully paid: what was paid so far and what remains due."""

    _name = "report.imlr_odoo.report_rent_receipt"
    _inherit = "report.imlr_odoo.rent_document"
    _description = "Payment receipt (reçu) (QWeb)"

    @api.model
    def _check_documents(self, moves):
        moves._imlr_check_receipt()
