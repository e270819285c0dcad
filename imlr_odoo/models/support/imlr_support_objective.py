from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

OBJECTIVE_AREAS = [
    ("housing", "Rehousing"),
    ("budget", "Budget"),
    ("rights", "Rights (CAF, CPAM)"),
    ("family_reunification", "Family reunification"),
    ("parenting", "Parenting"),
    ("schooling", "Schooling"),
    ("health", "Health"),
    ("employment", "Employment, training"),
    ("french", "French language"),
    ("other", "Other"),
]

OBJECTIVE_STATES = [
    ("in_progress", "In progress"),
    ("achieved", "Achieved"),
    ("partial", "Partly achieved"),
    ("abandoned", "Abandoned"),
]
OPEN_STATES = ("in_progress", "partial")  # the objectives an amendment reviews


class ImlrSupportObjective(models.Model):
    """An objective of a support contract (axe d'accompagnement), set at the contract or at an amendment.

    Its status is the one given by its latest review (one per amendment), and can be set by hand in between.
    """

    _name = "imlr.support.objective"
    _description = "Support objective"
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one(comodel_name="imlr.support.contract", required=True, ondelete="cascade", index=True)
    household_id = fields.Many2one(related="contract_id.household_id", store=True, index=True)
    amendment_id = fields.Many2one(
        comodel_name="imlr.support.amendment",
        string="Set at amendment",
        ondelete="set null",
        index="btree_not_null",
        domain="[('contract_id', '=', contract_id)]",
        help="Empty for the objectives set when the contract was signed.",
    )
    sequence = fields.Integer(default=10)
    area = fields.Selection(selection=OBJECTIVE_AREAS, string="Domain", required=True)
    name = fields.Char(string="Objective", required=True)
    state = fields.Selection(
        selection=OBJECTIVE_STATES,
        string="Status",
        default="in_progress",
        compute="_compute_state",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The status given by the latest review, or set by hand.",
    )
    review_ids = fields.One2many(
        comodel_name="imlr.support.objective.review", inverse_name="objective_id", string="Reviews"
    )
    evaluation = fields.Text(
        string="Latest evaluation", compute="_compute_state", store=True, readonly=False, precompute=True
    )

    @api.depends("review_ids.state", "review_ids.evaluation", "review_ids.amendment_id.date_start")
    def _compute_state(self):
        for objective in self:
            latest = objective.review_ids.sorted(
                lambda review: (review.amendment_id.date_start or date.max, review._origin.id or 0)
            )[-1:]
            if latest:
                objective.state = latest.state
                objective.evaluation = latest.evaluation
            elif not objective.state:
                objective.state = "in_progress"

    @api.constrains("contract_id", "amendment_id")
    def _check_amendment_contract(self):
        for objective in self:
            if objective.amendment_id and objective.amendment_id.contract_id != objective.contract_id:
                raise ValidationError(
                    self.env._(
                        "The objective %(objective)s belongs to another contract than %(amendment)s.",
                        objective=objective.name,
                        amendment=objective.amendment_id.display_name,
                    )
                )
