from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

INTERVENTION_TYPES = [
    ("office", "Office appointment"),
    ("home_visit", "Home visit"),
    ("joint_visit", "Joint visit"),
    ("phone", "Phone call"),
    ("partner_accompaniment", "Accompaniment to a partner"),
]
VISIT_TYPES = ("home_visit", "joint_visit")
VISIT_DONE_MARGIN_DAYS = 7  # a visit made up to a week after the planned date fulfils it


class ImlrIntervention(models.Model):
    """A meeting with a household during its stay: office appointment (often the monthly rent), home visit,
    joint visit of the social worker and the rent manager, phone call, accompaniment to a partner."""

    _name = "imlr.intervention"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Intervention"
    _order = "date desc, id desc"

    name = fields.Char(string="Subject", required=True)
    stay_id = fields.Many2one(comodel_name="imlr.stay", required=True, ondelete="restrict", index=True)
    household_id = fields.Many2one(related="stay_id.household_id", store=True, index=True)
    program_id = fields.Many2one(related="stay_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="stay_id.company_id", store=True, index=True)
    intervention_type = fields.Selection(
        selection=INTERVENTION_TYPES, string="Type", required=True, default="office", index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    duration = fields.Float(string="Duration (hours)", digits=(4, 2))
    user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="imlr_intervention_res_users_rel",
        column1="intervention_id",
        column2="user_id",
        string="Staff",
        default=lambda self: self.env.user,
    )
    attendee_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="imlr_intervention_res_partner_rel",
        column1="intervention_id",
        column2="partner_id",
        string="Persons met",
        help="Members of the household and partners present.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        domain=[("is_household", "=", False), ("is_imlr_person", "=", False)],
        help="The partner (CAF, CPAM, school…) the household was accompanied to.",
    )
    note = fields.Text()
    date_next = fields.Date(string="Next visit", help="Plans an activity for the household's referent on that date.")

    _sql_constraints = [
        ("duration_positive", "CHECK (duration IS NULL OR duration >= 0)", "A duration cannot be negative."),
        (
            "accompaniment_has_partner",
            "CHECK (intervention_type != 'partner_accompaniment' OR partner_id IS NOT NULL)",
            "An accompaniment names the partner the household was accompanied to.",
        ),
        ("next_after", "CHECK (date_next IS NULL OR date_next > date)", "The next visit comes after this one."),
    ]

    @api.constrains("intervention_type", "user_ids")
    def _check_joint_visit(self):
        for intervention in self:
            if intervention.intervention_type == "joint_visit" and len(intervention.user_ids) < 2:
                raise ValidationError(
                    self.env._(
                        "The joint visit %(intervention)s of %(date)s needs two staff members, the social worker "
                        "and the rent manager.",
                        intervention=intervention.name,
                        date=format_date(self.env, intervention.date),
                    )
                )

    @api.constrains("stay_id", "date")
    def _check_date(self):
        for intervention in self:
            stay = intervention.stay_id
            if stay.date_exit and intervention.date > stay.date_exit:
                raise ValidationError(
                    self.env._(
                        "%(intervention)s of %(date)s comes after %(household)s left on %(exit)s.",
                        intervention=intervention.name,
                        date=format_date(self.env, intervention.date),
                        household=stay.household_id.display_name,
                        exit=format_date(self.env, stay.date_exit),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        interventions = super().create(vals_list)
        interventions._close_visit_activities()
        interventions.filtered("date_next")._schedule_next_visits()
        return interventions

    def write(self, vals):
        result = super().write(vals)
        if {"date", "intervention_type"} & vals.keys():
            self._close_visit_activities()
        if vals.get("date_next"):
            self._schedule_next_visits()
        return result

    def _visit_activity_type(self):
        return self.env.ref("imlr_odoo.mail_activity_type_support_visit")

    def _schedule_next_visits(self):
        """An activity on the stay for each next visit planned; safe to call twice (one per stay and date)."""
        activity_type = self._visit_activity_type()
        contracts = self.env["imlr.support.contract"]
        planned = contracts._planned_activity_ids("imlr.stay", self.stay_id.ids, activity_type, by_deadline=True)
        vals_list, seen = [], set(planned)
        for intervention in self:
            key = (intervention.stay_id.id, intervention.date_next)
            if key in seen:
                continue
            seen.add(key)
            vals_list.append(
                {
                    "res_id": intervention.stay_id.id,
                    "date_deadline": intervention.date_next,
                    "summary": self.env._("Next visit to %(household)s", household=intervention.household_id.name),
                    "user_id": (intervention.stay_id.social_worker_id or intervention.user_ids[:1] or self.env.user).id,
                }
            )
        contracts._create_activities("imlr.stay", activity_type, vals_list)

    def _close_visit_activities(self):
        """A visit made fulfils the visits planned for that household up to a week later."""
        visits = self.filtered(lambda intervention: intervention.intervention_type in VISIT_TYPES)
        if not visits:
            return
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "imlr.stay"),
                ("res_id", "in", visits.stay_id.ids),
                ("activity_type_id", "=", self._visit_activity_type().id),
            ]
        )
        done = activities.filtered(
            lambda activity: any(
                visit.stay_id.id == activity.res_id
                and activity.date_deadline <= visit.date + timedelta(days=VISIT_DONE_MARGIN_DAYS)
                for visit in visits
            )
        )
        if done:
            done.action_feedback(feedback=self.env._("Visit made."))
