from odoo import api, fields, models
from odoo.exceptions import UserError

INSTALMENT_STATES = [("to_come", "To come"), ("partial", "Partially paid"), ("late", "Late"), ("paid", "Paid")]


class ImlrRepaymentInstalment(models.Model):
    """One monthly instalment of a repayment plan. What is paid and its state are read from the plan's repaid
    amount (the reconciliation of its invoices) given to the instalments in their order: never stored, since
    "late" changes with today's date."""

    _name = "imlr.repayment.instalment"
    _description = "Repayment plan instalment"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        comodel_name="imlr.repayment.plan", string="Repayment plan", required=True, index=True, ondelete="cascade"
    )
    household_id = fields.Many2one(related="plan_id.household_id")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    sequence = fields.Integer(string="No.", required=True, default=1)
    date_due = fields.Date(string="Due date", required=True)
    amount = fields.Monetary(required=True)
    amount_paid = fields.Monetary(compute="_compute_amount_paid", string="Paid")
    amount_due = fields.Monetary(compute="_compute_amount_paid", string="Left to pay")
    state = fields.Selection(selection=INSTALMENT_STATES, compute="_compute_amount_paid")

    _sql_constraints = [
        ("amount_positive", "CHECK (amount > 0)", "An instalment's amount must be positive."),
        (
            "sequence_range",
            "CHECK (sequence BETWEEN 1 AND 36)",
            "A repayment plan has at most 36 instalments (3 years).",
        ),
        (
            "sequence_uniq",
            "UNIQUE (plan_id, sequence)",
            "Two instalments of a repayment plan cannot have the same number.",
        ),
    ]

    @api.depends_context("date")
    @api.depends("amount", "date_due", "sequence", "plan_id.amount_repaid")
    def _compute_amount_paid(self):
        today = self.plan_id._imlr_today()
        allocation = {}
        for plan in self.plan_id:
            allocation.update(plan._allocate(plan.amount_repaid))
        for instalment in self:
            amount, paid = allocation.get(instalment, (instalment.amount, 0.0))
            currency = instalment.currency_id
            instalment.amount_paid = paid
            instalment.amount_due = currency.round(amount - paid)
            if currency.compare_amounts(paid, amount) >= 0:
                instalment.state = "paid"
            elif instalment.date_due and instalment.date_due < today:
                instalment.state = "late"
            elif not currency.is_zero(paid):
                instalment.state = "partial"
            else:
                instalment.state = "to_come"

    @api.constrains("date_due")
    def _check_date_due(self):
        self.plan_id._check_instalments()

    def _check_plan_is_draft(self):
        confirmed = self.plan_id.filtered(lambda plan: plan.state in ("active", "closed"))
        if confirmed:
            raise UserError(
                self.env._(
                    "The instalments of %(plan)s cannot be changed: it is confirmed. Cancel it and make a new one.",
                    plan=confirmed[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        instalments = super().create(vals_list)
        instalments._check_plan_is_draft()
        return instalments

    def write(self, vals):
        self._check_plan_is_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed_plan(self):
        self._check_plan_is_draft()
