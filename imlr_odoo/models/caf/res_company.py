from odoo import fields, models
from odoo.exceptions import UserError


# kept apart from the main extension so that parallel branches merge without conflict
class ResCompany(models.Model):
    """Settings of the CAF's monthly APL statement (tiers payant)."""

    _inherit = "res.company"

    imlr_apl_journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="APL journal",
        domain="[('type', '=', 'general')]",
        check_company=True,
        help="Miscellaneous journal of the entries of the CAF's APL statements; empty: the company's first "
        "miscellaneous journal.",
    )

    def _imlr_caf_settings(self):
        """The rent settings plus ``apl_journal``, defaults filled in; raises a UserError naming what is missing
        to post a CAF statement (the CAF partner, a miscellaneous journal)."""
        self.ensure_one()
        settings = self._imlr_rent_settings(required=("caf_partner",))
        settings["apl_journal"] = self.imlr_apl_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self), ("type", "=", "general")], limit=1
        )
        if not settings["apl_journal"]:
            raise UserError(
                self.env._(
                    "%(company)s has no miscellaneous journal for the APL entries: create one or choose it in "
                    "Settings › IML.",
                    company=self.display_name,
                )
            )
        return settings
