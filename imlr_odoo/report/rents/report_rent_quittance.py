from odoo import api, models


class ReportRentQuittance(models.AbstractModel):
    """The quittance of a fully paid month (law of 6 July 1989, art. 21); refused for any other month."""

    _name = "report.imlr_odoo.report_rent_quittance"
    _inherit = "report.imlr_odoo.rent_document"
    _description = "Rent receipt (quittance) (QWeb)"

    @api.model
    def _check_documents(self, moves):
        moves._imlr_check_quittance()
