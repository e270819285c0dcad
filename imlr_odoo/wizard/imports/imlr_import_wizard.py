import logging

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

_logger = logging.getLogger(__name__)


class ImlrImportWizard(models.TransientModel):
    """Import the files of docs/import-format.md from the UI: several CSV files or one XLSX workbook.

    The import is handed to a job (``ir_cron_import_wizard``) so that a long one does not hold the HTTP request:
    the job imports as the user who started it, in the wizard's company, in one transaction (all or nothing),
    and tells how far it is through ``imlr.import.progress``; the wizard shows it (a progress bar, refreshed by
    its button), then the counts created or the errors."""

    _name = "imlr.import.wizard"
    _description = "Spreadsheet import"

    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Files",
        help="CSV files named after their content (landlords.csv, dwellings.csv…), or one XLSX workbook "
        "whose sheets carry these names.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        selection=[("draft", "To import"), ("running", "Running"), ("done", "Imported"), ("failed", "Failed")],
        default="draft",
        required=True,
        readonly=True,
    )
    progress_ids = fields.One2many(
        comodel_name="imlr.import.progress", inverse_name="wizard_id", string="Job progress", readonly=True
    )
    progress = fields.Float(compute="_compute_progress", help="Share of the rows checked and written so far.")
    summary = fields.Char(string="Records created", readonly=True)
    error_count = fields.Integer(readonly=True)
    error_html = fields.Html(string="Errors", readonly=True, sanitize=True)
    failure_message = fields.Text(readonly=True)

    @api.depends("progress_ids.percent")
    def _compute_progress(self):
        for wizard in self:
            wizard.progress = wizard.progress_ids[:1].percent

    def action_import(self):
        """Hand the import to the job, and keep the wizard open on its progress."""
        self.ensure_one()
        if self.create_uid != self.env.user:
            # the job imports as the wizard's creator: nobody else may start it
            raise AccessError(self.env._("Only the user who added the files can import them."))
        if self.state not in ("draft", "failed"):
            raise UserError(self.env._("This import was already started."))
        if not self.attachment_ids:
            raise UserError(self.env._("Add the files to import."))
        # a failed import's files replaced and imported again: its outcome and progress start afresh
        self.progress_ids.unlink()
        self.write(
            {
                "state": "running",
                "error_count": 0,
                "error_html": False,
                "failure_message": False,
                "progress_ids": [Command.create({"percent": 0.0})],
            }
        )
        self.env.ref("imlr_odoo.ir_cron_import_wizard")._trigger()
        return self._reopen_action()

    def action_refresh(self):
        """The wizard again, with the job's progress as committed so far."""
        return self._reopen_action()

    def _reopen_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Import"),
        }

    def unlink(self):
        # a wizard left without importing (closed, then vacuumed) takes its uploads with it
        self.attachment_ids.unlink()
        return super().unlink()

    @api.model
    def _cron_run_imports(self):
        """The job of the wizards whose import was started: one wizard per call, in one transaction that Odoo's
        cron commits after the call; it calls again while others are running (``_notify_progress``). The daily
        call picks up an import that a stopped server left running."""
        wizard = self.search([("state", "=", "running")], order="id", limit=1)
        if not wizard:
            return
        # as the user who started it, in their language: a cron's context has none, and the errors are stored for
        # them to read
        user = wizard.create_uid
        wizard.with_user(user).with_company(wizard.company_id).with_context(lang=user.lang)._run_import()
        others = self.search_count([("state", "=", "running")])
        self.env["ir.cron"]._notify_progress(done=1, remaining=others)

    def _run_import(self):
        """Import the wizard's files, then write the outcome: the counts created, the errors, or the failure.
        The wizard's row is only read until then: its progress goes to ``imlr.import.progress``."""
        self.ensure_one()
        attachments = self.sudo().attachment_ids
        try:
            # read as the user, who must still be allowed to import (an IML manager); an empty file's attachment
            # has no content (False): give the engine empty bytes
            files = [(file.name, file.raw or b"") for file in self.attachment_ids]
            with self.env.cr.savepoint():
                result = self.env["imlr.import"].import_files(files, progress=self._progress_reporter())
        except Exception as error:  # whatever it is, the wizard must tell it and stop running
            _logger.exception("Import wizard %s: the import stopped on an unexpected error", self.id)
            vals = {
                "state": "failed",
                "failure_message": self.env._(
                    "The import stopped on an unexpected error, and nothing was imported. Error: %(error)s",
                    error=str(error) or type(error).__name__,
                ),
            }
        else:
            if result["errors"]:
                vals = {
                    "state": "failed",
                    "error_count": len(result["errors"]),
                    "error_html": self._errors_table(result["errors"]),
                }
            else:
                vals = {
                    "state": "done",
                    "summary": ", ".join(f"{entity}: {count}" for entity, count in result["created"].items()),
                }
            _logger.info("Import wizard %s: %s", self.id, vals["state"])
        # the uploads are copies of files full of names, of no use once read, failed or not; with the outcome,
        # whatever the user's rights are now (else the wizard would be left running)
        attachments.unlink()
        self.sudo().write(vals)

    def _progress_reporter(self):
        """The engine's ``progress(done, total)`` callback: the percentage, written when it moved by a point at
        least (and at 100), so that a large import does not commit a row per step."""
        wizard_id = self.id
        last = None

        def report(done, total):
            nonlocal last
            percent = round(100.0 * done / total, 1) if total else 100.0
            if last is None or percent >= last + 1.0 or (percent == 100.0 and last != 100.0):
                self._write_progress(wizard_id, percent)
                last = percent

        return report

    @api.model
    def _write_progress(self, wizard_id, percent):
        """Write the progress in a cursor of its own, committed at once, so that the wizard shows it while the
        job's transaction is open."""
        with self.env.registry.cursor() as cr:
            progress = self.env(cr=cr)["imlr.import.progress"].search([("wizard_id", "=", wizard_id)])
            progress.write({"percent": percent})

    def _errors_table(self, errors):
        """The errors as an HTML table: file, row, column, message."""
        head = Markup("").join(
            Markup("<th>%s</th>") % title
            for title in (self.env._("File"), self.env._("Row"), self.env._("Column"), self.env._("Error"))
        )
        body = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (error["file"], error["row"] or "", error["column"], error["message"])
            for error in errors
        )
        return Markup('<table class="table table-sm"><thead><tr>%s</tr></thead><tbody>%s</tbody></table>') % (
            head,
            body,
        )
