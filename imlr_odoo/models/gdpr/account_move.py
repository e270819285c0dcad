from odoo import models


class AccountMove(models.Model):
    """Households and persons never follow their own invoices (security issue #15, item 3).

    Posting an invoice subscribes its partner, and followers are listed with their names to any internal user:
    a household's name would reach a reader or another association. The household gets its documents by
    e-mail (avis d'échéance, quittance) without following the entry; the team follows it."""

    _inherit = "account.move"

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        if partner_ids:
            registry = (
                self.env["res.partner"]
                .sudo()  # sudo: only reads two flags of the partners given, to leave them out
                .browse(partner_ids)
                .filtered(lambda partner: partner.is_household or partner.is_imlr_person)
            )
            partner_ids = [partner_id for partner_id in partner_ids if partner_id not in registry.ids]
            if not partner_ids and not subtype_ids:
                return True
        return super()._message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids)
