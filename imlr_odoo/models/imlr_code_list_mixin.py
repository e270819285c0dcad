from odoo import fields, models


class ImlrCodeListMixin(models.AbstractModel):
    """A configurable list of values, each with a stable code used by imports and reports."""

    _name = "imlr.code.list.mixin"
    _description = "Configurable list with codes"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Stable code used by spreadsheet imports and reports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE (code)", "This code is already used."),
    ]
