from odoo import api, fields, models
from odoo.exceptions import UserError


class ImlrRentCorrectionWizard(models.TransientModel):
    """ "Correct this month": the month's invoice is wholly reversed by a credit note (what was paid on it
    goes to the household's other items, by the ledger's rules) and the month billed again from the sublease
    as it is now (dates, rent, charges, APL). One step, nothing deleted, the month's link kept."""

    _name = "imlr.rent.correction.wizard"
    _description = "Correct a month's rent"

    sublease_id = fields.Many2one(comodel_name="imlr.sublease", required=True, readonly=True)
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice to correct",
        required=True,
        domain="[('imlr_sublease_id', '=', sublease_id), ('move_type', '=', 'out_invoice'), "
        "('state', '=', 'posted'), ('payment_state', '!=', 'reversed')]",
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id")
    amount_billed = fields.Monetary(related="invoice_id.amount_total", string="Billed")
    amount_corrected = fields.Monetary(string="Billed after correction", compute="_compute_amount_corrected")
    reason = fields.Char(required=True, help="Written on the credit note, e.g. “exit on 15 October”.")

    @api.depends("invoice_id", "sublease_id")
    def _compute_amount_corrected(self):
        for wizard in self:
            month = wizard.invoice_id.imlr_period_start
            amounts = wizard.sublease_id._rent_amounts(month) if month else {}
            wizard.amount_corrected = amounts.get("rent", 0.0) + amounts.get("charges", 0.0)

    def action_correct(self):
        self.ensure_one()
        invoice = self.invoice_id
        if invoice.imlr_sublease_id != self.sublease_id or invoice.state != "posted":
            raise UserError(self.env._("Choose a posted rent invoice of this sublease."))
        return self.sublease_id._imlr_correct_month(invoice, self.reason)
