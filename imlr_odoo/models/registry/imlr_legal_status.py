from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_date

from ...tools import job_lock
from ...tools.cron import in_association_language
from .res_partner import LEGAL_STATUSES

RENEWAL_NOTICE_DAYS = 90  # residence-permit renewals are filed up to three months ahead


class ImlrLegalStatus(models.Model):
    """A person's legal status from a date on; a new row records a change, history is kept."""

    _name = "imlr.legal.status"
    _description = "Legal status"
    _order = "partner_id, date_start desc, id desc"
    _rec_name = "status"

    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Person", required=True, ondelete="cascade", index=True
    )
    status = fields.Selection(selection=LEGAL_STATUSES, required=True)
    date_start = fields.Date(string="Since", required=True)
    permit_expiry_date = fields.Date(string="Residence permit expiry")
    note = fields.Char()

    _sql_constraints = [
        ("one_per_day", "UNIQUE (partner_id, date_start)", "A person has one legal status per date."),
        (
            "expiry_after_start",
            "CHECK (permit_expiry_date IS NULL OR permit_expiry_date >= date_start)",
            "The residence permit cannot expire before the status starts.",
        ),
    ]

    @api.model
    def _current_by_partner(self, partner_ids, date):
        """{partner id: the status row in force on ``date``} in one query."""
        rows = self.search([("partner_id", "in", partner_ids), ("date_start", "<=", date)])
        current = {}
        for row in rows:  # ordered by date_start desc: the first row seen is the one in force
            current.setdefault(row.partner_id.id, row)
        return current

    @api.model
    @in_association_language
    def _cron_schedule_permit_renewals(self):
        """Plan an activity on each person whose residence permit expires within the notice period."""
        if not job_lock.acquire(self.env.cr, "imlr.permit.renewals"):
            return
        today = fields.Date.context_today(self)
        persons = self.env["res.partner"].search(
            [
                ("is_imlr_person", "=", True),
                ("legal_status_ids.permit_expiry_date", "<=", today + timedelta(RENEWAL_NOTICE_DAYS)),
            ]
        )
        current = self._current_by_partner(persons.ids, today)
        activity_type = self.env.ref("imlr_odoo.mail_activity_type_permit_renewal")
        planned = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", persons.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        for status in current.values():
            expiry = status.permit_expiry_date
            if not expiry or status.partner_id.id in planned or expiry > today + timedelta(RENEWAL_NOTICE_DAYS):
                continue
            status.partner_id.activity_schedule(
                act_type_xmlid="imlr_odoo.mail_activity_type_permit_renewal",
                date_deadline=max(today, expiry - timedelta(days=60)),
                summary=self.env._("Residence permit expires on %s", format_date(self.env, expiry)),
                user_id=status.partner_id._imlr_social_worker().id or self.env.user.id,
            )
