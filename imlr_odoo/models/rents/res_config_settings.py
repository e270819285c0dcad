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
