from odoo import api, fields, models


class ImlrRentRevisionWizardLine(models.TransientModel):
    """One revision the wizard would make: a sublease or a main lease, its old and new rent."""

    _name = "imlr.rent.revision.wizard.line"
    _description = "IRL rent revision preview line"
    _order = "date_effective, id"

    wizard_id = fields.Many2one(comodel_name="imlr.rent.revision.wizard", required=True, ondelete="cascade")
    sublease_id = fields.Many2one(comodel_name="imlr.sublease", ondelete="cascade")
    lease_id = fields.Many2one(comodel_name="imlr.lease", string="Main lease", ondelete="cascade")
    contract = fields.Char(compute="_compute_contract")
    currency_id = fields.Many2one(related="wizard_id.company_id.currency_id")
    anniversary = fields.Date()
    date_effective = fields.Date(string="Effective from")
    irl_reference_id = fields.Many2one(comodel_name="imlr.irl.index", string="Reference quarter")
    irl_reference_value = fields.Float(string="Reference IRL", digits=(8, 2))
    irl_new_id = fields.Many2one(comodel_name="imlr.irl.index", string="New quarter")
    irl_new_value = fields.Float(string="New IRL", digits=(8, 2))
    previous_rent = fields.Monetary()
    new_rent = fields.Monetary()
    state = fields.Selection(
        selection=[("revise", "To revise"), ("missing", "IRL missing"), ("lost", "Lost (over a year)")],
        string="Status",
        default="revise",
        required=True,
    )
    note = fields.Char()

    @api.depends("sublease_id", "lease_id")
    def _compute_contract(self):
        for line in self:
            line.contract = (line.sublease_id or line.lease_id).display_name
