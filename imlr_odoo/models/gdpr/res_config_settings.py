from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    imlr_support_retention_months = fields.Integer(related="company_id.imlr_support_retention_months", readonly=False)
