from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

PSYCHOLOGIST_GROUP = "imlr_odoo.group_imlr_psychologist"
MANAGER_GROUP = "imlr_odoo.group_imlr_manager"


class ImlrPsychologicalSupport(models.Model):
    """An orientation of a household (or one of its members) to the program's psychologist.

    The orientation itself — proposed, then accepted or refused, with its dates — is known to the team, which
    counts it in the annual report. What is said in the sessions is confidential: the notes and the sessions
    are readable by the psychologist group only (field groups here, access rights and a record rule on
    ``imlr.psychological.session``). The model has no chatter, so nothing confidential lands in a message.
    Each psychologist reads and writes the supports assigned to them (or not assigned yet) only, a record rule
    in imlr_support_security.xml; who is assigned is the manager's choice, or the psychologist's own for an
    unassigned support (``_check_psychologist_assignment``).
    """

    _name = "imlr.psychological.support"
    _description = "Psychological support"
    _order = "date_proposed desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    stay_id = fields.Many2one(comodel_name="imlr.stay", required=True, ondelete="restrict", index=True)
    household_id = fields.Many2one(related="stay_id.household_id", store=True, index=True)
    program_id = fields.Many2one(related="stay_id.program_id", store=True, index=True)
    company_id = fields.Many2one(related="stay_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Person",
        domain=[("is_imlr_person", "=", True)],
        help="The member of the household concerned; empty for the whole household.",
    )
    date_proposed = fields.Date(string="Proposed on", required=True, default=fields.Date.context_today)
    proposed_by_id = fields.Many2one(comodel_name="res.users", string="Proposed by", default=lambda self: self.env.user)
    state = fields.Selection(
        selection=[("proposed", "Proposed"), ("accepted", "Accepted"), ("refused", "Refused")],
        string="Orientation",
        required=True,
        default="proposed",
    )
    date_decision = fields.Date(string="Answered on", help="Day the household accepted or refused.")
    psychologist_id = fields.Many2one(
        comodel_name="res.users",
        domain=lambda self: [("groups_id", "in", self.env.ref(PSYCHOLOGIST_GROUP).ids)],
    )
    date_end = fields.Date(string="Support ended on")
    notes = fields.Text(string="Psychologist's notes", groups=PSYCHOLOGIST_GROUP)
    session_ids = fields.One2many(
        comodel_name="imlr.psychological.session",
        inverse_name="support_id",
        string="Sessions",
        groups=PSYCHOLOGIST_GROUP,
    )
    session_count = fields.Integer(compute="_compute_session_count", groups=PSYCHOLOGIST_GROUP)

    _sql_constraints = [
        (
            "decision_dated",
            "CHECK ((state = 'proposed') = (date_decision IS NULL))",
            "An accepted or refused orientation has the date of the answer, a proposed one has none.",
        ),
        (
            "decision_after_proposal",
            "CHECK (date_decision IS NULL OR date_decision >= date_proposed)",
            "The household answers after the proposal.",
        ),
        (
            "end_after_decision",
            "CHECK (date_end IS NULL OR (state = 'accepted' AND date_end >= date_decision))",
            "Only an accepted support ends, after it was accepted.",
        ),
    ]

    @api.depends("household_id.name", "partner_id.name", "date_proposed", "company_id")
    def _compute_name(self):
        for support in self:
            who = support.partner_id.name or support.household_id.name or ""
            support.name = f"{who} ({support.company_id._imlr_format_date(support.date_proposed)})"

    @api.depends("session_ids")
    def _compute_session_count(self):
        for support in self:
            support.session_count = len(support.session_ids)

    @api.constrains("stay_id", "date_proposed")
    def _check_during_stay(self):
        for support in self:
            stay = support.stay_id
            if support.date_proposed < stay.date_entry or (stay.date_exit and support.date_proposed >= stay.date_exit):
                raise ValidationError(
                    self.env._(
                        "The psychological orientation %(support)s is proposed outside the stay of %(household)s.",
                        support=support.name,
                        household=stay.household_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("psychologist_id"):
                self.browse()._check_psychologist_assignment(vals["psychologist_id"])
        return super().create(vals_list)

    def write(self, vals):
        if "psychologist_id" in vals:
            self._check_psychologist_assignment(vals["psychologist_id"])
        return super().write(vals)

    def _check_psychologist_assignment(self, psychologist_id):
        """Assigning or changing the psychologist of these supports is the manager's act; a psychologist may
        take an unassigned support for themselves."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        own = (
            self.env.user.has_group(PSYCHOLOGIST_GROUP)
            and psychologist_id == self.env.uid
            and not any(support.psychologist_id for support in self)
        )
        unchanged = all(support.psychologist_id.id == (psychologist_id or False) for support in self) and self
        if not (own or unchanged):
            raise AccessError(
                self.env._(
                    "Only the head of service assigns the psychologist of a psychological support; a psychologist "
                    "may take an unassigned support for themselves."
                )
            )

    def action_accept(self):
        self.write({"state": "accepted", "date_decision": fields.Date.context_today(self)})

    def action_refuse(self):
        self.write({"state": "refused", "date_decision": fields.Date.context_today(self)})
