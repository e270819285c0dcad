from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    program_id = fields.Many2one(comodel_name="imlr.program", required=True, tracking=True)
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
