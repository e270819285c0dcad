from odoo import fields, models


class CreditControlPolicy(models.Model):
    """The rent relances (the OCA's credit control): a policy marked for rents follows every household's
    receivable items, whatever the accounts it lists and the company's default policy."""

    _inherit = "credit.control.policy"

    imlr_rents = fields.Boolean(
        string="Rent relances",
        help="Follows the rents of the households: their receivable items, on any receivable account.",
    )

    def _move_lines_domain(self, credit_control_run):
        domain = super()._move_lines_domain(credit_control_run)
        if not self.imlr_rents:
            return domain
        # the household's receivable account, whichever it is (each company's chart has its own)
        return [
            *[term for term in domain if term[0] != "account_id"],
            ("account_id.account_type", "=", "asset_receivable"),
            ("partner_id.is_household", "=", True),
        ]

    def _due_move_lines(self, credit_control_run):
        if not self.imlr_rents:
            return super()._due_move_lines(credit_control_run)
        return self.env["account.move.line"].search(self._move_lines_domain(credit_control_run))
