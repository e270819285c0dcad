from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    imlr_apl_journal_id = fields.Many2one(related="company_id.imlr_apl_journal_id", readonly=False, check_company=True)
