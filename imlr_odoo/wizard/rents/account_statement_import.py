import hashlib
from collections import Counter

from odoo import models


class AccountStatementImport(models.TransientModel):
    """The bank's files (CAMT.053, OFX, by the OCA's statement import): the lines of the imported statements go
    through the rent matching (account.bank.statement.line._imlr_match_rent_payments), then the CAF's transfers
    through theirs (_imlr_match_caf_transfers), as soon as they are in."""

    _inherit = "account.statement.import"

    def _complete_stmts_vals(self, stmts_vals, journal, account_number):
        """A transaction the file gives no id (the CAMT reader gives none) gets one made of what it says (date,
        amount, references, label; the n-th of identical ones): importing the file again, or a file that overlaps
        it, then skips it instead of paying the household's rent twice."""
        for st_vals in stmts_vals:
            occurrences = Counter()
            for transaction in st_vals["transactions"]:
                if transaction.get("unique_import_id"):
                    continue
                what = "|".join(str(transaction.get(key) or "") for key in ("date", "amount", "ref", "payment_ref"))
                occurrences[what] += 1
                digest = hashlib.sha256(what.encode()).hexdigest()[:32]
                transaction["unique_import_id"] = f"imlr-{digest}-{occurrences[what]}"
        return super()._complete_stmts_vals(stmts_vals, journal, account_number)

    def _create_bank_statements(self, stmts_vals, result):
        known = set(result["statement_ids"])
        res = super()._create_bank_statements(stmts_vals, result)
        statements = self.env["account.bank.statement"].browse(
            [sid for sid in result["statement_ids"] if sid not in known]
        )
        if statements:
            matched, unmatched = statements.line_ids._imlr_match_rent_payments()
            if matched:
                result["notifications"].append(
                    self.env._("%(count)s rent payments matched and reconciled.", count=len(matched))
                )
            caf = unmatched._imlr_match_caf_transfers()
            if caf:
                result["notifications"].append(
                    self.env._("%(count)s CAF transfers matched with their APL statements.", count=len(caf))
                )
        return res
