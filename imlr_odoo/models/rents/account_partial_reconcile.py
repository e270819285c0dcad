from odoo import api, models


class AccountPartialReconcile(models.Model):
    """A repayment plan closes when its invoices are paid, and opens again when a payment is unreconciled:
    every reconciliation goes through these partials."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        plans = self.env["imlr.repayment.plan"]._imlr_plans_of_moves(partials.debit_move_id.move_id)
        plans._imlr_update_closed()
        return partials

    def unlink(self):
        moves = self.debit_move_id.move_id
        res = super().unlink()
        self.env["imlr.repayment.plan"]._imlr_plans_of_moves(moves)._imlr_update_closed()
        return res
