from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class ImlrRepaymentPlanWizard(models.TransientModel):
    """Make a repayment plan from a household's overdue balance: preview the instalments, then create it."""

    _name = "imlr.repayment.plan.wizard"
    _description = "Create a repayment plan"

    household_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        domain="[('is_household', '=', True)]",
        default=lambda self: self._default_household(),
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    overdue_line_ids = fields.Many2many(
        comodel_name="account.move.line", compute="_compute_overdue", string="Overdue invoices"
    )
    overdue_amount = fields.Monetary(compute="_compute_overdue", string="Overdue balance")
    date_start = fields.Date(
        string="Start date",
        required=True,
        default=lambda self: self.env["imlr.repayment.plan"]._imlr_today(),
        help="Payments dated from this day on repay the plan. Today or earlier: the debt is what is overdue "
        "today plus what was paid on it since this day.",
    )
    date_first_due = fields.Date(
        string="First instalment due",
        compute="_compute_date_first_due",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The next instalments fall due on the same day of the following months.",
    )
    split_mode = fields.Selection(
        selection=[("count", "Number of instalments"), ("amount", "Instalment amount")],
        string="Split by",
        required=True,
        default="count",
    )
    instalment_count = fields.Integer(string="Number of instalments", default=12)
    instalment_amount = fields.Monetary(string="Instalment amount")
    line_ids = fields.One2many(
        comodel_name="imlr.repayment.plan.wizard.line",
        inverse_name="wizard_id",
        string="Instalments",
        compute="_compute_line_ids",
        store=True,
        readonly=True,
    )
    warning = fields.Char(compute="_compute_line_ids", store=True)

    @api.model
    def _default_household(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env.context.get("active_id")
        return False

    @api.depends("date_start")
    def _compute_date_first_due(self):
        for wizard in self:
            wizard.date_first_due = wizard.date_start and wizard.date_start + relativedelta(months=1)

    @api.depends("household_id", "company_id", "date_start")
    def _compute_overdue(self):
        for wizard in self:
            debts = wizard._overdue_debts()
            wizard.overdue_line_ids = [Command.set([debt["line_id"] for debt in debts])]
            currency = wizard.currency_id or self.env.company.currency_id
            wizard.overdue_amount = currency.round(sum(debt["amount"] for debt in debts))

    def _overdue_debts(self):
        self.ensure_one()
        if not self.household_id:
            return []
        Plan = self.env["imlr.repayment.plan"].with_company(self.company_id)
        return Plan._imlr_overdue_debts(self.household_id, self.date_start or Plan._imlr_today())

    def _schedule(self):
        self.ensure_one()
        return self.env["imlr.repayment.plan"]._imlr_schedule(
            self.overdue_amount,
            self.date_first_due,
            count=self.instalment_count if self.split_mode == "count" else 0,
            amount=self.instalment_amount if self.split_mode == "amount" else 0.0,
            currency=self.currency_id or self.env.company.currency_id,
        )

    @api.depends("household_id", "date_start", "date_first_due", "split_mode", "instalment_count", "instalment_amount")
    def _compute_line_ids(self):
        for wizard in self:
            commands, warning = [Command.clear()], False
            if wizard.household_id and wizard.date_start and wizard.date_first_due:
                try:
                    commands += [Command.create(vals) for vals in wizard._schedule()]
                except UserError as error:
                    warning = error.args[0]
            wizard.line_ids = commands
            wizard.warning = warning

    def action_create_plan(self):
        """Create the draft plan (to print, sign and confirm) and open it. Checks everything before writing."""
        self.ensure_one()
        household = self.household_id
        Plan = self.env["imlr.repayment.plan"].with_company(self.company_id)
        if Plan.search_count([("household_id", "=", household.id), ("state", "in", ("draft", "active"))]):
            raise UserError(
                self.env._(
                    "%(household)s already has a repayment plan in progress: close or cancel it first.",
                    household=household.display_name,
                )
            )
        if self.date_start > Plan._imlr_today():
            raise UserError(
                self.env._("A repayment plan starts today at the latest: its debt is measured when it is made.")
            )
        debts = self._overdue_debts()
        if not debts or self.currency_id.compare_amounts(self.overdue_amount, 0.0) <= 0:
            raise UserError(
                self.env._("%(household)s has no overdue debt: nothing to repay.", household=household.display_name)
            )
        schedule = self._schedule()
        plan = Plan.create(
            {
                "household_id": household.id,
                "company_id": self.company_id.id,
                "date_start": self.date_start,
                "debt": self.overdue_amount,
                "move_ids": [Command.set(self.overdue_line_ids.move_id.ids)],
                "debt_ids": Plan._imlr_debt_commands(debts),
                "instalment_ids": [Command.create(vals) for vals in schedule],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "imlr.repayment.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "target": "current",
        }
