from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class ImlrPlaceBlock(models.Model):
    """A period during which a place must not be let (unsafe, works, kept for a household…)."""

    _name = "imlr.place.block"
    _inherit = ["imlr.date.range.mixin"]
    _description = "Blocked period of a place"
    _order = "place_id, date_start"
    _rec_name = "reason"

    place_id = fields.Many2one(comodel_name="imlr.place", required=True, ondelete="cascade", index=True)
    dwelling_id = fields.Many2one(related="place_id.dwelling_id", store=True)
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="Until", required=True, help="Last day blocked.")
    reason = fields.Char(required=True)

    _sql_constraints = [
        ("date_check", "CHECK (date_end >= date_start)", "A blocked period must end after it starts."),
        (
            "no_overlap",
            "EXCLUDE USING gist (place_id WITH =, daterange(date_start, date_end, '[]') WITH &&) "
            "DEFERRABLE INITIALLY DEFERRED",
            "Blocked periods of a place cannot overlap.",
        ),
    ]

    @api.constrains("place_id", "date_start", "date_end")
    def _check_overlap(self):
        for block, clash in self._overlapping_rows(["place_id"]).items():
            raise ValidationError(
                self.env._(
                    "%(place)s is already blocked from %(start)s to %(end)s: blocked periods cannot overlap.",
                    place=block.place_id.display_name,
                    start=format_date(self.env, clash.date_start),
                    end=format_date(self.env, clash.date_end),
                )
            )

    @api.constrains("place_id", "date_start", "date_end")
    def _check_no_sublease(self):
        subleases = self.env["imlr.sublease"].search([("place_id", "in", self.place_id.ids)])
        for block in self:
            clash = subleases.filtered_domain(
                [("place_id", "=", block.place_id.id), *subleases._domain_overlapping(block.date_start, block.date_end)]
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(place)s cannot be blocked from %(start)s to %(end)s: "
                        "sublease %(sublease)s covers those days.",
                        place=block.place_id.display_name,
                        start=format_date(self.env, block.date_start),
                        end=format_date(self.env, block.date_end),
                        sublease=clash[0].display_name,
                    )
                )
