from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class ImlrPsychologicalSession(models.Model):
    """A session with the psychologist. Confidential: only the psychologist group has access rights to this
    model, and a record rule limits each psychologist to the supports assigned to them (or not assigned yet)."""

    _name = "imlr.psychological.session"
    _description = "Psychological session"
    _order = "date desc, id desc"

    support_id = fields.Many2one(
        comodel_name="imlr.psychological.support", required=True, ondelete="cascade", index=True
    )
    household_id = fields.Many2one(related="support_id.household_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    duration = fields.Float(string="Duration (hours)", digits=(4, 2))
    psychologist_id = fields.Many2one(comodel_name="res.users", default=lambda self: self.env.user)
    note = fields.Text()

    _sql_constraints = [
        ("duration_positive", "CHECK (duration IS NULL OR duration >= 0)", "A duration cannot be negative."),
    ]

    @api.constrains("support_id", "date")
    def _check_support_accepted(self):
        for session in self:
            support = session.support_id
            if support.state != "accepted" or session.date < support.date_decision:
                raise ValidationError(
                    self.env._(
                        "The session of %(date)s needs the psychological support %(support)s to be accepted first.",
                        date=format_date(self.env, session.date),
                        support=support.name,
                    )
                )
