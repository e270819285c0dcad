from odoo import fields, models


# kept apart from the main extension so that parallel branches merge without conflict
class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    imlr_apl_journal_id = fields.Many2one(related="company_id.imlr_apl_journal_id", readonly=False, check_company=True)
