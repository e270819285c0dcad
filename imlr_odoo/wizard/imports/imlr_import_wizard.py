from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError


class ImlrImportWizard(models.TransientModel):
    """Import the files of docs/import-format.md from the UI: several CSV files or one XLSX workbook."""

    _name = "imlr.import.wizard"
    _description = "Spreadsheet import"

    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Files",
        help="CSV files named after their content (landlords.csv, dwellings.csv…), or one XLSX workbook "
        "whose sheets carry these names.",
    )
    state = fields.Selection(selection=[("draft", "To import"), ("failed", "Failed")], default="draft", required=True)
    error_count = fields.Integer(readonly=True)
    error_html = fields.Html(string="Errors", readonly=True, sanitize=True)

    def action_import(self):
        self.ensure_one()
        if not self.attachment_ids:
            raise UserError(self.env._("Add the files to import."))
        # an empty file's attachment has no content (False): give the engine empty bytes
        result = self.env["imlr.import"].import_files([(file.name, file.raw or b"") for file in self.attachment_ids])
        # the uploads are copies of files full of names, of no use once read, failed or not
        self.attachment_ids.unlink()
        if result["errors"]:
            self.write(
                {
                    "state": "failed",
                    "error_count": len(result["errors"]),
                    "error_html": self._errors_table(result["errors"]),
                }
            )
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": self.id,
                "view_mode": "form",
                "target": "new",
                "name": self.env._("Import"),
            }
        lines = [f"{entity}: {count}" for entity, count in result["created"].items()]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Import done"),
                "message": self.env._("Records created: %(counts)s", counts=", ".join(lines)),
                "type": "success",
                "sticky": True,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def unlink(self):
        # a wizard left without importing (closed, then vacuumed) takes its uploads with it
        self.attachment_ids.unlink()
        return super().unlink()

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
