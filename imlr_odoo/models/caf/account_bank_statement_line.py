import re

from odoo import models

CAF_LABEL = re.compile(r"\bCAF\b", re.IGNORECASE)


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    def _imlr_match_caf_transfers(self):
        """The CAF's transfers: an incoming line still in the suspense account, whose label or payer names the CAF
        and whose amount is that of one open CAF statement entry of its company (exactly one: otherwise the
        accountant chooses), pays that entry. Returns the lines matched."""
        candidates = self.filtered(
            lambda st_line: (
                st_line.currency_id.compare_amounts(st_line.amount, 0.0) > 0
                and st_line.company_id.imlr_caf_partner_id
                and CAF_LABEL.search(" ".join(filter(None, (st_line.payment_ref, st_line.partner_name))))
                and st_line._seek_for_lines()[1]
            )
        )
        if not candidates:
            return candidates
        entries = self.env["account.move.line"].search(
            [
                ("partner_id", "in", candidates.company_id.imlr_caf_partner_id.ids),
                ("company_id", "in", candidates.company_id.ids),
                ("move_id.imlr_caf_statement_id", "!=", False),
                ("account_id.reconcile", "=", True),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
            ]
        )
        by_amount = entries.grouped(lambda line: (line.company_id, line.currency_id.round(line.amount_residual)))
        matched = self.browse()
        for st_line in candidates:
            entry = by_amount.get((st_line.company_id, st_line.currency_id.round(st_line.amount)), entries.browse())
            if len(entry) != 1 or entry.reconciled:
                continue
            st_line.partner_id = entry.partner_id  # rebuilds the line's entry, suspense line included
            suspense = st_line._seek_for_lines()[1]
            suspense.with_context(skip_account_move_synchronization=True).account_id = entry.account_id
            (suspense | entry).reconcile()
            matched |= st_line
        return matched
