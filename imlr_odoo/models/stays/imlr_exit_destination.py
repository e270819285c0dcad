from odoo import models


class ImlrExitDestination(models.Model):
    """Where a household went at the end of its stay (table "types de sorties")."""

    _name = "imlr.exit.destination"
    _inherit = ["imlr.code.list.mixin"]
    _description = "Exit destination"
