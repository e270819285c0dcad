from odoo import api, fields, models


class ImlrSublease(models.Model):
    """The security deposit in the books: received and returned as payments of the household on the deposits
    account (165), so that what the association holds is what its accounts say."""

    _inherit = "imlr.sublease"

    deposit_payment_ids = fields.One2many(
        comodel_name="account.payment", inverse_name="imlr_deposit_sublease_id", string="Deposit payments"
    )
    deposit_held = fields.Monetary(
        string="Deposit held",
        compute="_compute_deposit_held",
        help="Received less returned, from the posted deposit payments.",
    )

    @api.depends("deposit_payment_ids.state", "deposit_payment_ids.amount", "deposit_payment_ids.payment_type")
    def _compute_deposit_held(self):
        groups = self.env["account.payment"]._read_group(
            [("imlr_deposit_sublease_id", "in", self._origin.ids), ("state", "in", ("in_process", "paid"))],
            ["imlr_deposit_sublease_id", "payment_type"],
            ["amount:sum"],
        )
        held = {}
        for sublease, payment_type, amount in groups:
            held[sublease] = held.get(sublease, 0.0) + (amount if payment_type == "inbound" else -amount)
        for sublease in self:
            sublease.deposit_held = held.get(sublease._origin, 0.0)

    def _imlr_deposit_wizard_action(self, purpose, amount):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_rent_payment_wizard_action")
        action["name"] = dict(self.env["imlr.rent.payment.wizard"]._fields["purpose"]._description_selection(self.env))[
            purpose
        ]
        action["context"] = {
            "default_purpose": purpose,
            "default_household_id": self.household_id.id,
            "default_sublease_id": self.id,
            "default_company_id": self.company_id.id,
            "default_amount": amount,
            "default_method": "transfer",
        }
        return action

    def action_imlr_deposit_received(self):
        return self._imlr_deposit_wizard_action("deposit", self.deposit - self.deposit_held)

    def action_imlr_deposit_return(self):
        return self._imlr_deposit_wizard_action("deposit_return", self.deposit_held)
