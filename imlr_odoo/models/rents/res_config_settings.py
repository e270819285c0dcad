from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    imlr_rent_journal_id = fields.Many2one(
        related="company_id.imlr_rent_journal_id", readonly=False, check_company=True
    )
    imlr_rent_product_id = fields.Many2one(
        related="company_id.imlr_rent_product_id", readonly=False, check_company=True
    )
    imlr_charges_product_id = fields.Many2one(
        related="company_id.imlr_charges_product_id", readonly=False, check_company=True
    )
    imlr_rent_account_id = fields.Many2one(
        related="company_id.imlr_rent_account_id", readonly=False, check_company=True
    )
    imlr_charges_account_id = fields.Many2one(
        related="company_id.imlr_charges_account_id", readonly=False, check_company=True
    )
    imlr_caf_partner_id = fields.Many2one(related="company_id.imlr_caf_partner_id", readonly=False, check_company=True)
    imlr_apl_account_id = fields.Many2one(related="company_id.imlr_apl_account_id", readonly=False, check_company=True)
    imlr_rent_due_day = fields.Integer(related="company_id.imlr_rent_due_day", readonly=False)
    imlr_billing_start = fields.Date(related="company_id.imlr_billing_start", readonly=False)
    imlr_impaye_factor = fields.Integer(related="company_id.imlr_impaye_factor", readonly=False)
    imlr_impaye_delay_months = fields.Integer(related="company_id.imlr_impaye_delay_months", readonly=False)
    imlr_landlord_journal_id = fields.Many2one(
        related="company_id.imlr_landlord_journal_id", readonly=False, check_company=True
    )
    imlr_landlord_rent_account_id = fields.Many2one(
        related="company_id.imlr_landlord_rent_account_id", readonly=False, check_company=True
    )
    imlr_landlord_charges_account_id = fields.Many2one(
        related="company_id.imlr_landlord_charges_account_id", readonly=False, check_company=True
    )
    imlr_deposit_account_id = fields.Many2one(
        related="company_id.imlr_deposit_account_id", readonly=False, check_company=True
    )

    imlr_quittance_signatory_name = fields.Char(related="company_id.imlr_quittance_signatory_name", readonly=False)
    imlr_quittance_signatory_role = fields.Char(related="company_id.imlr_quittance_signatory_role", readonly=False)
    imlr_quittance_signature = fields.Image(related="company_id.imlr_quittance_signature", readonly=False)
    imlr_pay_by_transfer = fields.Boolean(related="company_id.imlr_pay_by_transfer", readonly=False)
    imlr_pay_by_direct_debit = fields.Boolean(related="company_id.imlr_pay_by_direct_debit", readonly=False)
    imlr_pay_by_cheque = fields.Boolean(related="company_id.imlr_pay_by_cheque", readonly=False)
    imlr_pay_by_cash = fields.Boolean(related="company_id.imlr_pay_by_cash", readonly=False)
    imlr_payment_bank_account_id = fields.Many2one(related="company_id.imlr_payment_bank_account_id", readonly=False)
