from odoo import fields, models

from .account_move_line import RENT_PARTS


class ImlrRepaymentPlanDebt(models.Model):
    """One month of the debt a repayment plan repays: an open item of the rent ledger overdue when the plan
    was made (a household share, or an APL the CAF did not pay), with what was left of it then."""

    _name = "imlr.repayment.plan.debt"
    _description = "Repayment plan debt"
    _order = "plan_id, date_due, id"

    plan_id = fields.Many2one(
        comodel_name="imlr.repayment.plan", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    move_line_id = fields.Many2one(
        comodel_name="account.move.line", string="Journal item", required=True, readonly=True, ondelete="restrict"
    )
    move_id = fields.Many2one(related="move_line_id.move_id", string="Invoice", store=True)
    period_start = fields.Date(related="move_line_id.move_id.imlr_period_start", string="Rent month", store=True)
    part = fields.Selection(selection=RENT_PARTS, readonly=True)
    date_due = fields.Date(string="Due date", required=True, readonly=True)
    amount = fields.Monetary(required=True, readonly=True, help="What was unpaid of it when the plan was made.")

    _sql_constraints = [("amount_positive", "CHECK (amount > 0)", "A debt of a repayment plan must be positive.")]
