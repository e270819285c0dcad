import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

# French chart of accounts (PCG, as loaded by l10n_fr_account) defaults, most specific code first.
# - Loyer: the sublease is the association's own activity (the IML program), not an annex one, so the
#   rent is a "prestation de services": 706000. (708300 "Locations diverses" is for a company's incidental
#   lettings, an annex activity.)
# - Provision sur charges: costs paid to the landlord and re-invoiced to the household, an annex income:
#   708800 "Autres produits d'activités annexes", so the two stay apart in the accounts.
RENT_ACCOUNT_CODES = ("706000", "706")
CHARGES_ACCOUNT_CODES = ("708800", "7088", "708")

# what the monthly rent run cannot do without
RENT_RUN_SETTINGS = ("journal", "rent_product", "charges_product", "rent_account", "charges_account")

# French chart of accounts (PCG) defaults of the landlord bills, most specific code first: what the association
# pays under the bail principal is a "location immobilière" (613200), the charges it pays to the landlord are
# "charges locatives et de copropriété" (614000).
LANDLORD_RENT_ACCOUNT_CODES = ("613200", "6132", "613")
LANDLORD_CHARGES_ACCOUNT_CODES = ("614000", "614")

LANDLORD_BILL_SETTINGS = ("journal", "rent_account", "charges_account")

IMLR_LANG = "fr_FR"

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    imlr_rent_journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Rent journal",
        domain="[('type', '=', 'sale')]",
        check_company=True,
        help="Sales journal of the rent invoices; empty: the company's first sales journal.",
    )
    imlr_rent_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Rent product",
        check_company=True,
        help="Product of the 'loyer' line; empty: the product 'Loyer' of the IML app.",
    )
    imlr_charges_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Charges product",
        check_company=True,
        help="Product of the 'provision sur charges' line; empty: the product 'Provision sur charges' of the IML app.",
    )
    imlr_rent_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Rent income account",
        domain="[('deprecated', '=', False), ('account_type', 'in', ('income', 'income_other'))]",
        check_company=True,
        help="Empty: the income account of the rent product, else 706000 Prestations de services.",
    )
    imlr_charges_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Charges income account",
        domain="[('deprecated', '=', False), ('account_type', 'in', ('income', 'income_other'))]",
        check_company=True,
        help="Empty: the income account of the charges product, else 708800 Autres produits d'activités annexes.",
    )
    imlr_caf_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="CAF",
        check_company=True,
        help="The family-benefits fund that pays the APL to the association (tiers payant); empty: the partner "
        "'CAF' of the IML app.",
    )
    imlr_apl_account_id = fields.Many2one(
        comodel_name="account.account",
        string="APL clearing account",
        domain="[('deprecated', '=', False), ('reconcile', '=', True), "
        "('account_type', 'not in', ('asset_receivable', 'liability_payable'))]",
        check_company=True,
        help="Reconcilable account holding the APL announced by the CAF until its payment arrives "
        "(e.g. a 467 sub-account 'CAF – APL à recevoir').",
    )
    imlr_billing_start = fields.Date(
        string="Billing start",
        help="The rent and landlord runs bill no month before this one (e.g. the month the association started "
        "to keep its rents in Odoo); empty: every month since each contract's start. A month after it is never "
        "skipped, however old.",
    )
    imlr_rent_due_day = fields.Integer(
        string="Rent due day",
        default=5,
        help="Day of the month (1 to 28) the rent is due; never before the invoice date.",
    )

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

    _sql_constraints = [
        (
            "imlr_rent_due_day_range",
            "CHECK (imlr_rent_due_day IS NULL OR imlr_rent_due_day BETWEEN 1 AND 28)",
            "The rent due day must be between 1 and 28.",
        ),
    ]

    @api.model
    def _imlr_adopt_french(self):
        """Make the French companies, and the contacts and users the database's default left in English, French.

        A database created before French was loaded keeps English as every new contact's default (``ir.default``
        of ``res.partner.lang``), and its company in English: households, landlords and users then read "Rent
        notice" and "10/01/2024". Run at install (before the demo data) and by the 18.0.1.2.0 migration. Nothing
        happens while French is not installed."""
        if not self.env["res.lang"]._lang_get(IMLR_LANG):
            _logger.warning("French (%s) is not installed: the IML companies keep their language.", IMLR_LANG)
            return
        english = [False, "en_US"]
        companies = self.sudo().with_context(active_test=False).search([("partner_id.country_id.code", "=", "FR")])
        companies.partner_id.filtered(lambda partner: partner.lang in english).lang = IMLR_LANG
        french = companies.filtered(lambda company: company.partner_id.lang == IMLR_LANG)
        if not french:
            return
        default = self.env["ir.default"].sudo()
        if default._get("res.partner", "lang") in (None, "en_US"):
            default.set("res.partner", "lang", IMLR_LANG)
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("lang", "in", english),
                    "|",
                    ("company_id", "in", french.ids),
                    ("company_id", "=", False),
                ]
            )
        )
        partners.write({"lang": IMLR_LANG})
        _logger.info("IML: %s contacts and users now in French.", len(partners))

    def _imlr_lang(self):
        """The association's language: the one its records, new partners and generated labels are written in
        (the company's partner's language, else French, the program being French)."""
        return (self[:1] or self.env.company).partner_id.lang or "fr_FR"

    def _imlr_format_date(self, date, date_format=False):
        """``date`` as the association writes it (« 05/12/2026 », or « janvier 2026 » with ``"MMMM y"``);
        empty without a date. Stored record names use it: never an ISO date."""
        if not date:
            return ""
        return format_date(self.env, date, lang_code=self._imlr_lang(), date_format=date_format)

    def _imlr_find_account(self, codes):
        """The company's first account whose code is one of ``codes`` or starts with it (in that order)."""
        accounts = (
            self.env["account.account"]
            .with_company(self)
            .search(
                [
                    *self.env["account.account"]._check_company_domain(self),
                    ("code", "=like", f"{codes[-1]}%"),
                    ("deprecated", "=", False),
                ]
            )
        )
        for code in codes:
            found = accounts.filtered(lambda account, code=code: account.code.startswith(code))
            if found:
                return found.sorted("code")[:1]
        return accounts.browse()

    def _imlr_rent_settings(self, required=RENT_RUN_SETTINGS):
        """The company's rent settings, defaults filled in: a dict of ``journal``, ``rent_product``,
        ``charges_product``, ``rent_account``, ``charges_account``, ``caf_partner``, ``apl_account``,
        ``due_day``. Raises a UserError naming the settings of ``required`` that have no value."""
        self.ensure_one()
        company = self.with_company(self)
        journal = self.imlr_rent_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self), ("type", "=", "sale")], limit=1
        )
        rent_product = self.imlr_rent_product_id or self.env.ref(
            "imlr_odoo.imlr_product_rent", raise_if_not_found=False
        )
        charges_product = self.imlr_charges_product_id or self.env.ref(
            "imlr_odoo.imlr_product_charges", raise_if_not_found=False
        )
        rent_product = (rent_product or self.env["product.product"]).with_company(company)
        charges_product = (charges_product or self.env["product.product"]).with_company(company)
        settings = {
            "journal": journal,
            "rent_product": rent_product,
            "charges_product": charges_product,
            "rent_account": self.imlr_rent_account_id
            or rent_product.property_account_income_id
            or self._imlr_find_account(RENT_ACCOUNT_CODES),
            "charges_account": self.imlr_charges_account_id
            or charges_product.property_account_income_id
            or self._imlr_find_account(CHARGES_ACCOUNT_CODES),
            "caf_partner": self.imlr_caf_partner_id
            or self.env.ref("imlr_odoo.imlr_partner_caf", raise_if_not_found=False),
            "apl_account": self.imlr_apl_account_id,
            "due_day": self.imlr_rent_due_day or 5,
        }
        labels = {
            "journal": self.env._("rent journal (a sales journal)"),
            "rent_product": self.env._("rent product"),
            "charges_product": self.env._("charges product"),
            "rent_account": self.env._("rent income account"),
            "charges_account": self.env._("charges income account"),
            "caf_partner": self.env._("CAF partner"),
            "apl_account": self.env._("APL clearing account"),
        }
        missing = [labels[key] for key in required if not settings[key]]
        if missing:
            raise UserError(
                self.env._(
                    "The IML rent settings of %(company)s are incomplete: %(missing)s. Set them in Settings › IML.",
                    company=self.display_name,
                    missing=", ".join(missing),
                )
            )
        return settings

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
