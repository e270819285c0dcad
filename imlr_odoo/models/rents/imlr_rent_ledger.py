"""The matching rules of the rent ledger: which open item each credit pays.

Tiers payant: the APL of month M is deducted from the rent of month M, the household owes the rest. A rent
invoice carries two receivable items, the household's share and the CAF's part (``imlr_rent_part``); a CAF
statement's entry carries one item per household and month (``imlr_rent_month``). Every credit of a
household's receivable account is reconciled by these rules, whoever brings it in (CAF statement, office
payment, bank statement line, rent run, migration):

1. the APL of month M pays the CAF part of M's invoice, then its household share (an APL higher than
   expected lowers what the household owes for M); an indus of M taken back first. While M has no invoice
   yet, the APL waits, open, and the rent run applies it when it bills M;
2. a credit note of month M pays the household share of M, then its CAF part; a household's payment that
   names month M (the debtor says which debt it pays, Code civil art. 1342-10 al. 1: "LOYER <household>
   <YYYY-MM>") pays the household share of M, then M's CAF part if the CAF has not paid it by its due date;
   a payment for a month not billed yet waits for its invoice, like an early APL;
3. what is left of any credit is the household's money: it pays the household shares and other debts,
   oldest due date first (Code civil art. 1342-10 al. 2), then the CAF parts already due (the household
   pays what the CAF did not), then stays as an advance that the rent run applies to the next invoices.

"Due" is judged at the credit's date, or at the run's date for the advances the rent run applies.

Odoo's reconciliation does the accounting (partials, full reconciles, payment states): these rules only
decide the pairs and their order, in one ``_reconcile_plan`` call for a whole batch.
"""

from odoo import api, models


class ImlrRentLedger(models.AbstractModel):
    _name = "imlr.rent.ledger"
    _description = "Rent ledger matching rules"

    @api.model
    def _open_items_domain(self, lines, sign):
        """Open posted items of the partners, accounts and companies of ``lines``: debits (sign 1) or credits (-1)."""
        return [
            ("partner_id", "in", lines.partner_id.ids),
            ("account_id", "in", lines.account_id.ids),
            ("company_id", "in", lines.company_id.ids),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual", ">" if sign > 0 else "<", 0),
        ]

    @api.model
    def _allocate(self, credits, date=None):
        """Reconcile ``credits`` (open credit items of receivable accounts) by the rules of the module's
        docstring, judging what is due at each credit's date or at ``date`` if later. Returns the debit items
        that were looked at."""
        credits = credits.filtered(
            lambda line: not line.reconciled and line.account_id.reconcile and line.partner_id and line.balance < 0
        )
        if not credits:
            return self.env["account.move.line"]
        debits = self.env["account.move.line"].search(self._open_items_domain(credits, 1))
        months_billed = self._months_billed(credits)
        debits_by_key = debits.grouped(lambda line: (line.partner_id, line.account_id, line.company_id))
        targeted, fallback = [], []
        for credit in credits.sorted(lambda line: (line.date, line.id)):
            key = (credit.partner_id, credit.account_id, credit.company_id)
            candidates = debits_by_key.get(key, self.env["account.move.line"])
            month = self._credit_month(credit)
            if credit.imlr_rent_month and (credit.partner_id.id, month) not in months_billed:
                continue  # paid before its month's invoice: waits for the rent run
            horizon = max(credit.date, date) if date else credit.date
            due = candidates.filtered(lambda line, horizon=horizon: self._is_due(line, horizon))
            if month:
                targeted += [credit | debit for debit in self._month_targets(credit, month, candidates, due)]
            fallback += [credit | debit for debit in due.sorted(self._household_money_order)]
        if targeted or fallback:
            self.env["account.move.line"]._reconcile_plan(targeted + fallback)
        return debits

    @api.model
    def _apply_open_credits(self, partners, companies, date=None):
        """Apply the open credits of ``partners`` (advances, early APL) to their open items, judging what is
        due at ``date``: after billing."""
        if not partners:
            return self.env["account.move.line"]
        credits = self.env["account.move.line"].search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "in", companies.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", "<", 0),
            ]
        )
        return self._allocate(credits, date=date)

    @api.model
    def _reopen_for_indus(self, indus_lines):
        """An indus (the CAF takes back the APL of month M, a debit item of its statement's entry) reopens
        month M: the APL of M is unreconciled from M's invoice, pays the indus first, and what is left of it
        pays M again (rule 1). Without APL of M matched, the indus stays open as the household's debt."""
        indus_lines = indus_lines.filtered(lambda line: line.imlr_rent_month and line.balance > 0)
        if not indus_lines:
            return
        apl_credits = self.env["account.move.line"].search(
            [
                *self._open_items_domain(indus_lines, -1)[:4],
                ("imlr_rent_month", "in", list(set(indus_lines.mapped("imlr_rent_month")))),
                ("balance", "<", 0),
                ("move_id.imlr_caf_statement_id", "!=", False),
            ]
        )
        wanted = {(line.partner_id, line.imlr_rent_month) for line in indus_lines}
        apl_credits = apl_credits.filtered(lambda line: (line.partner_id, line.imlr_rent_month) in wanted)
        partials = apl_credits.matched_debit_ids.filtered(
            lambda partial: partial.debit_move_id.move_id.imlr_period_start == partial.credit_move_id.imlr_rent_month
        )
        partials.unlink()
        self._allocate(apl_credits)

    # ------------------------------------------------------------------ helpers

    @api.model
    def _credit_month(self, credit):
        """The rent month a credit pays first: the one it names (APL, payment), its credit note's, else None."""
        if credit.imlr_rent_month:
            return credit.imlr_rent_month
        if credit.move_id.move_type == "out_refund" and credit.move_id.imlr_period_start:
            return credit.move_id.imlr_period_start
        return None

    @api.model
    def _months_billed(self, credits):
        """{(household id, month)} of the posted rent invoices of the months ``credits`` name."""
        apl = credits.filtered("imlr_rent_month")
        if not apl:
            return set()
        invoices = self.env["account.move"].search_fetch(
            [
                ("partner_id", "in", apl.partner_id.ids),
                ("imlr_period_start", "in", list(set(apl.mapped("imlr_rent_month")))),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "!=", "reversed"),  # a month being corrected waits for its new invoice
            ],
            ["partner_id", "imlr_period_start"],
        )
        return {(invoice.partner_id.id, invoice.imlr_period_start) for invoice in invoices}

    @api.model
    def _month_targets(self, credit, month, candidates, due):
        """The items of month ``month`` that ``credit`` pays first, in order (rules 1 and 2); ``due``: the
        candidates due at the credit's date."""
        if credit.move_id.imlr_caf_statement_id:
            order = {"indus": 0, "caf": 1, "household": 2}
        else:
            order = {"household": 0, "caf": 1}

        def kind(line):
            if line.move_id.imlr_caf_statement_id:
                return "indus" if line.imlr_rent_month == month else None
            if line.move_id.move_type == "out_invoice" and line.move_id.imlr_period_start == month:
                return line.imlr_rent_part or "household"
            return None

        def eligible(line):
            # a household's payment pays the CAF's part of its month only once the CAF has failed to
            payment = not credit.move_id.imlr_caf_statement_id and credit.move_id.move_type != "out_refund"
            return kind(line) in order and not (payment and kind(line) == "caf" and line not in due)

        return candidates.filtered(eligible).sorted(lambda line: (order[kind(line)], line.id))

    @staticmethod
    def _is_due(line, date):
        """Household money pays any household share or other debt, and a CAF part only once it is due."""
        return line.imlr_rent_part != "caf" or (line.date_maturity or line.date) <= date

    @staticmethod
    def _household_money_order(line):
        """Household shares and other debts first, then the CAF parts; each oldest due date first."""
        return (line.imlr_rent_part == "caf", line.date_maturity or line.date, line.id)
