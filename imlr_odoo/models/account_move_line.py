from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _imlr_reconcile_oldest_first(self):
        """Reconcile these credit lines (a payment, the APL of a CAF statement…) with the open debit lines
        of the same partner and account, oldest due date first (Odoo's reconciliation sorts by due date).

        One batch of reconciliation plans, a plan per (partner, account): a whole CAF statement is matched
        in a single call. Returns the debit lines that took part."""
        credits = self.filtered(lambda line: not line.reconciled and line.partner_id and line.account_id.reconcile)
        if not credits:
            return self.browse()
        debits = self.search(
            [
                ("partner_id", "in", credits.partner_id.ids),
                ("account_id", "in", credits.account_id.ids),
                ("company_id", "in", credits.company_id.ids),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual", ">", 0),
            ]
        )
        debits_by_key = debits.grouped(lambda line: (line.partner_id, line.account_id))
        plan = []
        for key, group in credits.grouped(lambda line: (line.partner_id, line.account_id)).items():
            if key in debits_by_key:
                plan.append(group | debits_by_key[key])
        if plan:
            self._reconcile_plan(plan)
        return debits
