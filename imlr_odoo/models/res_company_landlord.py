from odoo import fields, models
from odoo.exceptions import UserError

# French chart of accounts (PCG) defaults of the landlord bills, most specific code first: what the association
# pays under the bail principal is a "location immobilière" (613200), the charges it pays to the landlord are
# "charges locatives et de copropriété" (614000).
LANDLORD_RENT_ACCOUNT_CODES = ("613200", "6132", "613")
LANDLORD_CHARGES_ACCOUNT_CODES = ("614000", "614")

LANDLORD_BILL_SETTINGS = ("journal", "rent_account", "charges_account")


class ResCompany(models.Model):
    _inherit = "res.company"

    imlr_landlord_journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Landlord bills journal",
        domain="[('type', '=', 'purchase')]",
        check_company=True,
        help="Purchase journal of the monthly landlord bills; empty: the company's first purchase journal.",
    )
    imlr_landlord_rent_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Landlord rent account",
        domain="[('deprecated', '=', False), ('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        check_company=True,
        help="Empty: 613200 Locations immobilières.",
    )
    imlr_landlord_charges_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Landlord charges account",
        domain="[('deprecated', '=', False), ('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        check_company=True,
        help="Empty: 614000 Charges locatives et de copropriété.",
    )

    def _imlr_landlord_settings(self, required=LANDLORD_BILL_SETTINGS):
        """The company's landlord bill settings, defaults filled in: a dict of ``journal``, ``rent_account``,
        ``charges_account``. Raises a UserError naming the settings of ``required`` that have no value."""
        self.ensure_one()
        settings = {
            "journal": self.imlr_landlord_journal_id
            or self.env["account.journal"].search(
                [*self.env["account.journal"]._check_company_domain(self), ("type", "=", "purchase")], limit=1
            ),
            "rent_account": self.imlr_landlord_rent_account_id or self._imlr_find_account(LANDLORD_RENT_ACCOUNT_CODES),
            "charges_account": self.imlr_landlord_charges_account_id
            or self._imlr_find_account(LANDLORD_CHARGES_ACCOUNT_CODES),
        }
        labels = {
            "journal": self.env._("landlord bills journal (a purchase journal)"),
            "rent_account": self.env._("landlord rent account"),
            "charges_account": self.env._("landlord charges account"),
        }
        missing = [labels[key] for key in required if not settings[key]]
        if missing:
            raise UserError(
                self.env._(
                    "The IML landlord bill settings of %(company)s are incomplete: %(missing)s. "
                    "Set them in Settings › IML.",
                    company=self.display_name,
                    missing=", ".join(missing),
                )
            )
        return settings
