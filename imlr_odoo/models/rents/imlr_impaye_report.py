from odoo import api, fields, models


class ImlrImpayeReport(models.Model):
    """The report of an impayé to the CAF (tiers payant: within 2 months of the date it arose): a dated fact,
    one per household and impayé, so that the follow-up knows it was done and when."""

    _name = "imlr.impaye.report"
    _description = "Impayé reported to the CAF"
    _order = "date_reported desc, id desc"
    _check_company_auto = True

    household_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_household', '=', True)]",
        check_company=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    impaye_date = fields.Date(string="Impayé since", required=True, help="The day the impayé arose.")
    date_reported = fields.Date(
        string="Reported on", required=True, default=lambda self: self.env["res.partner"]._imlr_today()
    )
    user_id = fields.Many2one(comodel_name="res.users", string="Reported by", default=lambda self: self.env.user)
    note = fields.Text()

    _sql_constraints = [
        (
            "impaye_once",
            "UNIQUE (household_id, company_id, impaye_date)",
            "This impayé of this household has already been reported to the CAF.",
        ),
        ("reported_after_impaye", "CHECK (date_reported >= impaye_date)", "An impayé is reported after it arose."),
    ]

    @api.model
    def _reported(self, households):
        """{(household id, company id, impayé date)} already reported, for these households: one search."""
        reports = self.search_fetch(
            [("household_id", "in", households.ids)], ["household_id", "company_id", "impaye_date"]
        )
        return {(report.household_id.id, report.company_id.id, report.impaye_date) for report in reports}
