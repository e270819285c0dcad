from odoo import Command, api, fields, models


class ImlrLandlordBillWizard(models.TransientModel):
    """The landlord bill run by hand: preview the vendor bills the run would make, then create and post them on
    confirmation (opening the menu alone writes nothing)."""

    _name = "imlr.landlord.bill.wizard"
    _description = "Landlord bill run"

    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Bills every month not billed yet up to the month of this date.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many(
        comodel_name="imlr.landlord.bill.wizard.line",
        inverse_name="wizard_id",
        string="Preview",
        compute="_compute_line_ids",
        store=True,
        readonly=True,
    )
    bill_count = fields.Integer(string="Bills to create", compute="_compute_total")
    total = fields.Monetary(compute="_compute_total")

    @api.depends("date", "company_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            if wizard.date:
                leases = self.env["imlr.lease"].with_company(wizard.company_id)._leases_to_bill(wizard.date)
                for lease, period in leases._landlord_periods_due(wizard.date):
                    amounts = lease._rent_month_amounts(period)
                    if lease.currency_id.is_zero(amounts["rent"] + amounts["charges"]):
                        continue  # the run makes no bill of nothing
                    commands.append(
                        Command.create(
                            {
                                "lease_id": lease.id,
                                "period_start": period,
                                "days": amounts["days"],
                                "month_days": amounts["month_days"],
                                "rent": amounts["rent"],
                                "charges": amounts["charges"],
                            }
                        )
                    )
            wizard.line_ids = commands

    @api.depends("line_ids.total")
    def _compute_total(self):
        for wizard in self:
            wizard.bill_count = len(wizard.line_ids)
            wizard.total = sum(wizard.line_ids.mapped("total"))

    def action_create_bills(self):
        """Create and post the bills (the same run as the daily cron), then show them."""
        self.ensure_one()
        moves = self.env["imlr.lease"].with_company(self.company_id)._imlr_landlord_bill_run(self.date)
        return moves._imlr_landlord_bills_action(
            self.env._(
                "No landlord bill created: nothing left to bill up to %(date)s, or another landlord run is going on.",
                date=self.company_id._imlr_format_date(self.date),
            )
        )
