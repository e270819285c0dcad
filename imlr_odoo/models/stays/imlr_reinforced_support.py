from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


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
            "EXCLUDE USING gist (stay_id WITH =, daterange(date_start, date_end, '[]') WITH &&) "
            "DEFERRABLE INITIALLY DEFERRED",
            "Reinforced-support periods of a stay cannot overlap.",
        ),
    ]

    @api.constrains("stay_id", "date_start", "date_end")
    def _check_overlap(self):
        for period, clash in self._overlapping_rows(["stay_id"]).items():
            raise ValidationError(
                self.env._(
                    "%(stay)s already has reinforced support from %(start)s: the periods cannot overlap.",
                    stay=period.stay_id.display_name,
                    start=format_date(self.env, clash.date_start),
                )
            )
