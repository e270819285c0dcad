from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ...tools import periods


def in_eviction_at(stages, date):
    """Whether an eviction procedure is going on at ``date``: its last stage by then is not "closed".
    ``stages``: the stay's eviction stages (records or rows with date, stage, id)."""
    stages = sorted((stage for stage in stages if stage.date <= date), key=lambda stage: (stage.date, stage.id))
    return bool(stages) and stages[-1].stage != "closed"


def reinforced_during(support_periods, date_from, date_to):
    """Whether one of the reinforced-support periods (with date_start, date_end) meets [date_from, date_to]."""
    return any(periods.covered_days(p.date_start, p.date_end, date_from, date_to) for p in support_periods)


class ImlrStay(models.Model):
    """A household's stay (prise en charge) in a program.

    ``date_exit`` is the day the household left: the first day it is no longer supported.
    """

    _name = "imlr.stay"
    _inherit = ["mail.thread", "mail.activity.mixin", "imlr.date.range.mixin"]
    _description = "Stay"
    _check_company_auto = True
    _order = "date_entry desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    reference = fields.Char(copy=False, index=True, help="Reference used by spreadsheet imports.")
    household_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_household", "=", True)],
        tracking=True,
        check_company=True,
    )
    program_id = fields.Many2one(
        comodel_name="imlr.program",
        required=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.ref("imlr_odoo.imlr_program_imlr", raise_if_not_found=False),
    )
    orientation_id = fields.Many2one(
        comodel_name="imlr.orientation",
        domain="[('household_id', '=', household_id)]",
        tracking=True,
        check_company=True,
    )
    date_entry = fields.Date(string="Entry", required=True, tracking=True)
    date_exit = fields.Date(string="Exit", tracking=True, help="Day the household left: first day no longer supported.")
    entry_situation_id = fields.Many2one(comodel_name="imlr.entry.situation", string="Situation before entry")
    exit_destination_id = fields.Many2one(
        comodel_name="imlr.exit.destination", string="Exit destination", tracking=True
    )
    is_glissement = fields.Boolean(string="Glissement de bail", tracking=True)
    social_worker_id = fields.Many2one(
        comodel_name="res.users",
        string="Referent social worker",
        tracking=True,
        default=lambda self: self._default_social_worker(),
    )
    reinforced_support_ids = fields.One2many(
        comodel_name="imlr.reinforced.support", inverse_name="stay_id", string="Reinforced support"
    )
    eviction_stage_ids = fields.One2many(
        comodel_name="imlr.eviction.stage", inverse_name="stay_id", string="Eviction procedure"
    )
    sublease_ids = fields.One2many(comodel_name="imlr.sublease", inverse_name="stay_id", string="Subleases")
    member_ids = fields.One2many(related="household_id.household_member_ids", string="Members")
    company_id = fields.Many2one(comodel_name="res.company", default=lambda self: self.env.company, index=True)
    stage = fields.Selection(
        selection=[("upcoming", "Upcoming"), ("present", "Present"), ("exited", "Exited")],
        compute="_compute_stage",
        help="Where the stay stands today (or on the context's date).",
    )

    _sql_constraints = [
        ("reference_unique", "UNIQUE (reference, company_id)", "This stay reference already exists."),
        ("date_check", "CHECK (date_exit IS NULL OR date_exit > date_entry)", "A stay must end after it starts."),
        (
            "exit_fields_need_exit",
            "CHECK (date_exit IS NOT NULL OR (exit_destination_id IS NULL AND NOT COALESCE(is_glissement, FALSE)))",
            "An exit destination or a glissement de bail needs an exit date.",
        ),
        (
            "no_overlap",
            "EXCLUDE USING gist (household_id WITH =, program_id WITH =, "
            "daterange(date_entry, date_exit, '[)') WITH &&) DEFERRABLE INITIALLY DEFERRED",
            "A household has one stay at a time in a program.",
        ),
    ]

    @api.model
    def _default_social_worker(self):
        """The social worker who records the stay is, most often, its referent."""
        user = self.env.user
        if user._is_superuser() or not user.has_group("imlr_odoo.group_imlr_social_worker"):
            return self.env["res.users"]  # imports and the demo name no referent by default
        return user

    @api.model_create_multi
    def create(self, vals_list):
        stays = super().create(vals_list)
        stays.orientation_id._mark_admitted()
        return stays

    def write(self, vals):
        if "company_id" in vals:
            moved = self.filtered(lambda stay: stay.sublease_ids and stay.company_id.id != vals["company_id"])
            if moved:
                # its subleases' places, rents and invoices belong to the company: a stay does not move with them
                raise UserError(
                    self.env._(
                        "The stay %(stay)s has subleases in %(company)s: its company cannot change. End it and "
                        "open a new stay in the other company.",
                        stay=moved[0].display_name,
                        company=moved[0].company_id.display_name,
                    )
                )
        return super().write(vals)

    @api.depends("household_id.name", "date_entry", "program_id.code", "company_id")
    def _compute_name(self):
        for stay in self:
            entry = stay.company_id._imlr_format_date(stay.date_entry)
            stay.name = f"{stay.household_id.name or ''} — {stay.program_id.code or ''} {entry}"

    @api.depends("date_entry", "date_exit")
    @api.depends_context("date")
    def _compute_stage(self):
        today = fields.Date.to_date(self.env.context.get("date")) or fields.Date.context_today(self)
        for stay in self:
            if not stay.date_entry or stay.date_entry > today:
                stay.stage = "upcoming"
            else:
                stay.stage = "exited" if stay.date_exit and stay.date_exit <= today else "present"

    def _is_present_at(self, date):
        self.ensure_one()
        return periods.is_present(self.date_entry, self.date_exit, date)

    # --- the populations of the counting rules (DOMAIN §3), as domains

    @api.model
    def _domain_present_at(self, date):
        return [("date_entry", "<=", date), "|", ("date_exit", "=", False), ("date_exit", ">", date)]

    @api.model
    def _domain_entered(self, date_from, date_to):
        return [("date_entry", ">=", date_from), ("date_entry", "<=", date_to)]

    @api.model
    def _domain_exited(self, date_from, date_to):
        return [("date_exit", ">=", date_from), ("date_exit", "<=", date_to)]

    @api.constrains("household_id", "program_id", "date_entry", "date_exit")
    def _check_overlap(self):
        overlapping = self._overlapping_rows(
            ["household_id", "program_id"], closed=False, start_field="date_entry", end_field="date_exit"
        )
        for stay, clash in overlapping.items():
            raise ValidationError(
                self.env._(
                    "%(household)s already has a stay in %(program)s from %(start)s: stays cannot overlap.",
                    household=stay.household_id.display_name,
                    program=stay.program_id.name,
                    start=format_date(self.env, clash.date_entry),
                )
            )

    @api.constrains("date_entry", "date_exit")
    def _check_subleases_inside(self):
        for stay in self:
            for sublease in stay.sublease_ids:
                sublease._check_within_stay()

    def _last_covered_day(self):
        """The last day of support (the exit date is the first day without)."""
        self.ensure_one()
        return self.date_exit - timedelta(days=1) if self.date_exit else None

    def _in_eviction_at(self, date):
        self.ensure_one()
        return in_eviction_at(self.eviction_stage_ids, date)

    def _reinforced_overlaps(self, date_from, date_to):
        """Reinforced support during [date_from, date_to] (both included)."""
        self.ensure_one()
        return reinforced_during(self.reinforced_support_ids, date_from, date_to)
