from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class AccountMove(models.Model):
    """Landlord bills: a vendor bill of the monthly landlord run is linked to its main lease and month
    (``imlr_period_start``, shared with the rent invoices).

    The pair (lease, month) is the key that stops double billing: a partial unique index over the vendor
    bills that are not cancelled. Same rules as the rent invoices: a cancelled bill frees its month, a credit
    note keeps the link, a duplicate does not copy it, a posted bill is never deleted."""

    _inherit = "account.move"

    imlr_lease_id = fields.Many2one(
        comodel_name="imlr.lease",
        string="Main lease",
        ondelete="restrict",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )

    _sql_constraints = [
        (
            "imlr_landlord_period_check",
            "CHECK (imlr_lease_id IS NULL OR (imlr_period_start IS NOT NULL "
            "AND EXTRACT(DAY FROM imlr_period_start) = 1))",
            "A landlord bill bills a month: its rent month is the first day of that month.",
        ),
    ]

    def init(self):
        res = super().init()
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS account_move_imlr_landlord_period_uniq
                   ON account_move (imlr_lease_id, imlr_period_start)
                   WHERE imlr_lease_id IS NOT NULL AND move_type = 'in_invoice' AND state != 'cancel'"""
            )
        )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_landlord_bill(self):
        """A landlord bill once posted stays: corrections go through credit notes."""
        posted = self.filtered(lambda move: move.imlr_lease_id and move.posted_before)
        if posted:
            raise UserError(
                self.env._(
                    "Landlord bill %(bill)s has been posted: it cannot be deleted. Issue a credit note to correct it.",
                    bill=posted[0].display_name,
                )
            )

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """Credit notes stay linked to the main lease and month they correct."""
        default_values_list = default_values_list or [{} for _move in self]
        for move, default_values in zip(self, default_values_list, strict=True):
            if move.imlr_lease_id:
                default_values.setdefault("imlr_lease_id", move.imlr_lease_id.id)
                default_values.setdefault("imlr_period_start", move.imlr_period_start)
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    def _imlr_landlord_bills_action(self, empty_message):
        """The list of these landlord bills, or a notification saying ``empty_message`` when there is none."""
        if not self:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"type": "warning", "message": empty_message},
            }
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_landlord_bill_action")
        action["domain"] = [("id", "in", self.ids)]
        return action
