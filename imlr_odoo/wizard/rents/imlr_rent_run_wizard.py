from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.tools import format_date


class ImlrRentRunWizard(models.TransientModel):
    """The monthly rent run by hand: preview what the run would bill, then create and post the invoices."""

    _name = "imlr.rent.run.wizard"
    _description = "Monthly rent run"

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
        comodel_name="imlr.rent.run.wizard.line",
        inverse_name="wizard_id",
        string="Preview",
        compute="_compute_line_ids",
        store=True,
        readonly=True,
    )
    total = fields.Monetary(compute="_compute_total")
    catch_up_warning = fields.Char(string="Months to catch up", compute="_compute_catch_up_warning")

    @api.depends("date", "company_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            if wizard.date:
                subleases = (
                    self.env["imlr.sublease"].with_company(wizard.company_id)._rent_subleases_to_bill(wizard.date)
                )
                for sublease, period in subleases._rent_periods_due(wizard.date):
                    amounts = sublease._rent_amounts(period)
                    commands.append(
                        Command.create(
                            {
                                "sublease_id": sublease.id,
                                "period_start": period,
                                "days": amounts["days"],
                                "month_days": amounts["month_days"],
                                "rent": amounts["rent"],
                                "charges": amounts["charges"],
                            }
                        )
                    )
            wizard.line_ids = commands

    @api.depends("line_ids.period_start", "date")
    def _compute_catch_up_warning(self):
        """Months before the previous one still unbilled: the run catches them up, and says so first."""
        for wizard in self:
            late = wizard.date and wizard.line_ids.filtered(
                lambda line, wizard=wizard: line.period_start < wizard.date.replace(day=1) - relativedelta(months=1)
            )
            wizard.catch_up_warning = late and self.env._(
                "%(count)s invoices of months before last month are not billed yet (the oldest: %(month)s): this "
                "run bills them too. Check the list below, or set the billing start in the settings.",
                count=len(late),
                month=format_date(self.env, min(late.mapped("period_start")), date_format="MMMM y"),
            )

    @api.depends("line_ids.total")
    def _compute_total(self):
        for wizard in self:
            wizard.total = sum(wizard.line_ids.mapped("total"))

    def action_create_invoices(self):
        """Create and post the invoices (the same run as the daily cron), then show them."""
        self.ensure_one()
        moves = self.env["imlr.sublease"].with_company(self.company_id)._imlr_rent_run(self.date)
        if not moves:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "No invoice created: nothing left to bill up to %(date)s, or another rent run is going on.",
                        date=self.date,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_rent_invoice_action")
        action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action
