from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    imlr_quittance_signatory_name = fields.Char(related="company_id.imlr_quittance_signatory_name", readonly=False)
    imlr_quittance_signatory_role = fields.Char(related="company_id.imlr_quittance_signatory_role", readonly=False)
    imlr_quittance_signature = fields.Image(related="company_id.imlr_quittance_signature", readonly=False)
    imlr_pay_by_transfer = fields.Boolean(related="company_id.imlr_pay_by_transfer", readonly=False)
    imlr_pay_by_direct_debit = fields.Boolean(related="company_id.imlr_pay_by_direct_debit", readonly=False)
    imlr_pay_by_cheque = fields.Boolean(related="company_id.imlr_pay_by_cheque", readonly=False)
    imlr_pay_by_cash = fields.Boolean(related="company_id.imlr_pay_by_cash", readonly=False)
    imlr_payment_bank_account_id = fields.Many2one(related="company_id.imlr_payment_bank_account_id", readonly=False)
