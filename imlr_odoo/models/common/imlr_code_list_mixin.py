from odoo import api, fields, models, tools


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

    @api.model
    @tools.ormcache()
    def _codes_by_id(self):
        """{id: code} of the whole list, archived values included: the counting rules read codes of
        thousands of records without a query each time (cleared whenever the list changes)."""
        return dict(
            self.with_context(active_test=False).sudo().search_fetch([], ["code"]).mapped(lambda r: (r.id, r.code))
        )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
