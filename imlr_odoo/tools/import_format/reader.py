"""Stage 1 of the import: CSV files and XLSX workbooks to tables of raw rows, headers checked. Plain Python (no
ORM): ``_`` is the translation function of the caller (``env._``), called as ``self._(message, **values)``."""

import codecs
import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import PurePath

from .schema import ENTITY_BY_NAME, FIRST_LINE_RE, MAX_COLUMNS, MAX_ROWS, Table, error

try:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
except ImportError:  # pragma: no cover - openpyxl is a requirement of Odoo
    openpyxl = None
    InvalidFileException = ValueError


def text(value):
    """A cell as text: numbers from a spreadsheet lose a useless ``.0`` (zip codes, phones)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def is_blank(cells):
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _text_lines(content):
    """The lines of ``content``, each with its end, one at a time (no copy of the whole text, whatever its size);
    old Mac files end their lines with a carriage return alone."""
    newline = "\n" if "\n" in content or "\r" not in content else "\r"
    start = 0
    while start < len(content):
        end = content.find(newline, start)
        if end == -1:
            yield content[start:]
            return
        yield content[start : end + 1]
        start = end + 1


class Reader:
    """Reads the import's files into ``{entity name: Table}``; every problem goes to ``errors``."""

    def __init__(self, _, entity_names):
        self._ = _
        self.entity_names = entity_names

    def read_files(self, files, errors):
        """{entity name: Table}; unreadable files, unknown names and duplicates go to ``errors``."""
        tables = {}
        for file_name, content in files:
            base = PurePath(file_name).name
            suffix = PurePath(base).suffix.lower()
            if suffix == ".csv":
                found = [self.read_csv(base, content, errors)]
            elif suffix == ".xlsx":
                found = self.read_xlsx(base, content, errors)
            else:
                errors.append(
                    error(base, None, None, self._("Unsupported file type: give CSV files or an XLSX workbook."))
                )
                continue
            for table in filter(None, found):
                if table.entity.name in tables:
                    errors.append(
                        error(
                            table.source,
                            None,
                            None,
                            self._(
                                "%(entity)s is given twice (also in %(other)s).",
                                entity=table.entity.name,
                                other=tables[table.entity.name].source,
                            ),
                        )
                    )
                    continue
                tables[table.entity.name] = table
        return tables

    def entity_for(self, source, name, errors):
        entity = ENTITY_BY_NAME.get(name.strip().lower())
        if not entity:
            errors.append(
                error(
                    source,
                    None,
                    None,
                    self._(
                        "Unknown file or sheet name %(name)s: expected one of %(names)s.",
                        name=name,
                        names=", ".join(self.entity_names),
                    ),
                )
            )
        return entity

    def read_csv(self, source, content, errors):
        entity = self.entity_for(source, PurePath(source).stem, errors)
        if not entity:
            return None
        if content.startswith(codecs.BOM_UTF8):
            content = content[len(codecs.BOM_UTF8) :]
        try:
            decoded = content.decode("utf-8")
        except UnicodeDecodeError as problem:
            errors.append(
                error(
                    source,
                    content.count(b"\n", 0, problem.start) + 1,
                    None,
                    self._(
                        "The file is not UTF-8 text (byte 0x%(byte)s): save it as “CSV UTF-8”.",
                        byte=content[problem.start : problem.start + 1].hex(),
                    ),
                )
            )
            return Table(entity, source, [], [], readable=False)
        if not decoded or decoded.isspace():  # (not strip(): no copy of a large text)
            errors.append(self.empty_file_error(source))
            return Table(entity, source, [], [], readable=False)
        first_line = FIRST_LINE_RE.match(decoded).group(1)
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        lines = self.read_csv_lines(source, decoded, delimiter, errors)
        if lines is None:
            return Table(entity, source, [], [], readable=False)
        return self.make_table(entity, source, lines, errors)

    def read_csv_lines(self, source, decoded, delimiter, errors):
        """The rows of a CSV text, read one by one up to ``MAX_ROWS``; None (and the error) when a quote is not
        closed on its row, the CSV is malformed or the file is too long. No value of the format spans two lines:
        a value that does is a quote left open, which would swallow the next rows into one name."""
        reader = csv.reader(_text_lines(decoded), delimiter=delimiter, strict=True)
        lines = []
        row = 1
        try:
            for line in reader:
                if reader.line_num != row:
                    errors.append(self.unclosed_quote_error(source, row))
                    return None
                if len(lines) >= MAX_ROWS:
                    errors.append(self.too_long_error(source, row))
                    return None
                lines.append(line)
                row = reader.line_num + 1
        except csv.Error as problem:
            if reader.line_num != row or "end of data" in str(problem) or "expected after" in str(problem):
                errors.append(self.unclosed_quote_error(source, row))
            else:
                errors.append(error(source, row, None, self._("The file is not valid CSV: %(error)s", error=problem)))
            return None
        return lines

    def unclosed_quote_error(self, source, row):
        return error(
            source,
            row,
            None,
            self._('A quote (") opened on this row is not closed on it: close it, or remove it, and import again.'),
        )

    def too_long_error(self, source, row):
        return error(
            source,
            row,
            None,
            self._("The file has more than %(limit)s rows: split it into smaller files.", limit=MAX_ROWS),
        )

    def read_xlsx(self, source, content, errors):
        if openpyxl is None:  # pragma: no cover
            errors.append(error(source, None, None, self._("Reading XLSX files needs openpyxl.")))
            return []
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
            errors.append(error(source, None, None, self._("The file is not a readable XLSX workbook.")))
            return []
        tables = []
        try:
            for sheet in book.worksheets:
                label = f"{source}[{sheet.title}]"
                entity = self.entity_for(label, sheet.title, errors)
                if entity:
                    lines = self.read_sheet_lines(label, sheet, errors)
                    if lines is None:
                        tables.append(Table(entity, label, [], [], readable=False))
                    else:
                        tables.append(self.make_table(entity, label, lines, errors))
        finally:
            book.close()
        return tables

    def read_sheet_lines(self, source, sheet, errors):
        """The rows of a sheet, streamed up to ``MAX_ROWS`` rows of ``MAX_COLUMNS`` cells; None (and the error)
        beyond. The size a sheet claims (its "dimension", e.g. A1:XFD1048576) is ignored: openpyxl would pad
        every row to it."""
        sheet.reset_dimensions()
        lines = []
        for row, line in enumerate(sheet.iter_rows(values_only=True), start=1):
            if row > MAX_ROWS:
                errors.append(self.too_long_error(source, row))
                return None
            cells = list(line[:MAX_COLUMNS])
            if len(line) > MAX_COLUMNS and not is_blank(line[MAX_COLUMNS:]):
                errors.append(
                    error(
                        source,
                        row,
                        None,
                        self._(
                            "This row has more than %(limit)s cells: only the format's columns are read.",
                            limit=MAX_COLUMNS,
                        ),
                    )
                )
                return None
            while cells and cells[-1] is None:
                cells.pop()
            lines.append(cells)
        return lines

    def empty_file_error(self, source):
        return error(source, 1, None, self._("The file is empty: its first row must name the columns."))

    def make_table(self, entity, source, lines, errors):
        """Check the header of ``lines`` and turn the other lines into {column: raw value} rows."""
        while lines and is_blank(lines[-1]):
            lines.pop()
        if not lines:
            errors.append(self.empty_file_error(source))
            return Table(entity, source, [], [], readable=False)
        header = [text(cell).lower() for cell in lines[0]]
        table = Table(entity, source, header, [])
        header_ok = True
        seen = set()
        for name in header:
            if not name:
                continue
            if name in seen:
                errors.append(error(source, 1, name, self._("This column is given twice.")))
                header_ok = False
            elif name not in entity.columns_by_name:
                errors.append(
                    error(
                        source,
                        1,
                        name,
                        self._(
                            "Unknown column: the columns of %(entity)s are %(columns)s.",
                            entity=entity.name,
                            columns=", ".join(column.name for column in entity.columns),
                        ),
                    )
                )
                header_ok = False
            seen.add(name)
        for column in entity.columns:
            if column.required and column.name not in seen:
                errors.append(error(source, 1, column.name, self._("Required column missing.")))
                header_ok = False
        if not header_ok:
            table.readable = False  # its rows are not checked: the header must be fixed first
            return table
        width = len(header)
        names = [(index, name) for index, name in enumerate(header) if name]
        for index, line in enumerate(lines[1:], start=2):
            if is_blank(line):
                continue
            if len(line) > width and not is_blank(line[width:]):
                errors.append(error(source, index, None, self._("This row has more values than columns.")))
                continue
            count = len(line)
            table.rows.append((index, {name: line[position] for position, name in names if position < count}))
        return table
