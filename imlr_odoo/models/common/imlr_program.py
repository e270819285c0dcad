from odoo import fields, models


class ImlrProgram(models.Model):
    """A program (dispositif) of the association: IML-R, and any other it runs."""

    _name = "imlr.program"
    _inherit = ["imlr.code.list.mixin"]
    _description = "Program"

    company_id = fields.Many2one(comodel_name="res.company", default=lambda self: self.env.company)
