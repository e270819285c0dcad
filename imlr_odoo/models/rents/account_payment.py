from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    imlr_deposit_sublease_id = fields.Many2one(
        comodel_name="imlr.sublease",
        string="Security deposit of",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The sublease whose security deposit this payment receives or returns (booked on the deposits account).",
    )
