from odoo import fields, models


class ResCompany(models.Model):
    """GDPR retention settings (security issue #8, item 2)."""

    _inherit = "res.company"

    imlr_support_retention_months = fields.Integer(
        string="Support data retention (months)",
        default=24,
        help="Months the support data of a household is kept after the exit of its last stay (CNIL référentiel "
        "for the social sector: 2 years). The retention cron then anonymises the household and its persons; "
        "accounting entries stay for their legal period, on the anonymised contact.",
    )

    _sql_constraints = [
        (
            "imlr_support_retention_months_check",
            "CHECK (imlr_support_retention_months IS NULL OR imlr_support_retention_months >= 1)",
            "The support data retention must be at least one month.",
        ),
    ]
