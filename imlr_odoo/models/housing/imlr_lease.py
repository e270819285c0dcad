from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class ImlrLease(models.Model):
    """The main lease (bail principal) under which the association rents a dwelling."""

    _name = "imlr.lease"
    _inherit = ["mail.thread", "imlr.date.range.mixin"]
    _description = "Main lease"
    # the lease is in its dwelling's company: its landlord must be too, or shared by all companies
    _check_company_auto = True
    _order = "dwelling_id, date_start desc"

    name = fields.Char(compute="_compute_name", store=True)
    dwelling_id = fields.Many2one(
        comodel_name="imlr.dwelling", required=True, ondelete="cascade", index=True, tracking=True
    )
    landlord_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_landlord_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        check_company=True,
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", tracking=True, help="Last day covered by the lease.")
    end_reason = fields.Selection(
        selection=[("returned", "Returned to the landlord"), ("glissement", "Glissement de bail"), ("other", "Other")],
        tracking=True,
    )
    rent = fields.Monetary(required=True, tracking=True)
    charges = fields.Monetary()
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_sliding = fields.Boolean(
        string="Bail glissant", help="Tripartite lease meant to slide to the household at the end of its stay."
    )
    company_id = fields.Many2one(related="dwelling_id.company_id", store=True)

    _sql_constraints = [
        ("date_check", "CHECK (date_end IS NULL OR date_end >= date_start)", "A lease must end after it starts."),
        ("amounts_positive", "CHECK (rent >= 0 AND COALESCE(charges, 0) >= 0)", "Rent and charges cannot be negative."),
        (
            "end_reason_check",
            "CHECK (end_reason IS NULL OR date_end IS NOT NULL)",
            "An end reason needs an end date.",
        ),
        (
            "no_overlap",
            "EXCLUDE USING gist (dwelling_id WITH =, daterange(date_start, date_end, '[]') WITH &&) "
            "DEFERRABLE INITIALLY DEFERRED",
            "A dwelling has one main lease at a time.",
        ),
    ]

    @api.depends("dwelling_id.name", "date_start", "company_id")
    def _compute_name(self):
        for lease in self:
            lease.name = f"{lease.dwelling_id.name or ''} ({lease.company_id._imlr_format_date(lease.date_start)})"

    @api.onchange("date_end")
    def _onchange_date_end(self):
        if not self.date_end:
            self.end_reason = False

    @api.depends("dwelling_id")
    def _compute_landlord_id(self):
        for lease in self:
            lease.landlord_id = lease.landlord_id or lease.dwelling_id.landlord_id

    @api.constrains("dwelling_id", "date_start", "date_end")
    def _check_overlap(self):
        for lease, clash in self._overlapping_rows(["dwelling_id"]).items():
            raise ValidationError(
                self.env._(
                    "%(dwelling)s already has a main lease from %(start)s: leases of a dwelling cannot overlap.",
                    dwelling=lease.dwelling_id.display_name,
                    start=format_date(self.env, clash.date_start),
                )
            )
