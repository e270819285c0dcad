from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ImlrOrientation(models.Model):
    """A referral of a household to a program, usually by the SIAO through SI-SIAO."""

    _name = "imlr.orientation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Orientation"
    _order = "date desc, id desc"
    _rec_name = "siao_reference"

    siao_reference = fields.Char(string="Reference", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    source = fields.Selection(
        selection=[("siao", "SIAO"), ("national_platform", "National platform"), ("other", "Other")],
        required=True,
        default="siao",
    )
    household_id = fields.Many2one(
        comodel_name="res.partner", required=True, index=True, domain=[("is_household", "=", True)], tracking=True
    )
    program_id = fields.Many2one(
        comodel_name="imlr.program",
        required=True,
        tracking=True,
        default=lambda self: self.env.ref("imlr_odoo.imlr_program_imlr", raise_if_not_found=False),
    )
    outcome = fields.Selection(
        selection=[("pending", "Pending"), ("admitted", "Admitted"), ("not_admitted", "Not admitted")],
        required=True,
        default="pending",
        tracking=True,
    )
    refusal_motif = fields.Selection(
        selection=[
            ("direct_attribution", "Direct attribution without support"),
            ("refused_association", "Refused by the association"),
            ("refused_household", "Refused by the household"),
            ("already_housed", "Already housed"),
            ("other", "Other"),
        ],
        string="Motif",
        tracking=True,
    )
    decision_date = fields.Date(tracking=True)
    note = fields.Text()
    stay_ids = fields.One2many(comodel_name="imlr.stay", inverse_name="orientation_id", string="Stays")
    company_id = fields.Many2one(comodel_name="res.company", default=lambda self: self.env.company, index=True)

    _sql_constraints = [
        ("reference_unique", "UNIQUE (siao_reference, company_id)", "This orientation reference already exists."),
        (
            "motif_check",
            "CHECK ((outcome = 'not_admitted') = (refusal_motif IS NOT NULL))",
            "A motif is given when, and only when, the household was not admitted.",
        ),
        (
            "decision_after_orientation",
            "CHECK (decision_date IS NULL OR decision_date >= date)",
            "The decision cannot precede the orientation.",
        ),
    ]

    @api.constrains("outcome", "refusal_motif")
    def _check_motif(self):
        for orientation in self:
            if (orientation.outcome == "not_admitted") != bool(orientation.refusal_motif):
                raise ValidationError(
                    self.env._(
                        "Orientation %s: give a motif when, and only when, the household is not admitted.",
                        orientation.siao_reference,
                    )
                )

    def action_admit(self):
        """Admit the household: a new stay form filled in from the orientation. Saving the stay marks the
        orientation admitted (see ``imlr.stay.create``); leaving without saving changes nothing."""
        self.ensure_one()
        if self.outcome == "not_admitted":
            raise UserError(
                self.env._("Orientation %(reference)s was not admitted: no stay.", reference=self.siao_reference)
            )
        if self.stay_ids:
            raise UserError(
                self.env._("Orientation %(reference)s already has its stay.", reference=self.siao_reference)
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Admission"),
            "res_model": "imlr.stay",
            "view_mode": "form",
            "views": [(self.env.ref("imlr_odoo.imlr_stay_view_form").id, "form")],
            "target": "current",
            "context": {
                "default_household_id": self.household_id.id,
                "default_program_id": self.program_id.id,
                "default_orientation_id": self.id,
                "default_date_entry": fields.Date.to_string(max(self.date, fields.Date.context_today(self))),
                "default_company_id": self.company_id.id,
            },
        }

    def _mark_admitted(self):
        """The pending orientations of new stays are admitted, decided today (not before the orientation)."""
        pending = self.filtered(lambda orientation: orientation.outcome == "pending")
        today = fields.Date.context_today(self)
        for decision_date, orientations in pending.grouped(lambda o: max(o.date, today)).items():
            orientations.write({"outcome": "admitted", "decision_date": decision_date})
