from odoo import fields, models


class ImlrRepaymentPlanWizardLine(models.TransientModel):
    """One instalment of the plan the wizard would create."""

    _name = "imlr.repayment.plan.wizard.line"
    _description = "Repayment plan preview line"
    _order = "sequence"

    wizard_id = fields.Many2one(comodel_name="imlr.repayment.plan.wizard", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    sequence = fields.Integer(string="No.")
    date_due = fields.Date(string="Due date")
    amount = fields.Monetary()
