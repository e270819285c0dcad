"""Échéancier / plan d'apurement: a household's overdue debt repaid in monthly instalments (rents issue, item 5).

The plan does not keep accounts of its own: the debt is the residual of the overdue receivable lines when the
plan is made, and what has been repaid is read from Odoo's reconciliation (account.partial.reconcile) of the
plan's invoices with payments and credits dated on or after the plan's start.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ...tools import job_lock
from ...tools.cron import in_association_language

# at most 3 years of monthly instalments (the usual ceiling of a plan d'apurement)
MAX_INSTALMENTS = 36


class ImlrRepaymentPlan(models.Model):
    _name = "imlr.repayment.plan"
    _description = "Repayment plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    household_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain="[('is_household', '=', True)]",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="The rent manager who follows the plan: late instalments are scheduled as activities for them.",
    )
    date_start = fields.Date(
        string="Start date",
        required=True,
        readonly=True,
        help="Payments and credits dated from this day on, reconciled with the covered invoices, repay the plan.",
    )
    debt = fields.Monetary(
        required=True,
        readonly=True,
        help="The household's overdue balance when the plan was made: the sum of the instalments.",
    )
    move_ids = fields.Many2many(
        comodel_name="account.move",
        relation="imlr_repayment_plan_account_move_rel",
        column1="plan_id",
        column2="move_id",
        string="Covered invoices",
        readonly=True,
        copy=False,
        help="The overdue invoices the plan repays, as they were when the plan was made.",
    )
    debt_ids = fields.One2many(
        comodel_name="imlr.repayment.plan.debt",
        inverse_name="plan_id",
        string="Months repaid",
        readonly=True,
        copy=False,
        help="The months whose rent was overdue and unpaid when the plan was made, with what was unpaid of each.",
    )
    instalment_ids = fields.One2many(
        comodel_name="imlr.repayment.instalment", inverse_name="plan_id", string="Instalments", copy=True
    )
    instalment_count = fields.Integer(compute="_compute_instalment_count", string="Number of instalments")
    # Stored: draft and cancelled are decisions; closed records when the debt was cleared. The reconciliation
    # hooks (account.partial.reconcile) and the daily cron keep "closed" true both ways.
    state = fields.Selection(
        selection=[("draft", "Draft"), ("active", "Active"), ("closed", "Closed"), ("cancelled", "Cancelled")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    date_closed = fields.Date(string="Closed on", readonly=True, copy=False)
    note = fields.Text()
    amount_repaid = fields.Monetary(
        compute="_compute_amounts",
        string="Repaid",
        help="Reconciled with the covered invoices by payments or credits dated on or after the start date.",
    )
    amount_remaining = fields.Monetary(compute="_compute_amounts", string="Remaining")
    amount_late = fields.Monetary(compute="_compute_amounts", string="Late amount")
    is_late = fields.Boolean(compute="_compute_amounts", search="_search_is_late", string="Late")

    _sql_constraints = [
        ("debt_positive", "CHECK (debt > 0)", "The debt of a repayment plan must be positive."),
    ]

    def init(self):
        res = super().init()
        # one plan in progress (draft or active) per household
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS imlr_repayment_plan_household_open_uniq
                   ON imlr_repayment_plan (household_id) WHERE state IN ('draft', 'active')"""
            )
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                sequences = self.env["ir.sequence"].with_context(ir_sequence_date=vals.get("date_start"))
                vals["name"] = sequences.next_by_code("imlr.repayment.plan") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------ computes

    def _imlr_today(self):
        """Today, or the context's ``date`` (tests, reports at a date)."""
        return fields.Date.to_date(self.env.context.get("date")) or fields.Date.context_today(self)

    @api.depends("instalment_ids")
    def _compute_instalment_count(self):
        for plan in self:
            plan.instalment_count = len(plan.instalment_ids)

    def _repaid_amounts(self):
        """{plan id: amount repaid} at today (or the context's ``date``): the debt less the household's overdue
        debt now, between 0 and the debt. The household's payments pay its oldest debts first (the rule of
        imputation of the reconciliation): paying the rent of the month and the instalment lowers the overdue
        debt by the instalment; missing a month's share raises it again. The APL the CAF has still to pay
        is not the household's debt (see imlr.household.arrears). One query for the whole set."""
        plans = self.filtered(lambda plan: isinstance(plan.id, int) and plan.household_id)
        if not plans:
            return {}
        overdue = self.env["imlr.household.arrears"]._overdue_at(
            self._imlr_today(), plans.household_id, plans.company_id
        )
        return {
            plan.id: min(max(plan.debt - overdue.get((plan.household_id.id, plan.company_id.id), 0.0), 0.0), plan.debt)
            for plan in plans
        }

    @api.depends_context("date")
    @api.depends("debt", "date_start", "move_ids", "instalment_ids.amount", "instalment_ids.date_due")
    def _compute_amounts(self):
        repaid = self._repaid_amounts()
        today = self._imlr_today()
        for plan in self:
            plan.amount_repaid = plan.currency_id.round(repaid.get(plan.id, 0.0))
            plan.amount_remaining = plan.currency_id.round(plan.debt - plan.amount_repaid)
            late = sum(
                amount - paid
                for instalment, (amount, paid) in plan._allocate(plan.amount_repaid).items()
                if instalment.date_due and instalment.date_due < today and paid < amount
            )
            plan.amount_late = plan.currency_id.round(late) if plan.state == "active" else 0.0
            plan.is_late = plan.state == "active" and plan.currency_id.compare_amounts(plan.amount_late, 0) > 0

    def _allocate(self, repaid):
        """{instalment: (amount, paid)}: ``repaid`` spread over the instalments in their order."""
        self.ensure_one()
        allocation = {}
        left = repaid
        for instalment in self.instalment_ids.sorted(lambda line: (line.sequence, line.id or 0)):
            paid = self.currency_id.round(max(min(instalment.amount, left), 0.0))
            allocation[instalment] = (instalment.amount, paid)
            left -= paid
        return allocation

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the late repayment plans."))
        late = self.search([("state", "=", "active")]).filtered("is_late")
        return [("id", "in" if (operator == "=") == value else "not in", late.ids)]

    # ------------------------------------------------------------------ checks

    @api.constrains("instalment_ids", "date_start")
    def _check_instalments(self):
        """Every instalment falls due within 36 months of the start (their number is bounded in PostgreSQL)."""
        for plan in self:
            limit = plan.date_start + relativedelta(months=MAX_INSTALMENTS)
            outside = plan.instalment_ids.filtered(
                lambda line, plan=plan, limit=limit: not plan.date_start <= line.date_due <= limit
            )
            if outside:
                raise ValidationError(
                    self.env._(
                        "The instalments of the repayment plan of %(household)s must fall due within 36 months "
                        "of its start date (%(date)s).",
                        household=plan.household_id.display_name,
                        date=fields.Date.to_string(plan.date_start),
                    )
                )

    def _check_schedule_matches_debt(self):
        """The instalments add up to the debt, to the cent."""
        for plan in self:
            total = sum(plan.instalment_ids.mapped("amount"))
            if not plan.instalment_ids or plan.currency_id.compare_amounts(total, plan.debt):
                raise UserError(
                    self.env._(
                        "The instalments of %(plan)s add up to %(total)s, not to the debt of %(debt)s.",
                        plan=plan.display_name,
                        total=plan.currency_id.format(total),
                        debt=plan.currency_id.format(plan.debt),
                    )
                )

    # ------------------------------------------------------------------ actions

    def action_confirm(self):
        """Signed: the plan starts to count the payments."""
        not_draft = self.filtered(lambda plan: plan.state != "draft")
        if not_draft:
            raise UserError(
                self.env._("Only a draft repayment plan can be confirmed: %(plan)s is not.", plan=not_draft[0].name)
            )
        self._check_schedule_matches_debt()
        self.state = "active"
        self._imlr_update_closed()
        return True

    def action_cancel(self):
        closed = self.filtered(lambda plan: plan.state == "closed")
        if closed:
            raise UserError(
                self.env._("%(plan)s is closed: the debt was cleared, it cannot be cancelled.", plan=closed[0].name)
            )
        self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_draft(self):
        if self.filtered(lambda plan: plan.state != "cancelled"):
            raise UserError(self.env._("Only a cancelled repayment plan can be set back to draft."))
        self.write({"state": "draft"})
        return True

    def action_print_agreement(self):
        return self.env.ref("imlr_odoo.imlr_repayment_plan_report_action").report_action(self)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if self.filtered(lambda plan: plan.state in ("active", "closed")):
            raise UserError(self.env._("A confirmed repayment plan cannot be deleted: cancel it instead."))

    # ------------------------------------------------------------------ closing and reminders

    def _imlr_update_closed(self):
        """Close the active plans whose debt is repaid (the household has no overdue debt left), reopen the
        closed ones that are not any more (a payment unreconciled). One query for the whole set."""
        plans = self.filtered(lambda plan: plan.state in ("active", "closed"))
        if not plans:
            return
        repaid = plans._repaid_amounts()
        today = self._imlr_today()
        for plan in plans:
            cleared = plan.currency_id.compare_amounts(repaid.get(plan.id, 0.0), plan.debt) >= 0
            if cleared and plan.state == "active":
                plan.write({"state": "closed", "date_closed": today})
                plan.activity_unlink(["mail.mail_activity_data_todo"])
                plan.message_post(body=self.env._("The debt is cleared: the repayment plan is closed."))
            elif not cleared and plan.state == "closed":
                plan.write({"state": "active", "date_closed": False})
                plan.message_post(body=self.env._("A payment of the plan was unreconciled: the plan is active again."))

    @api.model
    def _imlr_plans_of_moves(self, moves):
        """The active or closed plans of the households of ``moves``."""
        if not moves:
            return self.browse()
        return self.sudo().search(
            [("household_id", "in", moves.line_ids.partner_id.ids), ("state", "in", ("active", "closed"))]
        )

    def _imlr_schedule_late_activities(self):
        """One To-Do for the responsible of each of these plans that is late, unless one is open already."""
        late = self.filtered("is_late")
        if not late:
            return self.browse()
        todo = self.env.ref("mail.mail_activity_data_todo")
        open_ids = set(
            self.env["mail.activity"]
            .search([("res_model", "=", self._name), ("res_id", "in", late.ids), ("activity_type_id", "=", todo.id)])
            .mapped("res_id")
        )
        to_remind = late.filtered(lambda plan: plan.id not in open_ids)
        today = self._imlr_today()
        for plan in to_remind:
            household = plan.household_id
            lang = household.lang or self.env.lang
            plan.with_context(lang=lang).activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=plan.with_context(lang=lang).env._("Late instalment"),
                note=plan.with_context(lang=lang).env._(
                    "%(household)s is late on its repayment plan %(plan)s: %(amount)s due and unpaid.",
                    household=household.display_name,
                    plan=plan.name,
                    amount=plan.currency_id.format(plan.amount_late),
                ),
                user_id=(plan.user_id or plan.create_uid or self.env.user).id,
            )
        return to_remind

    @api.model
    @in_association_language
    def _cron_update_plans(self):
        """Daily: close the plans whose debt is cleared, then remind the responsible of the late ones."""
        if not job_lock.acquire(self.env.cr, "imlr.repayment.plans"):
            return
        plans = self.search([("state", "in", ("active", "closed"))])
        plans._imlr_update_closed()
        plans.filtered(lambda plan: plan.state == "active")._imlr_schedule_late_activities()

    # ------------------------------------------------------------------ making a plan

    @api.model
    def _imlr_overdue_debts(self, household, date=None):
        """[{"line_id", "due", "part", "amount"}]: the household's open items overdue at ``date`` (default
        today) in the current company, what is left of each: the months a plan made then repays."""
        return self.env["imlr.household.arrears"]._overdue_items(
            date or self._imlr_today(), household, self.env.company
        )

    @api.model
    def _imlr_debt_commands(self, debts):
        """Commands creating the plan's months from ``debts`` (as ``_imlr_overdue_debts`` gives them)."""
        return [
            Command.create(
                {
                    "move_line_id": debt["line_id"],
                    "part": debt["part"],
                    "date_due": debt["due"],
                    "amount": debt["amount"],
                }
            )
            for debt in debts
        ]

    @api.model
    def _imlr_schedule(self, debt, date_first_due, count=0, amount=0.0, currency=None):
        """[{"sequence", "date_due", "amount"}]: ``debt`` split into ``count`` monthly instalments, or into
        instalments of ``amount``, the first due on ``date_first_due``; the last takes the rounding so that the
        instalments add up to the debt to the cent. Raises a UserError for a split that is not possible."""
        currency = currency or self.env.company.currency_id
        if currency.compare_amounts(debt, 0) <= 0:
            raise UserError(self.env._("There is no overdue debt to repay."))
        factor = 10**currency.decimal_places
        debt_units = round(debt * factor)
        if amount:
            amount_units = round(amount * factor)
            if amount_units <= 0:
                raise UserError(self.env._("The instalment amount must be positive."))
            count = -(-debt_units // amount_units)  # ceiling
        else:
            if count < 1:
                raise UserError(self.env._("The number of instalments must be at least 1."))
            amount_units = debt_units // count
        if count > MAX_INSTALMENTS:
            raise UserError(
                self.env._(
                    "A repayment plan has at most %(max)s monthly instalments (3 years): this one would have "
                    "%(count)s. Raise the instalment amount or lower their number.",
                    max=MAX_INSTALMENTS,
                    count=count,
                )
            )
        units = [amount_units] * (count - 1) + [debt_units - amount_units * (count - 1)]
        return [
            {
                "sequence": index + 1,
                "date_due": date_first_due + relativedelta(months=index),
                "amount": currency.round(value / factor),
            }
            for index, value in enumerate(units)
        ]
