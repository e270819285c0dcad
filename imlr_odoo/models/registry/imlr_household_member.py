from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ...tools import periods

ROLES = [
    ("reference", "Reference person"),
    ("spouse", "Spouse / partner"),
    ("child", "Child"),
    ("other_adult", "Other adult"),
]


class ImlrHouseholdMember(models.Model):
    """A person's dated membership of a household.

    ``date_end`` is the day the person left: the first day no longer in the household.
    """

    _name = "imlr.household.member"
    _inherit = ["imlr.date.range.mixin"]
    _description = "Household membership"
    _order = "household_id, date_start, role, id"
    _rec_name = "partner_id"

    household_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_household", "=", True)],
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person",
        required=True,
        ondelete="restrict",
        index=True,
        domain=[("is_imlr_person", "=", True)],
    )
    role = fields.Selection(selection=ROLES, required=True, default="reference")
    date_start = fields.Date(string="From", required=True, default=lambda self: self._default_date_start())
    date_end = fields.Date(string="Left on", help="First day the person is no longer in the household.")
    start_reason = fields.Selection(
        selection=[
            ("entry", "Present at entry"),
            ("birth", "Birth"),
            ("reunification", "Family reunification / joining"),
            ("other", "Other"),
        ],
        required=True,
        default="entry",
    )
    end_reason = fields.Selection(selection=[("departure", "Departure"), ("death", "Death"), ("other", "Other")])
    birthdate = fields.Date(related="partner_id.birthdate")
    gender = fields.Selection(related="partner_id.gender")

    _sql_constraints = [
        ("date_check", "CHECK (date_end IS NULL OR date_end > date_start)", "A member must leave after arriving."),
        (
            "end_reason_check",
            "CHECK (end_reason IS NULL OR date_end IS NOT NULL)",
            "A reason for leaving needs the date the member left.",
        ),
        (
            "one_reference_person",
            "EXCLUDE USING gist (household_id WITH =, daterange(date_start, date_end, '[)') WITH &&) "
            "WHERE (role = 'reference') DEFERRABLE INITIALLY DEFERRED",
            "A household has one reference person at a time.",
        ),
        (
            "no_overlap",
            "EXCLUDE USING gist (household_id WITH =, partner_id WITH =, "
            "daterange(date_start, date_end, '[)') WITH &&) DEFERRABLE INITIALLY DEFERRED",
            "A person cannot be twice a member of the same household at the same time.",
        ),
    ]

    @api.model
    def _default_date_start(self):
        """The entry of the household's current stay while it has no member yet (those present at entry),
        else today: a new line is never left without its start, which would make the list drop it."""
        household = self.env["res.partner"].browse(self.env.context.get("default_household_id"))
        today = fields.Date.context_today(self)
        if household and not household.household_member_ids:
            stays = household.stay_ids.filtered(lambda stay: stay.date_entry <= today)
            if stays:
                return max(stays.mapped("date_entry"))
        return today

    @api.model
    def _domain_active_at(self, date):
        return [("date_start", "<=", date), "|", ("date_end", "=", False), ("date_end", ">", date)]

    def _is_active_at(self, date):
        self.ensure_one()
        return periods.is_present(self.date_start, self.date_end, date)

    @api.constrains("household_id", "partner_id", "role", "date_start", "date_end")
    def _check_overlap(self):
        for member, clash in self._overlapping_rows(["household_id", "partner_id"], closed=False).items():
            raise ValidationError(
                self.env._(
                    "%(person)s is already a member of %(household)s from %(start)s: memberships cannot overlap.",
                    person=member.partner_id.display_name,
                    household=member.household_id.display_name,
                    start=format_date(self.env, clash.date_start),
                )
            )
        references = self.filtered(lambda member: member.role == "reference")
        reference_domain = [("role", "=", "reference")]
        for member, clash in references._overlapping_rows(["household_id"], False, domain=reference_domain).items():
            raise ValidationError(
                self.env._(
                    "%(household)s already has a reference person (%(other)s) on these dates; "
                    "end that membership before making %(person)s the reference person.",
                    household=member.household_id.display_name,
                    other=clash.partner_id.display_name,
                    person=member.partner_id.display_name,
                )
            )

    @api.constrains("household_id", "partner_id")
    def _check_partner_kinds(self):
        for member in self:
            if not member.household_id.is_household:
                raise ValidationError(self.env._("%s is not a household.", member.household_id.display_name))
            if not member.partner_id.is_imlr_person:
                raise ValidationError(self.env._("%s is not a supported person.", member.partner_id.display_name))
