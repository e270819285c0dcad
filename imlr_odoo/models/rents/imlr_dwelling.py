from odoo import api, fields, models


class ImlrDwelling(models.Model):
    """Each dwelling is an analytic account of the plan "Logements": its rents, landlord bills and vacancy land on
    it, so that Odoo's analytic reports give the result per dwelling."""

    _inherit = "imlr.dwelling"

    analytic_account_id = fields.Many2one(
        comodel_name="account.analytic.account",
        string="Analytic account",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="Created with the dwelling, in the analytic plan 'Logements'.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # made now rather than by the first run: the runs then write nothing on the dwellings (two runs at once)
        dwellings = super().create(vals_list)
        dwellings._imlr_ensure_analytic_accounts()
        return dwellings

    def _imlr_ensure_analytic_accounts(self):
        """Give the dwellings that have none their analytic account, in one create."""
        missing = self.filtered(lambda dwelling: not dwelling.analytic_account_id)
        if not missing:
            return
        plan = self.env.ref("imlr_odoo.imlr_analytic_plan_dwellings")
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create(
                [
                    {"name": dwelling.name, "plan_id": plan.id, "company_id": dwelling.company_id.id}
                    for dwelling in missing
                ]
            )
        )
        for dwelling, account in zip(missing, accounts, strict=True):
            dwelling.sudo().analytic_account_id = account

    def _imlr_analytic_distribution(self):
        """The analytic distribution of a line of this dwelling: all of it on the dwelling's account."""
        self.ensure_one()
        self._imlr_ensure_analytic_accounts()
        return {str(self.analytic_account_id.id): 100.0}
