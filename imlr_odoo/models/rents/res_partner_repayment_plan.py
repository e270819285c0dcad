"""A household's repayment plans (rents issue, item 5).

Kept apart from ``res_partner.py`` (the registry model) while both change, like ``imlr_sublease_rent.py``;
same model.
"""

from odoo import fields, models


# a second res.partner extension on purpose (see the docstring): merged with res_partner.py once it settles
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    imlr_repayment_plan_ids = fields.One2many(
        comodel_name="imlr.repayment.plan", inverse_name="household_id", string="Repayment plans"
    )
    imlr_repayment_plan_count = fields.Integer(
        compute="_compute_imlr_repayment_plan_count", string="Repayment plans count"
    )

    def _compute_imlr_repayment_plan_count(self):
        counts = dict(
            self.env["imlr.repayment.plan"]._read_group(
                [("household_id", "in", self.ids)], ["household_id"], ["__count"]
            )
        )
        for partner in self:
            partner.imlr_repayment_plan_count = counts.get(partner, 0)

    def action_open_repayment_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_repayment_plan_action")
        action["domain"] = [("household_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_create_repayment_plan(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_repayment_plan_wizard_action")
        action["context"] = {"default_household_id": self.id}
        return action
