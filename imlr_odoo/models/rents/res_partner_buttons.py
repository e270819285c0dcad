"""The household form's smart buttons: members, subleases, open rent lines, interventions.

Kept apart from ``res_partner.py`` (the registry); same model. Every count is one grouped query for all the
households shown.
"""

from odoo import fields, models

from ..registry.res_partner import SOCIAL_GROUP, TEAM_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    imlr_sublease_count = fields.Integer(string="Subleases", compute="_compute_imlr_sublease_count", groups=TEAM_GROUP)
    imlr_intervention_count = fields.Integer(
        string="Interventions", compute="_compute_imlr_intervention_count", groups=SOCIAL_GROUP
    )

    def _imlr_count_by_household(self, model):
        return dict(self.env[model]._read_group([("household_id", "in", self.ids)], ["household_id"], ["__count"]))

    def _compute_imlr_sublease_count(self):
        counts = self._imlr_count_by_household("imlr.sublease")
        for partner in self:
            partner.imlr_sublease_count = counts.get(partner, 0)

    def _compute_imlr_intervention_count(self):
        counts = self._imlr_count_by_household("imlr.intervention")
        for partner in self:
            partner.imlr_intervention_count = counts.get(partner, 0)

    def action_open_members(self):
        """The persons who are members today (the history is on the Members tab)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_person_action")
        action["domain"] = [("id", "in", self.current_member_ids.ids)]
        action["context"] = {"create": False}
        return action

    def action_open_subleases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_sublease_action")
        action["domain"] = [("household_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_open_interventions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_intervention_action")
        action["domain"] = [("household_id", "=", self.id)]
        stay = self.stay_ids.filtered(lambda stay: stay._is_present_at(self._imlr_today()))[:1]
        action["context"] = {"default_stay_id": stay.id} if stay else {"create": False}
        return action

    def action_imlr_open_receivable(self):
        """What makes up the balance: the household's open receivable journal items."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_account_moves_all")
        action.update(
            name=self.env._("Rent account of %(household)s", household=self.display_name),
            domain=[
                ("partner_id", "=", self.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ],
            context={"create": False},
        )
        return action
