from odoo import fields, models


class ImlrEntrySituation(models.Model):
    """Where a household lived before its stay (table "situation avant l'accueil")."""

    _name = "imlr.entry.situation"
    _inherit = ["imlr.code.list.mixin"]
    _description = "Situation before entry"

    apl_from_entry = fields.Boolean(
        string="APL from the month of entry",
        help="A household coming from here already had its housing benefit (or was in a structure): the CAF pays the "
        "APL from the month of entry, with no month's wait (CCH art. R.823-11). Default of the subleases' flag.",
    )
