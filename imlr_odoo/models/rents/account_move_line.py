from odoo import api, fields, models
from odoo.tools import frozendict

RENT_PARTS = [("household", "Household share"), ("caf", "APL (CAF)")]


class AccountMoveLine(models.Model):
    """The receivable items of the rent ledger.

    A rent invoice with tiers payant carries two receivable items (its payment-term lines): the household's
    share, due on the company's due day, and the APL expected from the CAF, due at the end of the following
    month (``imlr_rent_part``). A CAF statement's entry carries one item per household and month
    (``imlr_rent_month``): the APL of that month, which pays the CAF part of that month's invoice. The rules
    that match them live in ``imlr.rent.ledger``."""

    _inherit = "account.move.line"

    imlr_rent_part = fields.Selection(
        selection=RENT_PARTS,
        string="Rent part",
        copy=False,
        readonly=True,
        help="On a rent invoice's receivable items: who pays it, the household or the CAF (tiers payant).",
    )
    imlr_rent_month = fields.Date(
        string="Rent month paid",
        copy=False,
        index="btree_not_null",
        help="On a credit of a household's account, the rent month it pays first: the month of the APL of a CAF "
        "statement's item (or of the indus taking it back), or the month a household's payment names.",
    )

    @api.depends("imlr_rent_part")
    def _compute_term_key(self):
        # the rent part belongs to the key, so that the two items of a rent invoice are two lines
        res = super()._compute_term_key()
        for line in self:
            if line.term_key and line.imlr_rent_part:
                line.term_key = frozendict({**line.term_key, "imlr_rent_part": line.imlr_rent_part})
        return res
