from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ...tools import periods
from ...tools.rows import read_rows


class ImlrHouseholdResource(models.Model):
    """A resource a household receives over a period; several may run at once."""

    _name = "imlr.household.resource"
    _inherit = ["imlr.date.range.mixin"]
    _description = "Household resource"
    _order = "household_id, date_start desc, id"
    _rec_name = "resource_type_id"

    household_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_household", "=", True)],
    )
    resource_type_id = fields.Many2one(comodel_name="imlr.resource.type", string="Resource", required=True)
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(string="Until", help="Last day the resource is received.")
    amount = fields.Monetary(string="Monthly amount", currency_field="currency_id")
    currency_id = fields.Many2one(comodel_name="res.currency", default=lambda self: self.env.company.currency_id)

    _sql_constraints = [
        ("date_check", "CHECK (date_end IS NULL OR date_end >= date_start)", "A resource must end after it starts."),
        ("amount_positive", "CHECK (amount IS NULL OR amount >= 0)", "A resource amount cannot be negative."),
        (
            "no_overlap",
            "EXCLUDE USING gist (household_id WITH =, resource_type_id WITH =, "
            "daterange(date_start, date_end, '[]') WITH &&) DEFERRABLE INITIALLY DEFERRED",
            "A household cannot receive the same resource twice over the same days.",
        ),
    ]

    @api.constrains("household_id", "resource_type_id", "date_start", "date_end")
    def _check_overlap(self):
        for resource, clash in self._overlapping_rows(["household_id", "resource_type_id"]).items():
            raise ValidationError(
                self.env._(
                    "%(household)s already receives %(resource)s from %(start)s: the periods cannot overlap.",
                    household=resource.household_id.display_name,
                    resource=resource.resource_type_id.name,
                    start=format_date(self.env, clash.date_start),
                )
            )

    @api.model
    def _combinations_by_stay(self, stays, dates):
        """{stay id: sorted tuple of the resource codes its household receives on ``dates[stay id]``}.

        A household counts once, in the row of its combination of resources (DOMAIN §3).
        """
        rows = read_rows(
            self,
            [("household_id", "in", stays.household_id.ids)],
            ["household_id", "resource_type_id", "date_start", "date_end"],
        )
        codes = self.env["imlr.resource.type"]._codes_by_id()
        by_household = {}
        for row in rows:
            by_household.setdefault(row["household_id"], []).append(row)
        return {
            stay.id: tuple(
                sorted(
                    {
                        codes[row["resource_type_id"]]
                        for row in by_household.get(stay.household_id.id, [])
                        if periods.covers(row["date_start"], row["date_end"], dates[stay.id])
                    }
                )
            )
            for stay in stays
        }
