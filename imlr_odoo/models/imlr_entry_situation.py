from odoo import models


class ImlrEntrySituation(models.Model):
    """Where a household lived before its stay (table "situation avant l'accueil")."""

    _name = "imlr.entry.situation"
    _inherit = ["imlr.code.list.mixin"]
    _description = "Situation before entry"
