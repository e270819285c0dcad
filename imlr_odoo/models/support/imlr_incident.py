from odoo import api, fields, models
from odoo.exceptions import ValidationError

INCIDENT_TYPES = [
    ("leak", "Leak"),
    ("window", "Window"),
    ("mould", "Mould"),
    ("heating", "Heating"),
    ("electricity", "Electricity"),
    ("other", "Other"),
]


class ImlrIncident(models.Model):
    """A technical problem in a dwelling, handled by the rent manager with a contractor."""

    _name = "imlr.incident"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Technical incident"
    _order = "date_reported desc, id desc"

    name = fields.Char(string="Description", required=True, tracking=True)
    dwelling_id = fields.Many2one(
        comodel_name="imlr.dwelling", required=True, ondelete="restrict", index=True, tracking=True
    )
    place_id = fields.Many2one(
        comodel_name="imlr.place",
        ondelete="set null",
        domain="[('dwelling_id', '=', dwelling_id)]",
        help="The colocation room concerned, if any.",
    )
    stay_id = fields.Many2one(
        comodel_name="imlr.stay",
        string="Reported by (stay)",
        ondelete="set null",
        index="btree_not_null",
        help="The stay of the household that reported the problem.",
    )
    household_id = fields.Many2one(related="stay_id.household_id", store=True)
    company_id = fields.Many2one(related="dwelling_id.company_id", store=True, index=True)
    incident_type = fields.Selection(selection=INCIDENT_TYPES, string="Type", required=True, tracking=True)
    date_reported = fields.Date(string="Reported on", required=True, default=fields.Date.context_today, tracking=True)
    contractor_id = fields.Many2one(
        comodel_name="res.partner",
        domain=[("is_household", "=", False), ("is_imlr_person", "=", False)],
        tracking=True,
    )
    date_intervention = fields.Date(string="Intervention on", tracking=True)
    date_resolved = fields.Date(string="Resolved on", tracking=True)
    state = fields.Selection(
        selection=[
            ("reported", "Reported"),
            ("scheduled", "Intervention scheduled"),
            ("resolved", "Resolved"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        required=True,
        default="reported",
        tracking=True,
    )
    note = fields.Text()
    user_id = fields.Many2one(comodel_name="res.users", string="Handled by", default=lambda self: self.env.user)

    _sql_constraints = [
        (
            "intervention_after_report",
            "CHECK (date_intervention IS NULL OR date_intervention >= date_reported)",
            "The contractor comes after the problem is reported.",
        ),
        (
            "resolved_after_report",
            "CHECK (date_resolved IS NULL OR date_resolved >= date_reported)",
            "A problem is resolved after it is reported.",
        ),
        (
            "resolved_has_date",
            "CHECK (state != 'resolved' OR date_resolved IS NOT NULL)",
            "A resolved incident has a resolution date.",
        ),
        (
            "scheduled_has_date",
            "CHECK (state != 'scheduled' OR date_intervention IS NOT NULL)",
            "A scheduled intervention has a date.",
        ),
    ]

    @api.constrains("stay_id", "dwelling_id", "date_reported")
    def _check_stay_in_dwelling(self):
        for incident in self.filtered("stay_id"):
            if incident.dwelling_id not in incident.stay_id.sublease_ids.dwelling_id:
                raise ValidationError(
                    self.env._(
                        "The incident %(incident)s is reported by %(household)s, who never lived in %(dwelling)s.",
                        incident=incident.name,
                        household=incident.household_id.display_name,
                        dwelling=incident.dwelling_id.display_name,
                    )
                )

    def action_schedule(self):
        self.filtered(lambda incident: incident.date_intervention).state = "scheduled"

    def action_resolve(self):
        today = fields.Date.context_today(self)
        self.filtered(lambda incident: not incident.date_resolved).date_resolved = today
        self.state = "resolved"

    def action_cancel(self):
        self.state = "cancelled"
