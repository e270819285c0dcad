from odoo import models


class ReportRentNotice(models.AbstractModel):
    """The rent notice of a rent invoice: loyer, provision sur charges, expected APL, reste à charge."""

    _name = "report.imlr_odoo.report_rent_notice"
    _inherit = "report.imlr_odoo.rent_document"
    _description = "Rent notice (avis d'échéance) (QWeb)"
