from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .imlr_support_objective import OBJECTIVE_STATES


class ImlrSupportObjectiveReview(models.Model):
    """The evaluation of an objective at an amendment: its status then, and a few words."""

    _name = "imlr.support.objective.review"
    _description = "Objective review"
    _order = "amendment_id, objective_id"
    _rec_name = "objective_id"

    amendment_id = fields.Many2one(comodel_name="imlr.support.amendment", required=True, ondelete="cascade", index=True)
    objective_id = fields.Many2one(
        comodel_name="imlr.support.objective",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('contract_id', '=', contract_id)]",
    )
    contract_id = fields.Many2one(related="amendment_id.contract_id")
    area = fields.Selection(related="objective_id.area")
    date = fields.Date(related="amendment_id.date_start", string="Amendment start")
    state = fields.Selection(selection=OBJECTIVE_STATES, string="Status", required=True, default="in_progress")
    evaluation = fields.Text()

    _sql_constraints = [
        (
            "one_per_amendment",
            "UNIQUE (amendment_id, objective_id)",
            "An amendment reviews each objective once.",
        ),
    ]

    @api.constrains("amendment_id", "objective_id")
    def _check_same_contract(self):
        for review in self:
            if review.objective_id.contract_id != review.amendment_id.contract_id:
                raise ValidationError(
                    self.env._(
                        "%(amendment)s cannot review the objective %(objective)s of another contract.",
                        amendment=review.amendment_id.display_name,
                        objective=review.objective_id.name,
                    )
                )
