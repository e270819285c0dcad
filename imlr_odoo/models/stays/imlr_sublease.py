from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_date, mute_logger

# the exclusion constraint of _sql_constraints ("no_overlap"), as PostgreSQL names it
OVERLAP_CONSTRAINT = "imlr_sublease_no_overlap"


class ImlrSublease(models.Model):
    """A contrat de sous-location: a place let to a household during its stay."""

    _name = "imlr.sublease"
    _inherit = ["mail.thread", "mail.activity.mixin", "imlr.date.range.mixin"]
    _description = "Sublease"
    # the sublease is in its stay's company: its place must be too (no check on the stay, which sets it)
    _check_company_auto = True
    _order = "date_start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    stay_id = fields.Many2one(comodel_name="imlr.stay", required=True, ondelete="restrict", index=True, tracking=True)
    household_id = fields.Many2one(related="stay_id.household_id", store=True, index=True)
    place_id = fields.Many2one(
        comodel_name="imlr.place", required=True, ondelete="restrict", index=True, tracking=True, check_company=True
    )
    dwelling_id = fields.Many2one(related="place_id.dwelling_id", store=True, index=True)
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", tracking=True, help="Last day covered by the sublease.")
    rent = fields.Monetary(required=True, tracking=True)
    charges = fields.Monetary(string="Charges (provision)", tracking=True)
    apl_expected = fields.Monetary(
        string="Expected APL", help="Monthly housing benefit paid by the CAF (tiers payant)."
    )
    deposit = fields.Monetary(string="Security deposit")
    currency_id = fields.Many2one(related="company_id.currency_id")
    company_id = fields.Many2one(related="stay_id.company_id", store=True)
    stage = fields.Selection(
        selection=[("upcoming", "Upcoming"), ("in_force", "In force"), ("ended", "Ended")],
        compute="_compute_stage",
        help="Where the sublease stands today (or on the context's date).",
    )
    missing_lease_message = fields.Char(
        string="Main lease to create",
        compute="_compute_missing_lease_message",
        help="Set when no main lease of the place's dwelling covers the start: the lease to create first.",
    )

    _sql_constraints = [
        ("date_check", "CHECK (date_end IS NULL OR date_end >= date_start)", "A sublease must end after it starts."),
        (
            "amounts_positive",
            "CHECK (rent >= 0 AND COALESCE(charges, 0) >= 0 AND COALESCE(apl_expected, 0) >= 0 "
            "AND COALESCE(deposit, 0) >= 0)",
            "Rent, charges, APL and deposit cannot be negative.",
        ),
        (
            "no_overlap",
            "EXCLUDE USING gist (place_id WITH =, daterange(date_start, date_end, '[]') WITH &&) "
            "DEFERRABLE INITIALLY DEFERRED",
            "A place cannot be sub-let twice over the same days.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        subleases = super().create(vals_list)
        subleases._check_overlap_committed()
        return subleases

    def write(self, vals):
        result = super().write(vals)
        if "stay_id" in vals:
            # Odoo checks the place when it is written: a sublease moved to a stay of another company also needs it
            self._check_company(["place_id"])
        if {"place_id", "date_start", "date_end"} & set(vals):
            self._check_overlap_committed()
        return result

    def _check_overlap_committed(self):
        """Two users saving overlapping subleases at once both pass ``_check_overlap`` (neither sees the
        other's row); the deferred exclusion constraint would then fail at commit, with a traceback. Check it
        now instead: PostgreSQL waits for the other transaction, and its sublease is named in the message."""
        self.env.flush_all()
        cr = self.env.cr
        constraint = SQL.identifier(OVERLAP_CONSTRAINT)
        try:
            # the refusal is expected and explained: not logged as a bad query
            with mute_logger("odoo.sql_db"), cr.savepoint(flush=False):
                cr.execute(SQL("SET CONSTRAINTS %s IMMEDIATE", constraint))
        except pg_errors.ExclusionViolation:
            raise ValidationError(self._overlap_committed_message()) from None
        finally:
            cr.execute(SQL("SET CONSTRAINTS %s DEFERRED", constraint))

    def _overlap_committed_message(self):
        """The sentence naming the sublease another user committed meanwhile: this transaction's snapshot does
        not see it, a fresh cursor does."""
        with self.env.registry.cursor() as cr:
            # sudo: reads the place, household and dates of the rival sublease, to name it in the refusal
            fresh = self.with_env(self.env(cr=cr, su=True))
            for sublease in self:
                rival = fresh.search(
                    [
                        ("place_id", "=", sublease.place_id.id),
                        ("id", "!=", sublease.id),
                        *self._domain_overlapping(sublease.date_start, sublease.date_end),
                    ],
                    limit=1,
                )
                if rival:
                    return self.env._(
                        "%(place)s was sub-let to %(household)s from %(start)s by another user in the meantime: "
                        "two subleases of a place cannot overlap.",
                        place=sublease.place_id.display_name,
                        household=rival.household_id.display_name,
                        start=format_date(self.env, rival.date_start),
                    )
        return self.env._("A place cannot be sub-let twice over the same days.")

    @api.depends("place_id.name", "household_id.name", "date_start", "company_id")
    def _compute_name(self):
        for sublease in self:
            start = sublease.company_id._imlr_format_date(sublease.date_start)
            sublease.name = f"{sublease.place_id.name or ''} — {sublease.household_id.name or ''} ({start})"

    @api.depends("date_start", "date_end")
    @api.depends_context("date")
    def _compute_stage(self):
        today = fields.Date.to_date(self.env.context.get("date")) or fields.Date.context_today(self)
        for sublease in self:
            if not sublease.date_start or sublease.date_start > today:
                sublease.stage = "upcoming"
            else:
                sublease.stage = "ended" if sublease.date_end and sublease.date_end < today else "in_force"

    @api.depends("place_id", "date_start")
    def _compute_missing_lease_message(self):
        for sublease in self:
            dwelling = sublease.place_id.dwelling_id
            start = sublease.date_start
            covered = (
                not dwelling
                or not start
                or dwelling.lease_ids.filtered(
                    lambda lease, start=start: (
                        lease.date_start <= start and (not lease.date_end or lease.date_end >= start)
                    )
                )
            )
            sublease.missing_lease_message = (
                False
                if covered
                else self.env._(
                    "No main lease of %(dwelling)s covers %(date)s: create the main lease of %(dwelling)s from "
                    "%(date)s first (the place's form has a button for it), or choose a free place.",
                    dwelling=dwelling.display_name,
                    date=sublease.company_id._imlr_format_date(start) or start,
                )
            )

    @api.onchange("stay_id")
    def _onchange_stay_id_date_start(self):
        """A sublease starts, most often, on the day the household enters."""
        if self.stay_id and not self.date_start:
            self.date_start = self.stay_id.date_entry

    @api.onchange("place_id")
    def _onchange_place_id_amounts(self):
        """The rent and charges of a new sublease: the place's (or dwelling's) last ones, else the main lease's
        share per place; typed amounts are kept."""
        if self.place_id and not self.rent and not self.charges:
            date = self.date_start or fields.Date.context_today(self)
            self.rent, self.charges = self.place_id._origin._imlr_usual_amounts(date)

    @api.constrains("place_id", "date_start", "date_end")
    def _check_overlap(self):
        for sublease, clash in self._overlapping_rows(["place_id"]).items():
            raise ValidationError(
                self.env._(
                    "%(place)s is already sub-let to %(household)s from %(start)s: "
                    "two subleases of a place cannot overlap.",
                    place=sublease.place_id.display_name,
                    household=clash.household_id.display_name,
                    start=format_date(self.env, clash.date_start),
                )
            )

    @api.constrains("stay_id", "date_start", "date_end")
    def _check_within_stay(self):
        for sublease in self:
            stay = sublease.stay_id
            last_day = stay._last_covered_day()
            if sublease.date_start < stay.date_entry or (
                last_day and (not sublease.date_end or sublease.date_end > last_day)
            ):
                values = {
                    "sublease": sublease.display_name,
                    "household": stay.household_id.display_name,
                    "entry": format_date(self.env, stay.date_entry),
                    "last_day": format_date(self.env, last_day) if last_day else "",
                }
                if last_day:
                    message = self.env._(
                        "Sublease %(sublease)s must lie within the stay of %(household)s "
                        "(from %(entry)s to %(last_day)s).",
                        **values,
                    )
                else:
                    message = self.env._(
                        "Sublease %(sublease)s must lie within the stay of %(household)s (from %(entry)s).", **values
                    )
                raise ValidationError(message)

    @api.constrains("place_id", "date_start", "date_end")
    def _check_within_lease_and_not_blocked(self):
        for sublease in self:
            dwelling = sublease.place_id.dwelling_id
            lease = dwelling.lease_ids.filtered(
                lambda lease, s=sublease: (
                    lease.date_start <= s.date_start
                    and (not lease.date_end or (s.date_end and s.date_end <= lease.date_end))
                )
            )
            if not lease:
                raise ValidationError(
                    self.env._(
                        "Sublease %(sublease)s must lie within a main lease of %(dwelling)s.",
                        sublease=sublease.display_name,
                        dwelling=dwelling.display_name,
                    )
                )
            blocks = sublease.place_id.block_ids.filtered_domain(
                self.env["imlr.place.block"]._domain_overlapping(sublease.date_start, sublease.date_end)
            )
            if blocks:
                raise ValidationError(
                    self.env._(
                        "%(place)s is blocked from %(start)s to %(end)s (%(reason)s): it cannot be sub-let then.",
                        place=sublease.place_id.display_name,
                        start=format_date(self.env, blocks[0].date_start),
                        end=format_date(self.env, blocks[0].date_end),
                        reason=blocks[0].reason,
                    )
                )
