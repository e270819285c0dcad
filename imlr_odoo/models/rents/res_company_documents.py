from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the payment means an avis d'échéance may offer, in the order it lists them: (code, company field)
PAYMENT_MEANS = (
    ("transfer", "imlr_pay_by_transfer"),
    ("direct_debit", "imlr_pay_by_direct_debit"),
    ("cheque", "imlr_pay_by_cheque"),
    ("cash", "imlr_pay_by_cash"),
)


class ResCompany(models.Model):
    """What the rent documents say of the association (accounting issue, item 9): who signs the quittances,
    and the payment means an avis d'échéance offers (never one the association does not accept)."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    imlr_quittance_signatory_name = fields.Char(
        string="Quittance signatory", help="The person who signs the rent receipts (quittances) for the association."
    )
    imlr_quittance_signatory_role = fields.Char(string="Signatory's role", help="e.g. Directrice, Trésorier.")
    imlr_quittance_signature = fields.Image(
        string="Signature image", max_width=600, max_height=300, help="Printed on the quittances, when set."
    )
    imlr_pay_by_transfer = fields.Boolean(string="Bank transfer", default=True)
    imlr_pay_by_direct_debit = fields.Boolean(string="Direct debit")
    imlr_pay_by_cheque = fields.Boolean(string="Cheque")
    imlr_pay_by_cash = fields.Boolean(string="Cash at the office")
    imlr_payment_bank_account_id = fields.Many2one(
        comodel_name="res.partner.bank",
        string="Bank account for transfers",
        domain="[('partner_id', '=', partner_id)]",
        help="The account whose IBAN the rent notices give for transfers; empty: the association's first one.",
    )

    @api.constrains(*(field for _code, field in PAYMENT_MEANS))
    def _check_imlr_payment_means(self):
        for company in self:
            if not any(company[field] for _code, field in PAYMENT_MEANS):
                raise ValidationError(
                    self.env._(
                        "%(company)s must accept at least one payment means for the rents: the rent notices "
                        "list those it accepts.",
                        company=company.name,
                    )
                )

    def _imlr_rent_document_settings(self):
        """What the rent documents print of the association: {"payment_means": [{"code", "iban", "bic"}] in
        the order of PAYMENT_MEANS, only those it accepts; "signatory_name", "signatory_role", "signature"}."""
        self.ensure_one()
        bank = self.imlr_payment_bank_account_id or self.partner_id.bank_ids[:1]
        return {
            "payment_means": [
                {
                    "code": code,
                    "iban": bank.acc_number if code == "transfer" else False,
                    "bic": bank.bank_bic if code == "transfer" else False,
                }
                for code, field in PAYMENT_MEANS
                if self[field]
            ],
            "signatory_name": self.imlr_quittance_signatory_name,
            "signatory_role": self.imlr_quittance_signatory_role,
            "signature": self.imlr_quittance_signature,
        }
