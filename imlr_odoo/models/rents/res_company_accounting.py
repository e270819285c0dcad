import logging

from odoo import api, fields, models

# The journals of the IML documents: (company field, journal type, code, name). Their posted entries are chained
# by Odoo's inalterability hash (French rules on validated entries: PCG art. 420-5, CGI art. 286 I 3° bis). Odoo
# secures sale, purchase and miscellaneous journals as they post; it cannot secure bank and cash journals that way
# (a bank statement line is posted before it is reconciled): the households' payments are never reset to draft
# instead (account_move.py).
IML_JOURNALS = (
    ("imlr_rent_journal_id", "sale", "LOY", "Loyers"),
    ("imlr_landlord_journal_id", "purchase", "PROP", "Loyers propriétaires"),
    ("imlr_apl_journal_id", "general", "APL", "APL de la CAF"),
)

# PCG 165 "Dépôts et cautionnements reçus": the security deposits the households pay are a debt to them.
DEPOSIT_ACCOUNT_CODES = ("165100", "1651", "165")

_logger = logging.getLogger(__name__)


# kept apart from the main extension: what the IML app sets up in the company's books
class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

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
