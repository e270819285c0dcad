from odoo import models


class ImlrResourceType(models.Model):
    """A kind of household resource (RSA, family benefits, salary…)."""

    _name = "imlr.resource.type"
    _inherit = ["imlr.code.list.mixin"]
    _description = "Resource type"
