from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class AccountMove(models.Model):
    """Rent invoices: an invoice of the monthly rent run is linked to its sublease and month.

    The pair (sublease, month) is the key that stops double billing: a partial unique index over the
    customer invoices that are not cancelled. A cancelled invoice frees its month (the next run bills it
    again); a credit note keeps the link (for the sublease's account) but is not an invoice, so it never
    collides; a duplicate does not copy the link.

    Landlord bills likewise: a vendor bill of the monthly landlord run is linked to its main lease and month
    (``imlr_lease_id``, ``imlr_period_start``), unique over the vendor bills not cancelled, never deleted once
    posted.
    """

    _inherit = "account.move"

    imlr_sublease_id = fields.Many2one(
        comodel_name="imlr.sublease",
        string="Sublease",
        ondelete="restrict",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
    imlr_period_start = fields.Date(
        string="Rent month",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="First day of the month this rent invoice bills.",
    )

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
            "imlr_rent_period_check",
            "CHECK (imlr_sublease_id IS NULL OR EXTRACT(DAY FROM imlr_period_start) = 1)",
            "A rent invoice bills a month: its rent month is the first day of that month.",
        ),
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
                """CREATE UNIQUE INDEX IF NOT EXISTS account_move_imlr_rent_period_uniq
                   ON account_move (imlr_sublease_id, imlr_period_start)
                   WHERE imlr_sublease_id IS NOT NULL AND move_type = 'out_invoice' AND state != 'cancel'"""
            )
        )
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS account_move_imlr_landlord_period_uniq
                   ON account_move (imlr_lease_id, imlr_period_start)
                   WHERE imlr_lease_id IS NOT NULL AND move_type = 'in_invoice' AND state != 'cancel'"""
            )
        )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_rent_invoice(self):
        """A rent invoice once posted stays: corrections go through credit notes."""
        posted = self.filtered(lambda move: move.imlr_sublease_id and move.posted_before)
        if posted:
            raise UserError(
                self.env._(
                    "Rent invoice %(invoice)s has been posted: it cannot be deleted. "
                    "Issue a credit note to correct it.",
                    invoice=posted[0].display_name,
                )
            )

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
        """Credit notes stay linked to the sublease (or main lease) and month they correct."""
        default_values_list = default_values_list or [{} for _move in self]
        for move, default_values in zip(self, default_values_list, strict=True):
            if move.imlr_sublease_id:
                default_values.setdefault("imlr_sublease_id", move.imlr_sublease_id.id)
                default_values.setdefault("imlr_period_start", move.imlr_period_start)
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
