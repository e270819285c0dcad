"""Import the CAF's monthly APL statement from a CSV file into a draft statement."""

import base64
import codecs
import csv
import io
import re
import unicodedata
from datetime import date

from odoo import Command, fields, models
from odoo.exceptions import UserError

# the columns and the header names accepted for each (compared without case, accents nor punctuation)
COLUMNS = {
    "caf_number": ("allocataire", "numero allocataire", "n allocataire", "no allocataire", "allocataire number"),
    "household": ("menage", "household", "foyer"),
    "month": ("mois", "month", "periode"),
    "amount": ("montant", "amount"),
}
# the household column is optional when the allocataire number is given
OPTIONAL_COLUMNS = ("household",)
# months as CAF files write them: 2024-11, 11/2024, 01/11/2024, 2024-11-01
MONTH_RES = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})(?:-\d{1,2})?$"),
    re.compile(r"^(?:\d{1,2}/)?(?P<month>\d{1,2})/(?P<year>\d{4})$"),
)
# amounts: 245.50, 245,50, 1 388,00 €, 1.388,00, -12,50 EUR (no space, no currency left when matched)
AMOUNT_RE = re.compile(r"^[+-]?\d+([.,]\d{1,2})?$")
SPACES_RE = re.compile(r"[\s\u00a0\u202f]|€|EUR", re.IGNORECASE)
THOUSANDS_RE = re.compile(r"^([+-]?\d{1,3}(?:[.,]\d{3})+)([.,]\d{1,2})$")


def _parse_month(text):
    """The first day of the month ``text`` names, or None."""
    for month_re in MONTH_RES:
        match = month_re.match(text)
        if match and 1 <= int(match.group("month")) <= 12:
            return date(int(match.group("year")), int(match.group("month")), 1)
    return None


def _amount_text(text):
    """``text`` without spaces, currency nor thousands separators ("1 388,00 €" → "1388,00")."""
    text = SPACES_RE.sub("", text)
    match = THOUSANDS_RE.match(text)
    if match:
        text = re.sub(r"[.,]", "", match.group(1)) + match.group(2)
    return text


def _header_key(text):
    """'N° Allocataire' → 'n allocataire': lower case, no accent, words separated by one space."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


class ImlrCafStatementImport(models.TransientModel):
    _name = "imlr.caf.statement.import"
    _description = "Import a CAF APL statement"

    file = fields.Binary(string="CSV file", required=True)
    filename = fields.Char()
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    caf_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="CAF",
        required=True,
        default=lambda self: self.env.company._imlr_rent_settings(required=())["caf_partner"],
    )
    date_month = fields.Date(
        string="Statement month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_payment = fields.Date(string="Payment date", required=True, default=fields.Date.context_today)

    def action_import(self):
        """Create the draft statement and open it; a malformed file writes nothing and lists every problem."""
        self.ensure_one()
        rows = self._parse_csv(base64.b64decode(self.file or b""))
        statement = self.env["imlr.caf.statement"].create(
            {
                "company_id": self.company_id.id,
                "caf_partner_id": self.caf_partner_id.id,
                "date_month": self.date_month,
                "date_payment": self.date_payment,
                "line_ids": [Command.create(row) for row in rows],
            }
        )
        # a log, not a message: a rent manager without an e-mail address imports too
        statement._message_log(
            body=self.env._("Imported from %(file)s: %(count)s lines.", file=self.filename or "CSV", count=len(rows))
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "imlr.caf.statement",
            "res_id": statement.id,
            "view_mode": "form",
            "target": "current",
        }

    def _parse_csv(self, content):
        """Line vals (plain dicts) of the file; raises one UserError listing every problem as "line N, column X"."""
        lines = self._read_lines(content)
        header = [cell.strip() for cell in lines[0][1]]
        positions = self._header_positions(header)
        problems, rows = [], []
        for number, cells in lines[1:]:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    self.env._(
                        "line %(line)s: %(count)s columns where the header has %(expected)s.",
                        line=number,
                        count=len(cells),
                        expected=len(header),
                    )
                )
                continue
            row, row_problems = self._parse_row(number, cells, positions, header)
            problems += row_problems
            rows.append(row)
        if not rows and not problems:
            problems.append(self.env._("The file has a header but no line."))
        if problems:
            self._raise(problems)
        return rows

    def _read_lines(self, content):
        """[(line number in the file, cells)], the header first; UTF-8 or else Windows-1252, ";" or "," separated."""
        if content.startswith(codecs.BOM_UTF8):
            content = content[len(codecs.BOM_UTF8) :]
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")  # spreadsheets of Windows save "CSV" so
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=self._delimiter(text))
            lines = [(reader.line_num, cells) for cells in reader]
        except csv.Error as error:
            self._raise([self.env._("The file is not readable as CSV: %(error)s", error=error)])
        if not any(any(cell.strip() for cell in cells) for _number, cells in lines):
            self._raise([self.env._("The file is empty.")])
        return lines

    def _header_positions(self, header):
        """{column: index in the row} of the header; raises when a column is missing."""
        positions = {}
        for index, name in enumerate(header):
            for column, names in COLUMNS.items():
                if _header_key(name) in names:
                    positions.setdefault(column, index)
        if "household" in positions:
            positions.setdefault("caf_number", None)
        missing = [
            self.env._(
                "line 1: the column %(column)s is missing (the header must name the columns allocataire, "
                "household, month and amount).",
                column=names[0],
            )
            for column, names in COLUMNS.items()
            if column not in positions and column not in OPTIONAL_COLUMNS
        ]
        if missing:
            self._raise(missing)
        return positions

    @staticmethod
    def _delimiter(text):
        first_line = text.split("\n", 1)[0]
        return ";" if first_line.count(";") >= first_line.count(",") else ","

    def _parse_row(self, number, cells, positions, header):
        """(line vals, [problem]) of one row of the file."""
        problems = []

        def cell(column):
            index = positions.get(column)
            return cells[index].strip() if index is not None else ""

        def problem(column, message):
            index = positions.get(column)
            problems.append(
                self.env._(
                    "line %(line)s, column %(column)s: %(problem)s",
                    line=number,
                    column=header[index] if index is not None else COLUMNS[column][0],
                    problem=message,
                )
            )

        caf_number, household, month_text, amount_text = (
            cell("caf_number"),
            cell("household"),
            cell("month"),
            _amount_text(cell("amount")),
        )
        if not caf_number and not household:
            problem("caf_number", self.env._("empty: give the allocataire number or the household."))
        month = _parse_month(month_text)
        if not month:
            problem("month", self.env._("%(value)s is not a month: write YYYY-MM (e.g. 2024-05).", value=month_text))
        amount = None
        if not AMOUNT_RE.match(amount_text):
            problem(
                "amount",
                self.env._(
                    "%(value)s is not an amount: write 245.50 or 245,50 (negative for an indus).", value=amount_text
                ),
            )
        else:
            amount = float(amount_text.replace(",", "."))
            if not amount:
                problem("amount", self.env._("the amount is zero."))
        vals = {
            "sequence": number,
            "caf_number": caf_number or False,
            "household_label": household or False,
            "date_month": month,
            "amount": amount,
        }
        return vals, problems

    def _raise(self, problems):
        raise UserError(
            self.env._(
                "The CAF statement %(file)s was not imported; nothing was written.\n%(problems)s",
                file=self.filename or "",
                problems="\n".join(problems),
            )
        )
