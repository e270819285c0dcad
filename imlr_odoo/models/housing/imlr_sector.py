from odoo import models


class ImlrSector(models.Model):
    """A geographic sector of the département, used to count the housing stock."""

    _name = "imlr.sector"
    _inherit = ["imlr.code.list.mixin"]
    _description = "Geographic sector"
