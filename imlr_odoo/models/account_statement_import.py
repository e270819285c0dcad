from odoo import models


class AccountStatementImport(models.TransientModel):
    """The bank's files (CAMT.053, OFX, by the OCA's statement import): the lines of the imported statements go
    through the rent matching (account.bank.statement.line._imlr_match_rent_payments) as soon as they are in."""

    _inherit = "account.statement.import"

    def _create_bank_statements(self, stmts_vals, result):
        known = set(result["statement_ids"])
        res = super()._create_bank_statements(stmts_vals, result)
        statements = self.env["account.bank.statement"].browse(
            [sid for sid in result["statement_ids"] if sid not in known]
        )
        if statements:
            matched, _unmatched = statements.line_ids._imlr_match_rent_payments()
            if matched:
                result["notifications"].append(
                    self.env._("%(count)s rent payments matched and reconciled.", count=len(matched))
                )
        return res
