from odoo import fields, models

from ..registry.res_partner import TEAM_GROUP


class ResPartner(models.Model):
    """A household's subleases (the form's smart button)."""

    _inherit = "res.partner"

    imlr_sublease_count = fields.Integer(string="Subleases", compute="_compute_imlr_sublease_count", groups=TEAM_GROUP)

    def _compute_imlr_sublease_count(self):
        counts = self._imlr_count_by_household("imlr.sublease")
        for partner in self:
            partner.imlr_sublease_count = counts.get(partner, 0)

    def action_open_subleases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_sublease_action")
        action["domain"] = [("household_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
