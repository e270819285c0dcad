from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import format_date

from ...tools import periods
from .imlr_support_contract import LIMIT_MONTHS, term_end
from .imlr_support_objective import OPEN_STATES

MANAGER_GROUP = "imlr_odoo.group_imlr_manager"


class ImlrSupportAmendment(models.Model):
    """An avenant: extends a support contract for a new term and revisits its objectives.

    Beyond 18 months of cumulated support, the amendment needs a manager's acknowledgement with a reason.
    Whoever gives the reason, or moves the end of an acknowledged amendment, acknowledges it in their name;
    the constraint then requires that person to be a manager.
    """

    _name = "imlr.support.amendment"
    _inherit = ["mail.thread", "imlr.date.range.mixin"]
    _description = "Support contract amendment"
    _order = "contract_id, date_start, id"

    name = fields.Char(compute="_compute_name", store=True)
    contract_id = fields.Many2one(
        comodel_name="imlr.support.contract", required=True, ondelete="cascade", index=True, tracking=True
    )
    stay_id = fields.Many2one(related="contract_id.stay_id", store=True, index=True)
    household_id = fields.Many2one(related="contract_id.household_id", store=True, index=True)
    program_id = fields.Many2one(related="contract_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    number = fields.Integer(compute="_compute_number", store=True, help="Rank of the amendment in its contract.")
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
        string="End",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
        help="Last day covered by the amendment.",
    )
    date_signature = fields.Date(string="Signed on", tracking=True, copy=False)
    note = fields.Text(string="Assessment", help="Assessment of the past term and what the new one is for.")
    review_ids = fields.One2many(
        comodel_name="imlr.support.objective.review", inverse_name="amendment_id", string="Objective reviews"
    )
    new_objective_ids = fields.One2many(
        comodel_name="imlr.support.objective", inverse_name="amendment_id", string="New objectives"
    )
    duration_months = fields.Integer(
        string="Cumulated duration (months)",
        compute="_compute_limit",
        store=True,
        help="Completed months from the contract's start to the end of this amendment.",
    )
    is_beyond_limit = fields.Boolean(string="Beyond 18 months", compute="_compute_limit", store=True)
    acknowledged_by_id = fields.Many2one(
        comodel_name="res.users", string="Acknowledged by", readonly=True, copy=False, tracking=True
    )
    acknowledgement_reason = fields.Text(string="Reason for extending beyond 18 months", copy=False, tracking=True)
    acknowledgement_date = fields.Date(string="Acknowledged on", readonly=True, copy=False, tracking=True)

    _sql_constraints = [
        ("date_check", "CHECK (date_end >= date_start)", "An amendment must end after it starts."),
        (
            "no_overlap",
            "EXCLUDE USING gist (contract_id WITH =, daterange(date_start, date_end, '[]') WITH &&) "
            "DEFERRABLE INITIALLY DEFERRED",
            "The amendments of a contract cannot overlap.",
        ),
        (
            "acknowledgement_complete",
            "CHECK (acknowledged_by_id IS NULL OR "
            "(acknowledgement_date IS NOT NULL AND COALESCE(acknowledgement_reason, '') != ''))",
            "An acknowledgement has a date and a reason.",
        ),
    ]

    @api.depends("contract_id.name", "number", "company_id")
    def _compute_name(self):
        for amendment in self:
            # a stored name: in the association's language, whoever records the amendment
            amendment.name = amendment.with_context(lang=amendment.company_id._imlr_lang()).env._(
                "Amendment %(number)s — %(contract)s", number=amendment.number, contract=amendment.contract_id.name
            )

    @api.depends("contract_id.amendment_ids.date_start")
    def _compute_number(self):
        for amendment in self:
            earlier = amendment.contract_id.amendment_ids.filtered(
                lambda other, me=amendment: other.date_start and me.date_start and other.date_start < me.date_start
            )
            amendment.number = len(earlier) + 1

    @api.depends("contract_id")
    def _compute_date_start(self):
        for amendment in self:
            if amendment.date_start or not amendment.contract_id:
                continue
            contract = amendment.contract_id
            previous = (contract.amendment_ids - amendment).filtered("date_end")
            amendment.date_start = max([contract.date_end, *previous.mapped("date_end")]) + timedelta(days=1)

    @api.depends("date_start")
    def _compute_date_end(self):
        for amendment in self:
            amendment.date_end = amendment.date_start and term_end(amendment.date_start)

    @api.depends("contract_id.date_start", "date_end")
    def _compute_limit(self):
        for amendment in self:
            start = amendment.contract_id.date_start
            if not (start and amendment.date_end):
                amendment.duration_months, amendment.is_beyond_limit = 0, False
                continue
            amendment.duration_months = periods.completed_months(start, amendment.date_end + timedelta(days=1))
            amendment.is_beyond_limit = amendment.date_end > term_end(start, LIMIT_MONTHS)

    # ------------------------------------------------------------------ acknowledgement

    def _acknowledgement_stamp(self):
        return {"acknowledged_by_id": self.env.uid, "acknowledgement_date": fields.Date.context_today(self)}

    def _check_acknowledger_is_self(self, vals):
        """Only the system (data loading) names another user as the one who acknowledged."""
        if not self.env.su and vals.get("acknowledged_by_id") not in (None, False, self.env.uid):
            raise AccessError(self.env._("You can only acknowledge an extension in your own name."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_acknowledger_is_self(vals)
            if vals.get("acknowledgement_reason"):
                stamp = self._acknowledgement_stamp()
                vals["acknowledged_by_id"] = vals.get("acknowledged_by_id") or stamp["acknowledged_by_id"]
                vals["acknowledgement_date"] = vals.get("acknowledgement_date") or stamp["acknowledgement_date"]
        amendments = super().create(vals_list)
        amendments._create_default_reviews()
        amendments.contract_id._close_end_activities()
        return amendments

    def write(self, vals):
        self._check_acknowledger_is_self(vals)
        to_stamp = self.browse()
        if "acknowledged_by_id" not in vals and "acknowledgement_reason" in vals:
            if vals["acknowledgement_reason"]:
                to_stamp = self
            else:
                vals = {**vals, "acknowledged_by_id": False, "acknowledgement_date": False}
        elif "acknowledged_by_id" not in vals and "date_end" in vals:
            # moving the end of an acknowledged extension is acknowledging it anew
            to_stamp = self.filtered("acknowledgement_reason")
        if to_stamp:
            super(ImlrSupportAmendment, to_stamp).write({**vals, **self._acknowledgement_stamp()})
        others = self - to_stamp
        if others:
            super(ImlrSupportAmendment, others).write(vals)
        if "date_end" in vals:
            self.contract_id._close_end_activities()
        return True

    @api.constrains("contract_id", "date_end", "acknowledged_by_id", "acknowledgement_reason")
    def _check_acknowledgement(self):
        acknowledgers = self.acknowledged_by_id
        managers = acknowledgers.filtered(lambda user: user._has_group(MANAGER_GROUP))
        for amendment in self.filtered("is_beyond_limit"):
            params = {
                "amendment": amendment.display_name,
                "months": amendment.duration_months,
                "limit": LIMIT_MONTHS,
                "user": amendment.acknowledged_by_id.name,
            }
            if not amendment.acknowledged_by_id:
                raise ValidationError(
                    self.env._(
                        "%(amendment)s brings the support to %(months)s months, beyond %(limit)s: "
                        "a manager must acknowledge it with a reason.",
                        **params,
                    )
                )
            if amendment.acknowledged_by_id not in managers:
                raise ValidationError(
                    self.env._(
                        "%(amendment)s brings the support to %(months)s months, beyond %(limit)s: only a "
                        "manager can acknowledge it, and %(user)s is not one.",
                        **params,
                    )
                )

    # ------------------------------------------------------------------ other checks

    @api.constrains("contract_id", "date_start", "date_end")
    def _check_extends_contract(self):
        for amendment in self:
            contract = amendment.contract_id
            if amendment.date_start <= contract.date_start or amendment.date_end <= contract.date_end:
                raise ValidationError(
                    self.env._(
                        "%(amendment)s must extend the support contract, which runs until %(end)s.",
                        amendment=amendment.display_name,
                        end=format_date(self.env, contract.date_end),
                    )
                )
            stay = contract.stay_id
            if stay.date_exit and amendment.date_start >= stay.date_exit:
                raise ValidationError(
                    self.env._(
                        "%(amendment)s starts on %(start)s, after the household left on %(exit)s.",
                        amendment=amendment.display_name,
                        start=format_date(self.env, amendment.date_start),
                        exit=format_date(self.env, stay.date_exit),
                    )
                )

    @api.constrains("contract_id", "date_start", "date_end")
    def _check_overlap(self):
        for amendment, clash in self._overlapping_rows(["contract_id"]).items():
            raise ValidationError(
                self.env._(
                    "%(amendment)s overlaps %(other)s (%(start)s to %(end)s).",
                    amendment=amendment.display_name,
                    other=clash.display_name,
                    start=format_date(self.env, clash.date_start),
                    end=format_date(self.env, clash.date_end),
                )
            )

    # ------------------------------------------------------------------ objectives

    def _prepare_review_vals(self, objective):
        return {"amendment_id": self.id, "objective_id": objective.id, "state": objective.state}

    def _create_default_reviews(self):
        """Each new amendment reviews the contract's open objectives, unless its reviews were given."""
        vals_list = [
            amendment._prepare_review_vals(objective)
            for amendment in self.filtered(lambda a: not a.review_ids)
            for objective in amendment.contract_id.objective_ids
            if objective.state in OPEN_STATES and objective.amendment_id != amendment
        ]
        self.env["imlr.support.objective.review"].create(vals_list)

    def action_load_objectives(self):
        """Add a review line for each objective of the contract not reviewed yet by this amendment."""
        for amendment in self:
            missing = amendment.contract_id.objective_ids - amendment.review_ids.objective_id
            amendment.review_ids = [Command.create(amendment._prepare_review_vals(o)) for o in missing]
