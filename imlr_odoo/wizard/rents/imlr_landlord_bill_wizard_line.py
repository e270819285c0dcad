from odoo import api, fields, models
from odoo.tools import format_date


class ImlrLandlordBillWizardLine(models.TransientModel):
    """One vendor bill the landlord run would create: a main lease and a month."""

    _name = "imlr.landlord.bill.wizard.line"
    _description = "Landlord bill run preview line"
    _order = "period_start, id"

    wizard_id = fields.Many2one(comodel_name="imlr.landlord.bill.wizard", required=True, ondelete="cascade")
    lease_id = fields.Many2one(comodel_name="imlr.lease", string="Main lease", required=True, ondelete="cascade")
    landlord_id = fields.Many2one(related="lease_id.landlord_id")
    dwelling_id = fields.Many2one(related="lease_id.dwelling_id")
    currency_id = fields.Many2one(related="lease_id.currency_id")
    period_start = fields.Date(string="First day of the month", required=True)
    month = fields.Char(compute="_compute_month")
    days = fields.Integer(string="Days billed")
    month_days = fields.Integer(string="Days in month")
    rent = fields.Monetary()
    charges = fields.Monetary()
    total = fields.Monetary(compute="_compute_total")

    @api.depends("period_start")
    @api.depends_context("lang")
    def _compute_month(self):
        for line in self:
            # as the user reads it: « janvier 2026 »
            line.month = format_date(self.env, line.period_start, date_format="MMMM y") if line.period_start else ""

    @api.depends("rent", "charges")
    def _compute_total(self):
        for line in self:
            line.total = line.rent + line.charges
