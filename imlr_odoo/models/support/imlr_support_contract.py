from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ...tools import job_lock, periods
from ...tools.cron import in_association_language
from ..housing.imlr_dwelling import TYPOLOGIES

TERM_MONTHS = 6  # the contract, then each amendment, runs six months
LIMIT_MONTHS = 18  # beyond this cumulated duration, a manager acknowledges each extension
SIGNATURE_MONTHS = 1  # the contract is signed within the first month of the stay
END_NOTICE_DAYS = 30  # the referent is reminded of the contract's end this many days ahead


def term_end(date_start, months=TERM_MONTHS):
    """Last day of a term of ``months`` months starting on ``date_start`` (1 Jan + 6 months → 30 Jun)."""
    return date_start + relativedelta(months=months) - timedelta(days=1)


def signature_due(date_entry):
    """Last day of the stay's first month, by which the contract should be signed."""
    return term_end(date_entry, SIGNATURE_MONTHS)


class ImlrSupportContract(models.Model):
    """The contrat d'accompagnement individualisé of a stay.

    Signed in the stay's first month for six months, then extended by amendments (avenants). Its
    cumulated duration should not exceed 18 months: each amendment beyond needs a manager's
    acknowledgement with a reason (see ``imlr.support.amendment``).
    """

    _name = "imlr.support.contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Support contract"
    _order = "date_start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    stay_id = fields.Many2one(comodel_name="imlr.stay", required=True, ondelete="restrict", index=True, tracking=True)
    household_id = fields.Many2one(related="stay_id.household_id", store=True, index=True)
    program_id = fields.Many2one(related="stay_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="stay_id.company_id", store=True, index=True)
    social_worker_id = fields.Many2one(
        comodel_name="res.users",
        string="Referent social worker",
        compute="_compute_social_worker_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    date_start = fields.Date(
        string="Start",
        compute="_compute_date_start",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    date_end = fields.Date(
        string="End of the initial term",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        help="Last day covered by the contract itself, six months after its start; amendments extend it.",
    )
    date_signature = fields.Date(string="Signed on", tracking=True, copy=False)
    date_signature_due = fields.Date(
        string="To sign by",
        compute="_compute_date_signature_due",
        store=True,
        help="Last day of the stay's first month.",
    )
    is_signature_late = fields.Boolean(
        string="Signature late",
        compute="_compute_is_signature_late",
        search="_search_is_signature_late",
        help="Not signed, and the stay's first month is over (today, or the context's date).",
    )
    amendment_ids = fields.One2many(
        comodel_name="imlr.support.amendment", inverse_name="contract_id", string="Amendments"
    )
    amendment_count = fields.Integer(compute="_compute_amendment_count")
    objective_ids = fields.One2many(
        comodel_name="imlr.support.objective", inverse_name="contract_id", string="Objectives"
    )
    date_end_current = fields.Date(
        string="Current end",
        compute="_compute_duration",
        store=True,
        help="Last day covered, amendments included.",
    )
    duration_months = fields.Integer(
        string="Cumulated duration (months)",
        compute="_compute_duration",
        store=True,
        help="Completed months from the start to the current end, amendments included.",
    )
    date_limit = fields.Date(
        string="End of the 18 months",
        compute="_compute_duration",
        store=True,
        help="Last day of the 18 months of support the program provides for; beyond, a manager acknowledges.",
    )
    is_beyond_limit = fields.Boolean(string="Beyond 18 months", compute="_compute_duration", store=True)
    stage = fields.Selection(
        selection=[("to_sign", "To sign"), ("in_force", "In force"), ("ended", "Ended")],
        compute="_compute_stage",
        help="Where the contract stands today (or on the context's date), amendments included.",
    )
    rehousing_towns = fields.Char(string="Wished towns", help="Towns (communes) where the household wishes to live.")
    rehousing_typology = fields.Selection(selection=TYPOLOGIES, string="Wished typology")
    wants_sliding_lease = fields.Boolean(
        string="Bail glissant wanted", help="The household wishes to stay in the dwelling by a glissement de bail."
    )
    rehousing_note = fields.Text(string="Rehousing wish")
    household_contact_ids = fields.Many2many(
        comodel_name="imlr.household.contact",
        compute="_compute_household_contact_ids",
        string="Partner contacts",
    )

    _sql_constraints = [
        ("stay_unique", "UNIQUE (stay_id)", "A stay has one support contract; extend it by amendments."),
        ("date_check", "CHECK (date_end >= date_start)", "A support contract must end after it starts."),
    ]

    @api.depends("household_id.name", "date_start", "company_id")
    def _compute_name(self):
        for contract in self:
            start = contract.company_id._imlr_format_date(contract.date_start)
            contract.name = f"{contract.household_id.name or ''} ({start})"

    @api.depends("date_signature", "date_end_current")
    @api.depends_context("date")
    def _compute_stage(self):
        today = self._imlr_today()
        for contract in self:
            if not contract.date_signature:
                contract.stage = "to_sign"
            else:
                ended = contract.date_end_current and contract.date_end_current < today
                contract.stage = "ended" if ended else "in_force"

    @api.depends("stay_id")
    def _compute_social_worker_id(self):
        for contract in self:
            contract.social_worker_id = contract.stay_id.social_worker_id or contract.social_worker_id

    @api.depends("stay_id")
    def _compute_date_start(self):
        for contract in self:
            contract.date_start = contract.stay_id.date_entry or contract.date_start

    @api.depends("date_start")
    def _compute_date_end(self):
        for contract in self:
            contract.date_end = contract.date_start and term_end(contract.date_start)

    @api.depends("stay_id.date_entry")
    def _compute_date_signature_due(self):
        for contract in self:
            entry = contract.stay_id.date_entry
            contract.date_signature_due = entry and signature_due(entry)

    @api.depends_context("date")
    @api.depends("date_signature", "date_signature_due")
    def _compute_is_signature_late(self):
        today = self._imlr_today()
        for contract in self:
            contract.is_signature_late = bool(
                not contract.date_signature and contract.date_signature_due and contract.date_signature_due < today
            )

    def _search_is_signature_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on the late signature."))
        late = [("date_signature", "=", False), ("date_signature_due", "<", self._imlr_today())]
        return late if (operator == "=") == value else ["!", *late]

    @api.depends("amendment_ids")
    def _compute_amendment_count(self):
        for contract in self:
            contract.amendment_count = len(contract.amendment_ids)

    @api.depends("date_start", "date_end", "amendment_ids.date_end")
    def _compute_duration(self):
        for contract in self:
            if not (contract.date_start and contract.date_end):
                contract.update(
                    {"date_end_current": False, "duration_months": 0, "date_limit": False, "is_beyond_limit": False}
                )
                continue
            end = max([contract.date_end, *contract.amendment_ids.mapped("date_end")])
            limit = term_end(contract.date_start, LIMIT_MONTHS)
            contract.date_end_current = end
            contract.duration_months = periods.completed_months(contract.date_start, end + timedelta(days=1))
            contract.date_limit = limit
            contract.is_beyond_limit = end > limit

    @api.depends("household_id")
    def _compute_household_contact_ids(self):
        contacts = self.env["imlr.household.contact"].search([("household_id", "in", self.household_id.ids)])
        for contract in self:
            contract.household_contact_ids = contacts.filtered(lambda c, h=contract.household_id: c.household_id == h)

    def _members_at(self, date):
        """The household's members on ``date`` (reference person first), for the printed documents."""
        self.ensure_one()
        members = self.household_id.household_member_ids.filtered(lambda member: member._is_active_at(date))
        order = {"reference": 0, "spouse": 1, "other_adult": 2, "child": 3}
        return members.sorted(lambda member: (order.get(member.role, 9), member.birthdate or date))

    def _imlr_today(self):
        return fields.Date.to_date(self.env.context.get("date")) or fields.Date.context_today(self)

    # ------------------------------------------------------------------ constraints

    @api.constrains("stay_id", "date_start")
    def _check_within_stay(self):
        for contract in self:
            stay = contract.stay_id
            if contract.date_start < stay.date_entry or (stay.date_exit and contract.date_start >= stay.date_exit):
                raise ValidationError(
                    self.env._(
                        "The support contract %(contract)s must start during the stay of %(household)s "
                        "(entry on %(entry)s).",
                        contract=contract.display_name,
                        household=stay.household_id.display_name,
                        entry=format_date(self.env, stay.date_entry),
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_initial_term(self):
        for contract in self:
            if contract.date_end > term_end(contract.date_start, LIMIT_MONTHS):
                raise ValidationError(
                    self.env._(
                        "The initial term of the support contract %(contract)s ends on %(end)s, beyond "
                        "%(limit)s months: extend the contract by amendments instead.",
                        contract=contract.display_name,
                        end=format_date(self.env, contract.date_end),
                        limit=LIMIT_MONTHS,
                    )
                )
        # moving the contract's start moves the 18 months: the amendments are checked again
        self.amendment_ids._check_acknowledgement()

    # ------------------------------------------------------------------ signature

    @api.model_create_multi
    def create(self, vals_list):
        contracts = super().create(vals_list)
        contracts.filtered("date_signature")._close_signature_activities()
        return contracts

    def write(self, vals):
        result = super().write(vals)
        if vals.get("date_signature"):
            self._close_signature_activities()
        return result

    def action_sign_today(self):
        self.filtered(lambda contract: not contract.date_signature).date_signature = self._imlr_today()

    def _close_signature_activities(self):
        """The contract is signed: the reminder on its stay is done."""
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "imlr.stay"),
                ("res_id", "in", self.stay_id.ids),
                ("activity_type_id", "=", self.env.ref("imlr_odoo.mail_activity_type_support_signature").id),
            ]
        )
        if activities:
            activities.action_feedback(feedback=self.env._("Support contract signed."))

    def _close_end_activities(self):
        """An amendment moved the end: the reminders of a former end are done."""
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", self.env.ref("imlr_odoo.mail_activity_type_support_contract_end").id),
            ]
        )
        outdated = activities.filtered(
            lambda activity: activity.date_deadline < self.browse(activity.res_id).date_end_current
        )
        if outdated:
            outdated.action_feedback(feedback=self.env._("Support contract extended by an amendment."))

    # ------------------------------------------------------------------ actions

    def action_new_amendment(self):
        """Open a new amendment extending the contract for another term."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_support_amendment_action")
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "context": {"default_contract_id": self.id},
            }
        )
        return action

    def action_open_amendments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_support_amendment_action")
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    # ------------------------------------------------------------------ cron

    @api.model
    @in_association_language
    def _cron_schedule_activities(self):
        """Daily: remind the referents of unsigned contracts and of contracts coming to their end."""
        if not job_lock.acquire(self.env.cr, "imlr.support.contract.activities"):
            return
        today = fields.Date.context_today(self)
        self._schedule_signature_activities(today)
        self._schedule_end_activities(today)

    @api.model
    def _schedule_signature_activities(self, today):
        """An activity on each stay present on ``today`` whose first month is over without a signed
        contract. Safe to run twice: a stay that has (or had) the activity for its contract gets none."""
        signed = self._search([("date_signature", "!=", False)])
        stays = self.env["imlr.stay"].search(
            [
                *self.env["imlr.stay"]._domain_present_at(today),
                ("date_entry", "<", today - timedelta(days=27)),
                ("id", "not in", signed.subselect("stay_id")),
            ]
        )
        stays = stays.filtered(lambda stay: signature_due(stay.date_entry) < today)
        activity_type = self.env.ref("imlr_odoo.mail_activity_type_support_signature")
        planned = self._planned_activity_ids("imlr.stay", stays.ids, activity_type)
        self._create_activities(
            "imlr.stay",
            activity_type,
            [
                {
                    "res_id": stay.id,
                    "date_deadline": signature_due(stay.date_entry),
                    "summary": self.env._("Support contract not signed within the first month"),
                    "user_id": stay.social_worker_id.id or self.env.user.id,
                }
                for stay in stays
                if stay.id not in planned
            ],
        )

    @api.model
    def _domain_ending_soon(self, today):
        """Contracts whose current end comes within the notice period, for a stay still present on ``today``."""
        return [
            ("date_end_current", ">=", today),
            ("date_end_current", "<=", today + timedelta(days=END_NOTICE_DAYS)),
            ("stay_id", "any", self.env["imlr.stay"]._domain_present_at(today)),
        ]

    @api.model
    def _schedule_end_activities(self, today):
        """An activity on each contract whose current end comes within the notice period, for its stay still
        present: an amendment or the exit must be prepared. Safe to run twice: one activity per end date."""
        contracts = self.search(self._domain_ending_soon(today))
        activity_type = self.env.ref("imlr_odoo.mail_activity_type_support_contract_end")
        planned = self._planned_activity_ids("imlr.support.contract", contracts.ids, activity_type, by_deadline=True)
        self._create_activities(
            "imlr.support.contract",
            activity_type,
            [
                {
                    "res_id": contract.id,
                    "date_deadline": contract.date_end_current,
                    "summary": self.env._(
                        "Support contract ends on %(date)s: amendment or exit", date=contract.date_end_current
                    ),
                    "user_id": contract.social_worker_id.id or self.env.user.id,
                }
                for contract in contracts
                if (contract.id, contract.date_end_current) not in planned
            ],
        )

    @api.model
    def _planned_activity_ids(self, res_model, res_ids, activity_type, by_deadline=False):
        """Records (or (record, deadline) pairs) that have, or had (activity types keep the done ones), an
        activity of that type: one search for the batch."""
        activities = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search_read(
                [("res_model", "=", res_model), ("res_id", "in", res_ids), ("activity_type_id", "=", activity_type.id)],
                ["res_id", "date_deadline"],
            )
        )
        if by_deadline:
            return {(activity["res_id"], activity["date_deadline"]) for activity in activities}
        return {activity["res_id"] for activity in activities}

    @api.model
    def _create_activities(self, res_model, activity_type, vals_list):
        """Create the activities of a batch in one call."""
        if not vals_list:
            return self.env["mail.activity"]
        res_model_id = self.env["ir.model"]._get_id(res_model)
        return self.env["mail.activity"].create(
            [{"res_model_id": res_model_id, "activity_type_id": activity_type.id, **vals} for vals in vals_list]
        )
