from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    imlr_landlord_journal_id = fields.Many2one(
        related="company_id.imlr_landlord_journal_id", readonly=False, check_company=True
    )
    imlr_landlord_rent_account_id = fields.Many2one(
        related="company_id.imlr_landlord_rent_account_id", readonly=False, check_company=True
    )
    imlr_landlord_charges_account_id = fields.Many2one(
        related="company_id.imlr_landlord_charges_account_id", readonly=False, check_company=True
    )
