from odoo import fields, models

from ..registry.res_partner import SOCIAL_GROUP


class ResPartner(models.Model):
    """A household's interventions (the form's smart button)."""

    _inherit = "res.partner"

    imlr_intervention_count = fields.Integer(
        string="Interventions", compute="_compute_imlr_intervention_count", groups=SOCIAL_GROUP
    )

    def _compute_imlr_intervention_count(self):
        counts = self._imlr_count_by_household("imlr.intervention")
        for partner in self:
            partner.imlr_intervention_count = counts.get(partner, 0)

    def action_open_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_intervention_action")
        action["domain"] = [("household_id", "=", self.id)]
        stay = self.stay_ids.filtered(lambda stay: stay._is_present_at(self._imlr_today()))[:1]
        action["context"] = {"default_stay_id": stay.id} if stay else {"create": False}
        return action
