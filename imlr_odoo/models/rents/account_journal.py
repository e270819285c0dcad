from odoo import api, fields, models


class AccountJournal(models.Model):
    _inherit = "account.journal"

    def _imlr_secure(self):
        """Turn on the hash chain of these journals. The entries they already hold are secured at once, so that the
        chain of the next posting starts after them, whatever gaps their past numbering has (a cancelled invoice)."""
        to_secure = self.filtered(lambda journal: not journal.restrict_mode_hash_table)
        if not to_secure:
            return
        to_secure.sudo().restrict_mode_hash_table = True
        posted = (
            self.env["account.move"]
            .sudo()
            .search([("journal_id", "in", to_secure.ids), ("state", "=", "posted"), ("inalterable_hash", "=", False)])
        )
        if posted:
            posted._hash_moves(force_hash=True, raise_if_gap=False, raise_if_no_document=False)

    @api.model
    def _cron_imlr_secure_payments(self):
        """Daily: the payments of the bank and cash journals (households', the CAF's) dated before this month are
        secured by the hash chain. Odoo cannot hash these journals as they post (their statement lines wait to be
        reconciled): the payments' own chain is hashed here, the statement lines' is left alone."""
        first_of_month = fields.Date.context_today(self).replace(day=1)
        payments = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    # Odoo hashes as the user (not as superuser): the companies the cron's user works in
                    ("company_id", "in", self.env.companies.ids),
                    ("journal_id.type", "in", ("bank", "cash")),
                    ("origin_payment_id", "!=", False),
                    ("state", "=", "posted"),
                    ("inalterable_hash", "=", False),
                    ("date", "<", first_of_month),
                ]
            )
        )
        if payments:
            payments._hash_moves(force_hash=True, raise_if_gap=False, raise_if_no_document=False)
