from odoo import api, fields, models


class ImlrRentRunWizardLine(models.TransientModel):
    """One invoice the rent run would create: a sublease and a month."""

    _name = "imlr.rent.run.wizard.line"
    _description = "Monthly rent run preview line"
    _order = "period_start, id"

    wizard_id = fields.Many2one(comodel_name="imlr.rent.run.wizard", required=True, ondelete="cascade")
    sublease_id = fields.Many2one(comodel_name="imlr.sublease", required=True, ondelete="cascade")
    household_id = fields.Many2one(related="sublease_id.household_id")
    place_id = fields.Many2one(related="sublease_id.place_id")
    currency_id = fields.Many2one(related="sublease_id.currency_id")
    period_start = fields.Date(string="Month", required=True)
    days = fields.Integer(string="Days billed")
    month_days = fields.Integer(string="Days in month")
    rent = fields.Monetary()
    charges = fields.Monetary()
    total = fields.Monetary(compute="_compute_total")

    @api.depends("rent", "charges")
    def _compute_total(self):
        for line in self:
            line.total = line.rent + line.charges
