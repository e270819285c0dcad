from odoo import fields, models


class ImlrReinforcedSupport(models.Model):
    """A period of reinforced support (accompagnement renforcé) during a stay."""

    _name = "imlr.reinforced.support"
    _inherit = ["imlr.date.range.mixin"]
    _description = "Reinforced support period"
    _order = "stay_id, date_start"

    stay_id = fields.Many2one(comodel_name="imlr.stay", required=True, ondelete="cascade", index=True)
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="Until", help="Last day of reinforced support.")
    note = fields.Char()

    _sql_constraints = [
        ("date_check", "CHECK (date_end IS NULL OR date_end >= date_start)", "A period must end after it starts."),
        (
            "no_overlap",
            "EXCLUDE USING gist (stay_id WITH =, daterange(date_start, date_end, '[]') WITH &&)",
            "Reinforced-support periods of a stay cannot overlap.",
        ),
    ]
