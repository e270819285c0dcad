import re
from datetime import date

from odoo import models
from odoo.exceptions import AccessError, UserError

# the reference of the rent invoices: "LOYER <household ref, else its id> <YYYY-MM>"
RENT_REFERENCE = re.compile(r"\bLOYER\s+([^\s/]+)(?:\s+(\d{4})-(\d{2})\b)?", re.IGNORECASE)


class AccountBankStatementLine(models.Model):
    _inherit = "account.bank.statement.line"

    def _imlr_rent_months(self):
        """{statement line: the month its "LOYER <household> <YYYY-MM>" reference names}, where it names one."""
        months = {}
        for st_line in self:
            match = RENT_REFERENCE.search(" ".join(filter(None, (st_line.payment_ref, st_line.ref))))
            if match and match.group(2) and 1 <= int(match.group(3)) <= 12:
                months[st_line] = date(int(match.group(2)), int(match.group(3)), 1)
        return months

    def _imlr_rent_households(self):
        """{statement line: household} for these lines: the household whose reference follows "LOYER" in the
        label or reference of the line, else the line's partner when it is a household. One search for all."""
        tokens = {}
        for st_line in self:
            match = RENT_REFERENCE.search(" ".join(filter(None, (st_line.payment_ref, st_line.ref))))
            if match:
                tokens[st_line] = match.group(1).upper()
        households = self.env["res.partner"]
        if tokens:
            values = set(tokens.values())
            ids = [int(value) for value in values if value.isdigit()]
            households = households.search(
                [
                    ("is_household", "=", True),
                    "|",
                    ("ref", "in", list(values | {value.lower() for value in values})),
                    "&",
                    ("id", "in", ids),
                    ("ref", "=", False),
                ]
            )
        by_token = {(household.ref or str(household.id)).upper(): household for household in households}
        result = {}
        for st_line in self:
            household = by_token.get(tokens.get(st_line))
            if not household and st_line.partner_id.is_household:
                household = st_line.partner_id
            if household:
                result[st_line] = household
        return result

    def _imlr_match_rent_payments(self):
        """Turn these statement lines into rent payments where a household is found: the suspense line of
        each becomes the household's receivable, then it is reconciled by the rules of the rent ledger
        (imlr.rent.ledger), the way Odoo's own tests reconcile a statement line without the reconciliation
        widget. What is paid beyond the open items stays as an advance.

        Only incoming lines still waiting in the suspense account are looked at; the others, and the lines
        no household matches, are left as they are. Returns (matched lines, unmatched lines)."""
        candidates = self.filtered(
            lambda st_line: (
                st_line.currency_id.compare_amounts(st_line.amount, 0.0) > 0 and st_line._seek_for_lines()[1]
            )
        )
        households = candidates._imlr_rent_households()
        matched = self.browse([st_line.id for st_line in candidates if st_line in households])
        unmatched = self - matched
        if not matched:
            return matched, unmatched
        receivables = {}
        for st_line in matched:
            household = households[st_line].with_company(st_line.company_id)
            receivable = household.property_account_receivable_id
            if not receivable:
                raise UserError(
                    self.env._("Household %(household)s has no receivable account.", household=household.display_name)
                )
            receivables[st_line] = receivable
        # the partner first: changing it rebuilds the line's entry (suspense line included)
        for household, st_lines in matched.grouped(lambda st_line: households[st_line]).items():
            st_lines.filtered(
                lambda st_line, household=household: st_line.partner_id != household
            ).partner_id = household
        credits = self.env["account.move.line"]
        for receivable, st_lines in matched.grouped(lambda st_line: receivables[st_line]).items():
            suspense = self.env["account.move.line"].union(*(st_line._seek_for_lines()[1] for st_line in st_lines))
            suspense.with_context(skip_account_move_synchronization=True).account_id = receivable
            credits |= suspense
        # the month the household names is paid first (imlr.rent.ledger, rule 2); the credit is no longer in the
        # suspense account here: found by its entry
        for st_line, month in matched._imlr_rent_months().items():
            credits.filtered(lambda line, move=st_line.move_id: line.move_id == move).imlr_rent_month = month
        self.env["imlr.rent.ledger"]._allocate(credits)
        return matched, unmatched

    def action_imlr_match_rent_payments(self):
        """Match the selected lines and say what was done, naming the lines left alone."""
        # Odoo lets only accountants write statement lines; rent managers match rent payments through this
        # action alone: it checks that the user may write these lines' company records and is a rent
        # manager, then does only what _imlr_match_rent_payments does (set partner and receivable, reconcile)
        # as superuser.
        self.check_access("read")
        if not self.env.user.has_group("imlr_odoo.group_imlr_rent_manager"):
            raise AccessError(self.env._("Only rent managers may match rent payments."))
        self.move_id.check_access("read")
        self.env["account.move.line"].check_access("write")
        matched, unmatched = self.sudo()._imlr_match_rent_payments()
        message = self.env._("%(count)s rent payments matched and reconciled.", count=len(matched))
        if unmatched:
            message += "\n" + self.env._(
                "Left alone (no household found, not a receipt, or already reconciled): %(lines)s",
                lines=", ".join(unmatched.mapped(lambda st_line: st_line.payment_ref or st_line.display_name)),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Match rent payments"),
                "message": message,
                "type": "warning" if unmatched else "success",
                "sticky": bool(unmatched),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
