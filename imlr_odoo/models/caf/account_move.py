from odoo import fields, models


# kept apart from the main extension so that parallel branches merge without conflict
class AccountMove(models.Model):
    """The entry of a CAF APL statement links back to it."""

    _inherit = "account.move"

    imlr_caf_statement_id = fields.Many2one(
        comodel_name="imlr.caf.statement",
        string="CAF statement",
        ondelete="restrict",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
