import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

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


IML_JOURNALS = (
    ("imlr_rent_journal_id", "sale", "LOY", "Loyers"),
    ("imlr_landlord_journal_id", "purchase", "PROP", "Loyers propriétaires"),
    ("imlr_apl_journal_id", "general", "APL", "APL de la CAF"),
)

DEPOSIT_ACCOUNT_CODES = ("165100", "1651", "165")

_logger = logging.getLogger(__name__)

PAYMENT_MEANS = (
    ("transfer", "imlr_pay_by_transfer"),
    ("direct_debit", "imlr_pay_by_direct_debit"),
    ("cheque", "imlr_pay_by_cheque"),
    ("cash", "imlr_pay_by_cash"),
)


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
    # the CAF's impayé rule (tiers payant), named once: the arrears (imlr.household.arrears) read it
    imlr_impaye_factor = fields.Integer(
        string="Impayé threshold (months of reste à charge)",
        default=2,
        required=True,
        help="A household becomes an impayé to report to the CAF when its overdue debt reaches this many times its "
        "monthly reste à charge (rent and charges less the APL): 2 under the CAF's rules.",
    )
    imlr_impaye_delay_months = fields.Integer(
        string="Impayé report delay (months)",
        default=2,
        required=True,
        help="The CAF is told of an impayé within this many months of the day it arose: 2 under the CAF's rules.",
    )

    _sql_constraints = [
        (
            "imlr_rent_due_day_range",
            "CHECK (imlr_rent_due_day IS NULL OR imlr_rent_due_day BETWEEN 1 AND 28)",
            "The rent due day must be between 1 and 28.",
        ),
        ("imlr_impaye_factor_positive", "CHECK (imlr_impaye_factor > 0)", "The impayé threshold must be positive."),
        (
            "imlr_impaye_delay_positive",
            "CHECK (imlr_impaye_delay_months > 0)",
            "The impayé report delay must be at least one month.",
        ),
    ]

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

    imlr_deposit_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Security deposits account",
        domain="[('deprecated', '=', False), ('account_type', 'in', ('liability_non_current', 'liability_current'))]",
        check_company=True,
        help="Where the security deposits received from the households are kept until returned; empty: 165100 "
        "Dépôts (dépôts et cautionnements reçus).",
    )

    @api.model
    def _imlr_setup_accounting_all(self):
        """Set up the books of every company that has a chart of accounts (when the app is installed on a
        database already keeping its accounts)."""
        for company in self.sudo().search([("chart_template", "!=", False)]):
            company._imlr_setup_accounting()

    def _imlr_setup_accounting(self):
        """The company's IML journals (created when none is chosen), each secured by the hash chain, and its cash
        journals' receipts booked on the cash account itself. Run when a French chart of accounts is loaded, when
        the app is installed, and by the 18.0.1.2.0 migration; changes nothing the second time."""
        self.ensure_one()
        journals = self.env["account.journal"].sudo().with_company(self)
        company_domain = journals._check_company_domain(self)
        for field, journal_type, code, name in IML_JOURNALS:
            journal = self[field]
            if not journal:
                journal = journals.search(
                    [*company_domain, ("type", "=", journal_type), ("code", "=", code)], limit=1
                ) or journals.create({"name": name, "code": code, "type": journal_type, "company_id": self.id})
                self.sudo()[field] = journal
            journal._imlr_secure()
        for journal in journals.search([*company_domain, ("type", "=", "cash")]):
            # Cash received (or paid) at the office is in (or out of) the till at once (530), not "outstanding" as
            # a transfer is until the bank's statement shows it.
            lines = (journal.inbound_payment_method_line_ids | journal.outbound_payment_method_line_ids).filtered(
                lambda line: not line.payment_account_id
            )
            lines.payment_account_id = journal.default_account_id

    def _imlr_deposit_account(self):
        self.ensure_one()
        return self.imlr_deposit_account_id or self._imlr_find_account(DEPOSIT_ACCOUNT_CODES)

    # What the rent documents say of the association (accounting issue, item 9): who signs the quittances,
    # and the payment means an avis d'échéance offers (never one the association does not accept).
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
