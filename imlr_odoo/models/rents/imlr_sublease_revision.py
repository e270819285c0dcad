from odoo import fields, models


class ImlrSublease(models.Model):
    """The rent history of a sublease (annual IRL revision, rents issue item 9), through ``imlr.rent.mixin``
    that the main leases share."""

    _name = "imlr.sublease"
    _inherit = ["imlr.sublease", "imlr.rent.mixin"]

    rent_revision_ids = fields.One2many(
        comodel_name="imlr.rent.revision", inverse_name="sublease_id", string="Rent history", readonly=True
    )
