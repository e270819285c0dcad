from odoo import models


class AccountMoveReversal(models.TransientModel):
    _inherit = "account.move.reversal"

    def _modify_default_reverse_values(self, origin_move):
        """ "Reverse and create new": the new invoice bills the same sublease and month as the one it replaces,
        so that its rent documents print and the month stays billed once (the reversed invoice's payment state
        written first: the unique key of the month spares reversed invoices)."""
        origin_move.flush_recordset(["payment_state"])
        values = {**super()._modify_default_reverse_values(origin_move), **origin_move._imlr_month_link_values()}
        if origin_move.imlr_sublease_id and self.date:
            # dated the day of the correction, due as the month was (or that day)
            values["invoice_date"] = self.date
            values["invoice_date_due"] = max(origin_move.invoice_date_due or self.date, self.date)
        return values
