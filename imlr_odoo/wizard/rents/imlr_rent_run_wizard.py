import logging

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

_logger = logging.getLogger(__name__)


class ImlrRentRunWizard(models.TransientModel):
    """The monthly rent run by hand: preview what the run would bill, then create and post the invoices.

    A run that fits in one chunk of the billing run (``imlr.rent.mixin._billing_chunk``) is done at once. A
    longer one (a federation's month, a catch-up) is handed to a job (``ir_cron_rent_run_wizard``) that bills a
    chunk per transaction and commits it: the wizard shows how far it is (a progress bar, refreshed by its
    button), and the invoices already posted stay posted if the job is stopped (the next run bills the rest)."""

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
    state = fields.Selection(
        selection=[("preview", "Preview"), ("running", "Running"), ("done", "Done"), ("failed", "Stopped")],
        default="preview",
        required=True,
        readonly=True,
    )
    invoice_todo = fields.Integer(string="Invoices to post", readonly=True)
    invoice_done = fields.Integer(string="Invoices posted", readonly=True)
    progress = fields.Float(compute="_compute_progress", help="Share of the invoices posted so far, in percent.")
    move_ids = fields.Many2many(comodel_name="account.move", string="Invoices", readonly=True)
    error_message = fields.Text(string="Why the run stopped", readonly=True)

    @api.depends("invoice_done", "invoice_todo")
    def _compute_progress(self):
        for wizard in self:
            todo = wizard.invoice_todo
            wizard.progress = round(100.0 * min(wizard.invoice_done, todo) / todo, 1) if todo else 0.0

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
        """Create and post the invoices (the same run as the daily cron), then show them; a run longer than one
        chunk goes to the job, and the wizard stays open on its progress."""
        self.ensure_one()
        if len(self.line_ids) > self.env["imlr.sublease"]._billing_chunk():
            self.write({"state": "running", "invoice_todo": len(self.line_ids), "invoice_done": 0})
            self.env.ref("imlr_odoo.ir_cron_rent_run_wizard")._trigger()
            return self._reopen_action()
        moves = self.env["imlr.sublease"].with_company(self.company_id)._imlr_rent_run(self.date)
        if not moves:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._(
                        "No invoice created: nothing left to bill up to %(date)s, or another rent run is going on.",
                        date=format_date(self.env, self.date),
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return self._invoices_action(moves)

    def action_refresh(self):
        """The wizard again, with the job's progress as committed so far."""
        return self._reopen_action()

    def action_open_invoices(self):
        self.ensure_one()
        return self._invoices_action(self.move_ids)

    def _reopen_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Monthly rent run"),
        }

    def _invoices_action(self, moves):
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_rent_invoice_action")
        action["domain"] = [("id", "in", moves.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    @api.model
    def _cron_run_wizards(self):
        """The job of the wizards whose run was started: one chunk of invoices per call, as the user who
        started it, in the wizard's company; Odoo's cron commits after each call and calls again while
        invoices remain (``_notify_progress``), so the wizard's progress is seen as it goes."""
        wizard = self.search([("state", "=", "running")], order="id", limit=1)
        if not wizard:
            return
        posted = 0
        try:
            with self.env.cr.savepoint():
                posted = self._run_chunk(wizard)
        except psycopg2.OperationalError:
            raise  # a lock or a serialization conflict: Odoo's cron tries again later
        except Exception as error:  # whatever stops the run is told in the wizard
            _logger.exception("Rent run wizard %s stopped", wizard.id)
            message = error.args[0] if isinstance(error, UserError) else str(error)
            wizard.write({"state": "failed", "error_message": message})
        # done: at least this wizard's step, so that Odoo calls again for the others still running
        others = self.search_count([("state", "=", "running")])
        self.env["ir.cron"]._notify_progress(done=posted or 1, remaining=others)

    def _run_chunk(self, wizard):
        """Bill one chunk of ``wizard``'s run and record how far it is; returns the number of invoices posted."""
        chunk = self.env["imlr.sublease"]._billing_chunk()
        # as the user who started it, in their language: a cron's context has none, and the reason of a stop is
        # stored for them to read
        user = wizard.create_uid
        subleases = (
            self.env["imlr.sublease"].with_user(user).with_company(wizard.company_id).with_context(lang=user.lang)
        )
        moves = subleases._imlr_rent_run(wizard.date, limit=chunk)
        done = wizard.invoice_done + len(moves)
        # nothing billed: all done (or another run billed the rest meanwhile)
        finished = not moves or not subleases._rent_subleases_to_bill(wizard.date)
        wizard.write(
            {
                "invoice_done": done,
                "invoice_todo": done if finished else max(wizard.invoice_todo, done),
                "state": "done" if finished else "running",
                "move_ids": [Command.link(move.id) for move in moves],
            }
        )
        _logger.info("Rent run wizard %s: %s/%s invoices posted", wizard.id, done, wizard.invoice_todo)
        return len(moves)
