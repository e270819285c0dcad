"""The spreadsheet import of docs/import-format.md: one CSV file or XLSX sheet per entity.

Three stages, so that an import is all-or-nothing and tells every error at once:

1. read: decode each CSV file (UTF-8, comma or semicolon) or each sheet of an XLSX workbook into rows;
2. validate every row: headers, value types, codes, references (to rows of the same import or to records
   already in the database), duplicates, dates in order, places; nothing is written when one row is wrong;
3. create, in dependency order, inside one savepoint: one ``create(vals_list)`` per entity; when the models
   or PostgreSQL refuse a batch, it is replayed row by row in nested savepoints to name the faulty rows, and
   everything is rolled back.
"""

import codecs
import csv
import io
import logging
import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import file_path, mute_logger, sql

try:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
except ImportError:  # pragma: no cover - openpyxl is a requirement of Odoo
    openpyxl = None
    InvalidFileException = ValueError

_logger = logging.getLogger(__name__)

DEFAULT_PROGRAM = "IMLR"
TRUE_WORDS = {"1", "oui", "yes", "true", "vrai"}
FALSE_WORDS = {"0", "non", "no", "false", "faux"}
NUMBER_RE = re.compile(r"^-?\d+(?:[.,]\d+)?$")
INTEGER_RE = re.compile(r"^-?\d+$")
QUARTER_RE = re.compile(r"^\d{4}-T[1-4]$")
SPACES_RE = re.compile(r"[\s\u00a0\u202f]")
# cells longer than this are refused (the longest real value, an address or a reason, is far shorter)
MAX_CELL_LENGTH = 500
# control characters (PostgreSQL refuses NUL; the others are invisible garbage from a bad export)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a phone number or a number may start with + or -: anything else starting so is a spreadsheet formula
SIGNED_NUMBER_RE = re.compile(r"^[+-][\d\s().]+$")
# rows read from one file or sheet, and cells from one row: far beyond a real association (the L benchmark has
# 20,000 households), low enough that a file claiming a million rows or columns is refused while it is read,
# in bounded memory
MAX_ROWS = 100_000
FIRST_LINE_RE = re.compile(r"[\r\n]*([^\r\n]*)")
MAX_COLUMNS = 100


@dataclass(frozen=True)
class Column:
    """A column of an import file.

    ``kind``: char, date, amount (a non-negative number), int, bool, quarter (with a ``target``: looked up by
    code like a code), selection (``target`` is
    ``(model, field)`` whose selection lists the codes), code (``target`` is a code-list model or
    ``res.country``), ref (``target`` is the entity the reference names).
    ``field``: the model field written; None when the engine uses the value itself (place, name…).
    """

    name: str
    kind: str = "char"
    field: str | None = None
    required: bool = False
    target: object = None
    default: object = None
    minimum: int | None = None


@dataclass(frozen=True)
class Entity:
    """One file or sheet of the import and the model it fills.

    ``ref``: the column holding the record's own reference (unique in the file and in the database);
    ``ref_field``: the model field storing it; ``key``: for rows without reference, the columns that identify a
    row (a row with the same key already in the file or in the database is a duplicate); ``periods``: pairs of
    date columns ``(start, end, strict)`` where end must not be before start (strict: must be after it);
    ``needs``: ``(column, other column)``: a value in column needs one in the other.
    """

    name: str
    model: str
    columns: tuple
    ref: str | None = None
    ref_field: str | None = None
    key: tuple = ()
    periods: tuple = ()
    needs: tuple = ()
    has_place: bool = False
    columns_by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "columns_by_name", {column.name: column for column in self.columns})


def _amount(name, required=False, field_name=None):
    return Column(name, "amount", field_name or name, required)


def _date(name, required=False, field_name=None):
    return Column(name, "date", field_name or name, required)


ENTITIES = (
    Entity(
        "landlords",
        "res.partner",
        ref="ref",
        ref_field="ref",
        columns=(
            Column("ref", field="ref", required=True),
            Column("name", field="name", required=True),
            Column("landlord_type", "selection", required=True, target=("imlr.dwelling", "landlord_type")),
            Column("street", field="street"),
            Column("zip", field="zip"),
            Column("city", field="city"),
            Column("email", field="email"),
            Column("phone", field="phone"),
        ),
    ),
    Entity(
        "dwellings",
        "imlr.dwelling",
        ref="ref",
        ref_field="ref",
        columns=(
            Column("ref", field="ref", required=True),
            Column("name", field="name", required=True),
            Column("typology", "selection", "typology", True, ("imlr.dwelling", "typology")),
            Column("sector", "code", "sector_id", True, "imlr.sector"),
            Column("landlord_ref", "ref", "landlord_id", target="landlords"),
            Column("street", field="street"),
            Column("zip", field="zip"),
            Column("city", field="city", required=True),
            _amount("surface"),
            Column("floor", "int", "floor"),
            Column("rooms", "int", minimum=0),
        ),
    ),
    Entity(
        "leases",
        "imlr.lease",
        key=("dwelling_ref", "date_start"),
        periods=(("date_start", "date_end", False),),
        needs=(("end_reason", "date_end"),),
        columns=(
            Column("dwelling_ref", "ref", "dwelling_id", True, "dwellings"),
            _date("date_start", True),
            _date("date_end"),
            Column("end_reason", "selection", "end_reason", target=("imlr.lease", "end_reason")),
            _amount("rent", True),
            _amount("charges"),
            Column("irl_quarter", "quarter", "irl_index_id", target="imlr.irl.index"),
            Column("sliding", "bool", "is_sliding"),
        ),
    ),
    Entity(
        "place_blocks",
        "imlr.place.block",
        key=("dwelling_ref", "room", "date_start"),
        periods=(("date_start", "date_end", False),),
        has_place=True,
        columns=(
            Column("dwelling_ref", "ref", required=True, target="dwellings"),
            Column("room", "int", minimum=1),
            _date("date_start", True),
            _date("date_end", True),
            Column("reason", field="reason", required=True),
        ),
    ),
    Entity(
        "households",
        "res.partner",
        ref="ref",
        ref_field="ref",
        columns=(Column("ref", field="ref", required=True), Column("name", field="name", required=True)),
    ),
    Entity(
        "persons",
        "res.partner",
        ref="ref",
        ref_field="ref",
        columns=(
            Column("ref", field="ref", required=True),
            Column("lastname", required=True),
            Column("firstname", required=True),
            _date("birthdate"),
            Column("gender", "selection", "gender", target=("res.partner", "gender")),
            Column("nationality", "code", "nationality_id", target="res.country"),
        ),
    ),
    Entity(
        "memberships",
        "imlr.household.member",
        key=("household_ref", "person_ref", "date_start"),
        periods=(("date_start", "date_end", True),),
        needs=(("end_reason", "date_end"),),
        columns=(
            Column("household_ref", "ref", "household_id", True, "households"),
            Column("person_ref", "ref", "partner_id", True, "persons"),
            Column("role", "selection", "role", True, ("imlr.household.member", "role")),
            _date("date_start", True),
            _date("date_end"),
            Column(
                "start_reason",
                "selection",
                "start_reason",
                target=("imlr.household.member", "start_reason"),
                default="entry",
            ),
            Column("end_reason", "selection", "end_reason", target=("imlr.household.member", "end_reason")),
        ),
    ),
    Entity(
        "legal_statuses",
        "imlr.legal.status",
        key=("person_ref", "date_start"),
        periods=(("date_start", "permit_expiry", False),),
        columns=(
            Column("person_ref", "ref", "partner_id", True, "persons"),
            Column("status", "selection", "status", True, ("imlr.legal.status", "status")),
            _date("date_start", True),
            _date("permit_expiry", field_name="permit_expiry_date"),
        ),
    ),
    Entity(
        "resources",
        "imlr.household.resource",
        key=("household_ref", "resource", "date_start"),
        periods=(("date_start", "date_end", False),),
        columns=(
            Column("household_ref", "ref", "household_id", True, "households"),
            Column("resource", "code", "resource_type_id", True, "imlr.resource.type"),
            _date("date_start", True),
            _date("date_end"),
            _amount("amount"),
        ),
    ),
    Entity(
        "orientations",
        "imlr.orientation",
        ref="ref",
        ref_field="siao_reference",
        periods=(("date", "decision_date", False),),
        columns=(
            Column("ref", field="siao_reference", required=True),
            _date("date", True),
            Column("source", "selection", "source", target=("imlr.orientation", "source"), default="siao"),
            Column("household_ref", "ref", "household_id", True, "households"),
            Column("program", "code", "program_id", target="imlr.program", default=DEFAULT_PROGRAM),
            Column("outcome", "selection", "outcome", True, ("imlr.orientation", "outcome")),
            Column("motif", "selection", "refusal_motif", target=("imlr.orientation", "refusal_motif")),
            _date("decision_date"),
            Column("note", field="note"),
        ),
    ),
    Entity(
        "stays",
        "imlr.stay",
        ref="ref",
        ref_field="reference",
        periods=(("date_entry", "date_exit", True),),
        needs=(("exit_destination", "date_exit"), ("glissement", "date_exit")),
        columns=(
            Column("ref", field="reference", required=True),
            Column("household_ref", "ref", "household_id", True, "households"),
            Column("program", "code", "program_id", target="imlr.program", default=DEFAULT_PROGRAM),
            Column("orientation_ref", "ref", "orientation_id", target="orientations"),
            _date("date_entry", True),
            _date("date_exit"),
            Column("situation_before", "code", "entry_situation_id", target="imlr.entry.situation"),
            Column("exit_destination", "code", "exit_destination_id", target="imlr.exit.destination"),
            Column("glissement", "bool", "is_glissement"),
        ),
    ),
    Entity(
        "reinforced_support",
        "imlr.reinforced.support",
        key=("stay_ref", "date_start"),
        periods=(("date_start", "date_end", False),),
        columns=(
            Column("stay_ref", "ref", "stay_id", True, "stays"),
            _date("date_start", True),
            _date("date_end"),
        ),
    ),
    Entity(
        "eviction_stages",
        "imlr.eviction.stage",
        key=("stay_ref", "date", "stage"),
        columns=(
            Column("stay_ref", "ref", "stay_id", True, "stays"),
            _date("date", True),
            Column("stage", "selection", "stage", True, ("imlr.eviction.stage", "stage")),
        ),
    ),
    Entity(
        "subleases",
        "imlr.sublease",
        key=("dwelling_ref", "room", "date_start"),
        periods=(("date_start", "date_end", False),),
        has_place=True,
        columns=(
            Column("stay_ref", "ref", "stay_id", True, "stays"),
            Column("dwelling_ref", "ref", required=True, target="dwellings"),
            Column("room", "int", minimum=1),
            _date("date_start", True),
            _date("date_end"),
            _amount("rent", True),
            _amount("charges"),
            _amount("apl", field_name="apl_expected"),
            _amount("deposit"),
        ),
    ),
)
ENTITY_BY_NAME = {entity.name: entity for entity in ENTITIES}
# the model field each key column is compared with in the database (place: the resolved place)
KEY_FIELDS = {
    "dwelling_ref": "dwelling_id",
    "household_ref": "household_id",
    "person_ref": "partner_id",
    "stay_ref": "stay_id",
    "resource": "resource_type_id",
}


@dataclass
class Table:
    """The rows of one file or sheet: ``rows`` are (row number, {column: raw value}).

    ``readable`` is False when the rows could not be read (encoding, empty file, wrong header): references to
    this entity cannot be checked then, and are not reported as unknown.
    """

    entity: Entity
    source: str
    header: list
    rows: list
    readable: bool = True


@dataclass
class Row:
    """A row being validated: parsed values by column, and whether it is free of errors."""

    number: int
    values: dict
    raw: dict
    ok: bool = True
    place: object = None  # ("db", place id) or ("import", dwelling ref, room number or 0)
    landlord_type: str | None = None


def _text_lines(text):
    """The lines of ``text``, each with its end, one at a time (no copy of the whole text, whatever its size);
    old Mac files end their lines with a carriage return alone."""
    newline = "\n" if "\n" in text or "\r" not in text else "\r"
    start = 0
    while start < len(text):
        end = text.find(newline, start)
        if end == -1:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


class _Rollback(Exception):
    """Raised inside the import savepoint to undo everything when an error was found."""


class ImlrImport(models.AbstractModel):
    """The import engine: ``import_files([(file name, bytes), …])`` (see docs/import-format.md)."""

    _name = "imlr.import"
    _description = "Spreadsheet import"

    # ------------------------------------------------------------------ public API

    @api.model
    def import_files(self, files):
        """Import CSV files and XLSX workbooks given as ``(file name, content bytes)`` pairs.

        Returns ``{"created": {entity: count}, "errors": [{"file", "row", "column", "message"}]}``; when
        ``errors`` is not empty nothing was written and ``created`` is empty.
        """
        errors = []
        tables = self._read_files(files, errors)
        _logger.info("import: %s files read, %s rows", len(files), sum(len(table.rows) for table in tables.values()))
        rows, db_refs = self._validate(tables, errors)
        _logger.info("import: rows checked, %s errors", len(errors))
        created = {}
        if not errors:
            created = self._write(tables, rows, db_refs, errors)
        rank = {table.source: index for index, table in enumerate(sorted(tables.values(), key=self._entity_rank))}
        errors.sort(key=lambda error: (rank.get(error["file"], -1), error["row"] or 0))
        return {"created": {} if errors else created, "errors": errors}

    @staticmethod
    def _entity_rank(table):
        return ENTITIES.index(table.entity)

    @api.model
    def _entity_names(self):
        return [entity.name for entity in ENTITIES]

    # ------------------------------------------------------------------ errors

    @api.model
    def _error(self, source, row, column, message):
        return {"file": source, "row": row, "column": column or "", "message": message}

    # ------------------------------------------------------------------ stage 1: read

    @api.model
    def _read_files(self, files, errors):
        """{entity name: Table}; unreadable files, unknown names and duplicates go to ``errors``."""
        tables = {}
        for file_name, content in files:
            base = PurePath(file_name).name
            suffix = PurePath(base).suffix.lower()
            if suffix == ".csv":
                found = [self._read_csv(base, content, errors)]
            elif suffix == ".xlsx":
                found = self._read_xlsx(base, content, errors)
            else:
                errors.append(
                    self._error(
                        base, None, None, self.env._("Unsupported file type: give CSV files or an XLSX workbook.")
                    )
                )
                continue
            for table in filter(None, found):
                if table.entity.name in tables:
                    errors.append(
                        self._error(
                            table.source,
                            None,
                            None,
                            self.env._(
                                "%(entity)s is given twice (also in %(other)s).",
                                entity=table.entity.name,
                                other=tables[table.entity.name].source,
                            ),
                        )
                    )
                    continue
                tables[table.entity.name] = table
        return tables

    @api.model
    def _entity_for(self, source, name, errors):
        entity = ENTITY_BY_NAME.get(name.strip().lower())
        if not entity:
            errors.append(
                self._error(
                    source,
                    None,
                    None,
                    self.env._(
                        "Unknown file or sheet name %(name)s: expected one of %(names)s.",
                        name=name,
                        names=", ".join(self._entity_names()),
                    ),
                )
            )
        return entity

    @api.model
    def _read_csv(self, source, content, errors):
        entity = self._entity_for(source, PurePath(source).stem, errors)
        if not entity:
            return None
        if content.startswith(codecs.BOM_UTF8):
            content = content[len(codecs.BOM_UTF8) :]
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as error:
            errors.append(
                self._error(
                    source,
                    content.count(b"\n", 0, error.start) + 1,
                    None,
                    self.env._(
                        "The file is not UTF-8 text (byte 0x%(byte)s): save it as “CSV UTF-8”.",
                        byte=content[error.start : error.start + 1].hex(),
                    ),
                )
            )
            return Table(entity, source, [], [], readable=False)
        if not text or text.isspace():  # (not strip(): no copy of a large text)
            errors.append(self._empty_file_error(source))
            return Table(entity, source, [], [], readable=False)
        first_line = FIRST_LINE_RE.match(text).group(1)
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        lines = self._read_csv_lines(source, text, delimiter, errors)
        if lines is None:
            return Table(entity, source, [], [], readable=False)
        return self._make_table(entity, source, lines, errors)

    @api.model
    def _read_csv_lines(self, source, text, delimiter, errors):
        """The rows of a CSV text, read one by one up to ``MAX_ROWS``; None (and the error) when a quote is not
        closed on its row, the CSV is malformed or the file is too long. No value of the format spans two lines:
        a value that does is a quote left open, which would swallow the next rows into one name."""
        reader = csv.reader(_text_lines(text), delimiter=delimiter, strict=True)
        lines = []
        row = 1
        try:
            for line in reader:
                if reader.line_num != row:
                    errors.append(self._unclosed_quote_error(source, row))
                    return None
                if len(lines) >= MAX_ROWS:
                    errors.append(self._too_long_error(source, row))
                    return None
                lines.append(line)
                row = reader.line_num + 1
        except csv.Error as error:
            if reader.line_num != row or "end of data" in str(error) or "expected after" in str(error):
                errors.append(self._unclosed_quote_error(source, row))
            else:
                errors.append(
                    self._error(source, row, None, self.env._("The file is not valid CSV: %(error)s", error=error))
                )
            return None
        return lines

    @api.model
    def _unclosed_quote_error(self, source, row):
        return self._error(
            source,
            row,
            None,
            self.env._('A quote (") opened on this row is not closed on it: close it, or remove it, and import again.'),
        )

    @api.model
    def _too_long_error(self, source, row):
        return self._error(
            source,
            row,
            None,
            self.env._("The file has more than %(limit)s rows: split it into smaller files.", limit=MAX_ROWS),
        )

    @api.model
    def _read_xlsx(self, source, content, errors):
        if openpyxl is None:  # pragma: no cover
            errors.append(self._error(source, None, None, self.env._("Reading XLSX files needs openpyxl.")))
            return []
        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
            errors.append(self._error(source, None, None, self.env._("The file is not a readable XLSX workbook.")))
            return []
        tables = []
        try:
            for sheet in book.worksheets:
                label = f"{source}[{sheet.title}]"
                entity = self._entity_for(label, sheet.title, errors)
                if entity:
                    lines = self._read_sheet_lines(label, sheet, errors)
                    if lines is None:
                        tables.append(Table(entity, label, [], [], readable=False))
                    else:
                        tables.append(self._make_table(entity, label, lines, errors))
        finally:
            book.close()
        return tables

    @api.model
    def _read_sheet_lines(self, source, sheet, errors):
        """The rows of a sheet, streamed up to ``MAX_ROWS`` rows of ``MAX_COLUMNS`` cells; None (and the error)
        beyond. The size a sheet claims (its "dimension", e.g. A1:XFD1048576) is ignored: openpyxl would pad
        every row to it."""
        sheet.reset_dimensions()
        lines = []
        for row, line in enumerate(sheet.iter_rows(values_only=True), start=1):
            if row > MAX_ROWS:
                errors.append(self._too_long_error(source, row))
                return None
            cells = list(line[:MAX_COLUMNS])
            if len(line) > MAX_COLUMNS and not self._is_blank(line[MAX_COLUMNS:]):
                errors.append(
                    self._error(
                        source,
                        row,
                        None,
                        self.env._(
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

    @api.model
    def _empty_file_error(self, source):
        return self._error(source, 1, None, self.env._("The file is empty: its first row must name the columns."))

    @api.model
    def _make_table(self, entity, source, lines, errors):
        """Check the header of ``lines`` and turn the other lines into {column: raw value} rows."""
        while lines and self._is_blank(lines[-1]):
            lines.pop()
        if not lines:
            errors.append(self._empty_file_error(source))
            return Table(entity, source, [], [], readable=False)
        header = [self._text(cell).lower() for cell in lines[0]]
        table = Table(entity, source, header, [])
        header_ok = True
        seen = set()
        for name in header:
            if not name:
                continue
            if name in seen:
                errors.append(self._error(source, 1, name, self.env._("This column is given twice.")))
                header_ok = False
            elif name not in entity.columns_by_name:
                errors.append(
                    self._error(
                        source,
                        1,
                        name,
                        self.env._(
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
                errors.append(self._error(source, 1, column.name, self.env._("Required column missing.")))
                header_ok = False
        if not header_ok:
            table.readable = False  # its rows are not checked: the header must be fixed first
            return table
        for index, line in enumerate(lines[1:], start=2):
            if self._is_blank(line):
                continue
            if len(line) > len(header) and not self._is_blank(line[len(header) :]):
                errors.append(self._error(source, index, None, self.env._("This row has more values than columns.")))
                continue
            table.rows.append((index, {name: value for name, value in zip(header, line, strict=False) if name}))
        return table

    @staticmethod
    def _is_blank(cells):
        return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)

    @staticmethod
    def _text(value):
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

    # ------------------------------------------------------------------ stage 2: validate

    @api.model
    def _validate(self, tables, errors):
        """Parse and check every row; problems are appended to ``errors``.

        Returns ``({entity name: [Row]}, {entity name: {ref: id of the database record}})``.
        """
        rows = {}
        for entity in ENTITIES:
            table = tables.get(entity.name)
            if table and table.readable:
                rows[entity.name] = [self._parse_row(table, number, raw, errors) for number, raw in table.rows]
        self._resolve_codes(tables, rows, errors)
        db_refs = self._check_references(tables, rows, errors)
        self._check_places(tables, rows, db_refs, errors)
        self._check_keys(tables, rows, db_refs, errors)
        self._check_persons(tables, rows, errors)
        self._check_children_ages(tables, rows, db_refs, errors)
        self._check_landlord_types(rows, db_refs)
        return rows, db_refs

    @api.model
    def _parse_row(self, table, number, raw, errors):
        row = Row(number, {}, raw)
        problems = []
        for column in table.entity.columns:
            value = raw.get(column.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if column.default is None:
                    row.values[column.name] = False if column.kind == "bool" else None
                    if column.required:
                        problems.append((column.name, self.env._("A value is required.")))
                    continue
                value = column.default
            try:
                row.values[column.name] = self._parse_value(column, value)
            except ValueError as error:
                row.values[column.name] = None
                problems.append((column.name, str(error)))
        problems += self._row_problems(table.entity, row.values)
        for column, message in problems:
            errors.append(self._error(table.source, number, column, message))
        row.ok = not problems
        return row

    @api.model
    def _row_problems(self, entity, values):
        """[(column, message)] of the rules between the columns of a row: dates in order, values that need
        another (an exit destination needs an exit date), the motif of an orientation."""
        problems = []
        for start, end, strict in entity.periods:
            first, last = values.get(start), values.get(end)
            if not (first and last):
                continue
            if strict and last <= first:
                problems.append(
                    (
                        end,
                        self.env._(
                            "%(end)s (%(last)s) must be after %(start)s (%(first)s).",
                            end=end,
                            start=start,
                            last=last,
                            first=first,
                        ),
                    )
                )
            elif last < first:
                problems.append(
                    (
                        end,
                        self.env._(
                            "%(end)s (%(last)s) cannot be before %(start)s (%(first)s).",
                            end=end,
                            start=start,
                            last=last,
                            first=first,
                        ),
                    )
                )
        birthdate = values.get("birthdate") if entity.name == "persons" else None
        if birthdate and birthdate > fields.Date.context_today(self):
            problems.append(
                ("birthdate", self.env._("The birth date %(date)s is in the future.", date=birthdate.isoformat()))
            )
        for column, needed in entity.needs:
            if values.get(column) and not values.get(needed):
                problems.append((column, self.env._("A value here needs %(needed)s.", needed=needed)))
        if entity.name == "orientations" and values.get("outcome"):
            not_admitted = values["outcome"] == "not_admitted"
            if not_admitted and not values.get("motif"):
                problems.append(("motif", self.env._("Give the motif of a household not admitted.")))
            elif values.get("motif") and not not_admitted:
                problems.append(("motif", self.env._("A motif is given only when the household was not admitted.")))
        return problems

    def _parse_value(self, column, value):
        """The Python value of a cell; raises ValueError with a message for the user."""
        if isinstance(value, str):
            self._check_text_cell(value)
        parser = {
            "date": self._parse_date,
            "amount": self._parse_amount,
            "int": lambda value: self._parse_int(value, column.minimum),
            "bool": self._parse_bool,
            "quarter": self._parse_quarter,
            "selection": lambda value: self._parse_selection(value, *column.target),
        }.get(column.kind)
        # char, code and ref are text here; codes and references are looked up in the database later
        return parser(value) if parser else self._text(value)

    def _check_text_cell(self, value):
        """Refuse what no column holds: huge cells, control characters, spreadsheet formulas (CSV injection:
        a value starting with =, @, or + / - not followed by a number is run by a spreadsheet that opens it)."""
        if len(value) > MAX_CELL_LENGTH:
            raise ValueError(
                self.env._(
                    "The value is too long (%(length)s characters, at most %(maximum)s).",
                    length=len(value),
                    maximum=MAX_CELL_LENGTH,
                )
            )
        if CONTROL_RE.search(value):
            raise ValueError(self.env._("The value contains control characters: retype it."))
        # as a spreadsheet reads it: full-width signs (＝, ＋…) are the plain ones, and a leading apostrophe
        # (Excel's "text" mark) or blanks hide nothing
        text = unicodedata.normalize("NFKC", value).strip().lstrip("'").strip()
        if text[:1] in ("=", "@") or (text[:1] in ("+", "-") and not SIGNED_NUMBER_RE.match(text)):
            raise ValueError(
                self.env._(
                    "%(value)s looks like a spreadsheet formula: formulas are not imported, type the value itself.",
                    value=text[:60],
                )
            )

    def _parse_quarter(self, value):
        text = self._text(value).upper()
        if not QUARTER_RE.match(text):
            raise ValueError(self.env._("%(value)s is not a quarter such as 2023-T2.", value=value))
        return text

    def _parse_selection(self, value, model, field_name):
        text = self._text(value).lower()
        codes = self.env[model]._fields[field_name].get_values(self.env)
        if text not in codes:
            raise ValueError(
                self.env._("Unknown code %(value)s: expected one of %(codes)s.", value=value, codes=", ".join(codes))
            )
        return text

    def _parse_date(self, value):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self._text(value)
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(self.env._("%(value)s is not a date: write YYYY-MM-DD or DD/MM/YYYY.", value=text))

    def _parse_amount(self, value):
        if isinstance(value, bool):
            raise ValueError(self.env._("%(value)s is not a number.", value=value))
        if isinstance(value, int | float):
            number = float(value)
        else:
            text = SPACES_RE.sub("", self._text(value))
            if not NUMBER_RE.match(text):
                raise ValueError(self.env._("%(value)s is not a number (write 450.50 or 450,50).", value=value))
            number = float(text.replace(",", "."))
        if number < 0:
            raise ValueError(self.env._("%(value)s is negative: amounts cannot be negative.", value=value))
        return number

    def _parse_int(self, value, minimum):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = SPACES_RE.sub("", self._text(value))
            if not INTEGER_RE.match(text):
                raise ValueError(self.env._("%(value)s is not a whole number.", value=value))
            number = int(text)
        if minimum is not None and number < minimum:
            raise ValueError(self.env._("%(value)s is below %(minimum)s.", value=number, minimum=minimum))
        return number

    def _parse_bool(self, value):
        if isinstance(value, bool):
            return value
        text = self._text(value).lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError(self.env._("%(value)s is not a yes/no value (write 1 or 0, oui or non).", value=value))

    @api.model
    def _resolve_codes(self, tables, rows, errors):
        """Replace codes (sector, program, country…) by record ids: one search per code list."""
        code_columns = [
            (entity, column)
            for entity in ENTITIES
            if entity.name in rows
            for column in entity.columns
            if column.kind == "code" or (column.kind == "quarter" and column.target)
        ]
        wanted = defaultdict(set)
        for entity, column in code_columns:
            wanted[column.target].update(
                row.values[column.name] for row in rows[entity.name] if row.values.get(column.name)
            )
        known = {model: self._known_codes(model, codes) for model, codes in wanted.items()}
        for entity, column in code_columns:
            for row in rows[entity.name]:
                code = row.values.get(column.name)
                if not code:
                    continue
                row.values[column.name] = known[column.target].get(code.upper())
                if not row.values[column.name]:
                    row.ok = False
                    errors.append(
                        self._error(
                            tables[entity.name].source,
                            row.number,
                            column.name,
                            self.env._(
                                "Unknown code %(code)s (%(list)s): see IML › Configuration.",
                                code=code,
                                list=self.env[column.target]._description,
                            ),
                        )
                    )

    @api.model
    def _known_codes(self, model, codes):
        """{CODE: id} of the records of ``model`` (a code list or countries) among ``codes``."""
        if model == "res.country":
            countries = self.env["res.country"].search([("code", "in", [code.upper() for code in codes])])
            return {country.code.upper(): country.id for country in countries}
        return {record["code"].upper(): record["id"] for record in self.env[model].search_read([], ["code"])}

    @api.model
    def _check_references(self, tables, rows, errors):
        """Own references unique in the import and absent from the database; references to other entities
        known in the import or in the database. Returns {entity name: {ref: database id}}."""
        own = {
            entity.name: self._check_own_refs(entity, tables[entity.name].source, rows[entity.name], errors)
            for entity in ENTITIES
            if entity.ref and entity.name in rows
        }
        used = defaultdict(set)  # entity name -> refs to look up in the database
        for entity_name, refs in own.items():
            used[entity_name].update(refs)
        for entity_name, entity_rows in rows.items():
            for column in ENTITY_BY_NAME[entity_name].columns:
                if column.kind == "ref":
                    used[column.target].update(r.values[column.name] for r in entity_rows if r.values.get(column.name))
        found = {name: self._search_refs(ENTITY_BY_NAME[name], refs) for name, refs in used.items() if refs}
        unread = {name for name, table in tables.items() if not table.readable}
        for entity_name, entity_rows in rows.items():
            entity = ENTITY_BY_NAME[entity_name]
            for row in entity_rows:
                for column, message in self._reference_problems(entity, row, own, found, unread):
                    row.ok = False
                    errors.append(self._error(tables[entity_name].source, row.number, column, message))
        return {name: {ref: ids[0] for ref, ids in by_ref.items() if len(ids) == 1} for name, by_ref in found.items()}

    @api.model
    def _check_own_refs(self, entity, source, entity_rows, errors):
        """{ref: row number} of the rows of ``entity``; a reference given twice is an error."""
        refs = {}
        for row in entity_rows:
            ref = row.values.get(entity.ref)
            if ref and ref in refs:
                row.ok = False
                errors.append(
                    self._error(
                        source,
                        row.number,
                        entity.ref,
                        self.env._("Duplicate reference %(ref)s: already on row %(row)s.", ref=ref, row=refs[ref]),
                    )
                )
            elif ref:
                refs[ref] = row.number
        return refs

    @api.model
    def _reference_problems(self, entity, row, own, found, unread):
        """[(column, message)]: the row's own reference already in the database, references to unknown rows
        (unless the file that should hold them could not be read: ``unread`` entities)."""
        problems = []
        ref = row.values.get(entity.ref) if entity.ref else None
        if ref and found.get(entity.name, {}).get(ref):
            problems.append(
                (entity.ref, self.env._("%(ref)s already exists in the database (already imported).", ref=ref))
            )
        for column in entity.columns:
            target_ref = row.values.get(column.name) if column.kind == "ref" else None
            if not target_ref or target_ref in own.get(column.target, {}):
                continue
            matches = found.get(column.target, {}).get(target_ref, [])
            if not matches and column.target not in unread:
                problems.append(
                    (
                        column.name,
                        self.env._(
                            "Unknown reference %(ref)s: no row of %(entity)s in this import nor in the database.",
                            ref=target_ref,
                            entity=column.target,
                        ),
                    )
                )
            elif len(matches) > 1:
                problems.append(
                    (
                        column.name,
                        self.env._(
                            "Reference %(ref)s names %(count)s records of %(entity)s in the database.",
                            ref=target_ref,
                            count=len(matches),
                            entity=column.target,
                        ),
                    )
                )
        return problems

    @api.model
    def _search_refs(self, entity, refs):
        """{ref: [ids]} of the records of ``entity`` already in the database whose reference is in ``refs``."""
        refs = list(refs)
        domain = [(entity.ref_field, "in", refs)]
        if entity.name == "households":
            domain.append(("is_household", "=", True))
        elif entity.name == "persons":
            domain.append(("is_imlr_person", "=", True))
        elif entity.name == "landlords":
            domain += [("is_household", "=", False), ("is_imlr_person", "=", False)]
        records = self.env[entity.model].with_context(active_test=False).search(domain)
        if entity.name == "landlords":  # a dwelling's address contact carries the dwelling's reference
            dwellings = (
                self.env["imlr.dwelling"].with_context(active_test=False).search([("partner_id", "in", records.ids)])
            )
            records -= dwellings.partner_id
        by_ref = defaultdict(list)
        for record in records:
            by_ref[record[entity.ref_field]].append(record.id)
        return by_ref

    @api.model
    def _check_places(self, tables, rows, db_refs, errors):
        """Resolve ``dwelling_ref`` + ``room`` of blocks and subleases to a place (room N or the whole dwelling)."""
        rooms_in_import = {
            row.values["ref"]: row.values.get("rooms") or 0
            for row in rows.get("dwellings", [])
            if row.values.get("ref")
        }
        db_dwelling_ids = {
            db_refs.get("dwellings", {}).get(row.values.get("dwelling_ref"))
            for entity in ENTITIES
            if entity.has_place
            for row in rows.get(entity.name, [])
        } - {None}
        db_places = defaultdict(dict)  # dwelling id -> {room number or 0: place id}
        for place in self.env["imlr.place"].search([("dwelling_id", "in", list(db_dwelling_ids))]):
            db_places[place.dwelling_id.id][place.room_number if place.kind == "room" else 0] = place.id
        for entity in ENTITIES:
            if not entity.has_place:
                continue
            for row in rows.get(entity.name, []):
                dwelling_ref, room = row.values.get("dwelling_ref"), row.values.get("room") or 0
                if not dwelling_ref:
                    continue
                # a dwelling both in the file and in the database is a duplicate row: use the database's
                if dwelling_ref in db_refs.get("dwellings", {}):
                    places = db_places[db_refs["dwellings"][dwelling_ref]]
                    if room in places:
                        row.place = ("db", places[room])
                        continue
                    rooms = sorted(number for number in places if number)
                elif dwelling_ref in rooms_in_import:
                    rooms = list(range(1, rooms_in_import[dwelling_ref] + 1))
                    if (room == 0 and not rooms) or room in rooms:
                        row.place = ("import", dwelling_ref, room)
                        continue
                else:
                    continue  # unknown dwelling: already reported
                row.ok = False
                if room:
                    message = self.env._("%(dwelling)s has no room %(room)s.", dwelling=dwelling_ref, room=room)
                else:
                    message = self.env._(
                        "%(dwelling)s is let as colocation rooms (%(rooms)s): give the room number.",
                        dwelling=dwelling_ref,
                        rooms=", ".join(map(str, rooms)),
                    )
                errors.append(self._error(tables[entity.name].source, row.number, "room", message))

    @api.model
    def _check_keys(self, tables, rows, db_refs, errors):
        """Rows without reference: the same key twice in the file, or already in the database, is a duplicate."""
        for entity in ENTITIES:
            if not entity.key or entity.name not in rows:
                continue
            source = tables[entity.name].source
            seen = {}
            db_rows = []  # (row, key in database terms) of rows whose parents are all in the database
            for row in rows[entity.name]:
                key = tuple(row.values.get(column) for column in entity.key)
                if not row.ok:
                    continue
                if key in seen:
                    row.ok = False
                    errors.append(
                        self._error(
                            source,
                            row.number,
                            entity.key[0],
                            self.env._("Same row as row %(row)s: duplicate.", row=seen[key]),
                        )
                    )
                    continue
                seen[key] = row.number
                db_key = self._db_key(entity, row, db_refs)
                if db_key:
                    db_rows.append((row, db_key))
            if not db_rows:
                continue
            fields_ = self._key_fields(entity)
            existing_records = self.env[entity.model].search(
                [(fields_[0], "in", list({key[0] for _row, key in db_rows}))]
            )
            existing = {
                tuple(record[name].id if record._fields[name].type == "many2one" else record[name] for name in fields_)
                for record in existing_records
            }
            for row, db_key in db_rows:
                if db_key in existing:
                    row.ok = False
                    errors.append(
                        self._error(
                            source,
                            row.number,
                            entity.key[0],
                            self.env._(
                                "This row already exists in the database (already imported): %(key)s.",
                                key=", ".join(self._text(row.raw.get(column)) or "-" for column in entity.key),
                            ),
                        )
                    )

    @api.model
    def _key_fields(self, entity):
        if entity.has_place:
            return ["place_id", *entity.key[2:]]
        return [KEY_FIELDS.get(column, entity.columns_by_name[column].field or column) for column in entity.key]

    @api.model
    def _db_key(self, entity, row, db_refs):
        """The row's key with database ids, or None when a parent is a row of this import."""
        if entity.has_place:
            if not row.place or row.place[0] != "db":
                return None
            return (row.place[1], *(row.values.get(column) for column in entity.key[2:]))
        key = []
        for column_name in entity.key:
            column = entity.columns_by_name[column_name]
            value = row.values.get(column_name)
            if column.kind == "ref":
                value = db_refs.get(column.target, {}).get(value)
                if value is None:
                    return None
            key.append(value)
        return tuple(key)

    @api.model
    def _check_persons(self, tables, rows, errors):
        """The same name and birth date twice (in the file or the database) is the same person."""
        persons = [row for row in rows.get("persons", []) if row.ok and row.values.get("birthdate")]
        if not persons:
            return
        source = tables["persons"].source
        seen = {}
        for row in persons:
            key = (self._person_name(row.values).lower(), row.values["birthdate"])
            if key in seen:
                row.ok = False
                errors.append(
                    self._error(
                        source,
                        row.number,
                        "lastname",
                        self.env._(
                            "Same name and birth date as row %(row)s: the same person cannot be imported twice.",
                            row=seen[key],
                        ),
                    )
                )
            else:
                seen[key] = row.number
        names = [self._person_name(row.values) for row in persons]
        existing = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("is_imlr_person", "=", True), ("name", "in", names), ("birthdate", "!=", False)])
        )
        known = {(partner.name.lower(), partner.birthdate): partner for partner in existing}
        for row in persons:
            partner = known.get((self._person_name(row.values).lower(), row.values["birthdate"]))
            if partner and row.ok:
                row.ok = False
                errors.append(
                    self._error(
                        source,
                        row.number,
                        "lastname",
                        self.env._(
                            "%(name)s, born on %(birthdate)s, is already in the database (reference %(ref)s).",
                            name=partner.name,
                            birthdate=partner.birthdate,
                            ref=partner.ref or "-",
                        ),
                    )
                )

    @api.model
    def _check_children_ages(self, tables, rows, db_refs, errors):
        """A child of a household is younger than its reference person: a child born before them is a mistake
        (usually two persons or two dates swapped)."""
        memberships = [row for row in rows.get("memberships", []) if row.ok]
        if not memberships:
            return
        birthdates = {
            row.values["ref"]: row.values["birthdate"]
            for row in rows.get("persons", [])
            if row.values.get("ref") and row.values.get("birthdate")
        }
        in_database = {ref: pid for ref, pid in db_refs.get("persons", {}).items() if ref not in birthdates}
        if in_database:
            found = self.env["res.partner"].browse(in_database.values()).read(["birthdate"])
            by_id = {partner["id"]: partner["birthdate"] for partner in found}
            birthdates.update({ref: by_id.get(pid) for ref, pid in in_database.items()})
        eldest_reference = {}
        for row in memberships:
            born = birthdates.get(row.values["person_ref"])
            if row.values["role"] == "reference" and born:
                household = row.values["household_ref"]
                eldest_reference[household] = min(born, eldest_reference.get(household, born))
        for row in memberships:
            born = birthdates.get(row.values["person_ref"])
            reference_born = eldest_reference.get(row.values["household_ref"])
            if row.values["role"] == "child" and born and reference_born and born < reference_born:
                row.ok = False
                errors.append(
                    self._error(
                        tables["memberships"].source,
                        row.number,
                        "person_ref",
                        self.env._(
                            "%(person)s, born on %(born)s, is older than the household's reference person (born "
                            "on %(reference)s): a child cannot be.",
                            person=row.values["person_ref"],
                            born=born.isoformat(),
                            reference=reference_born.isoformat(),
                        ),
                    )
                )

    @staticmethod
    def _person_name(values):
        """Persons are named "Firstname LASTNAME"."""
        return f"{values.get('firstname') or ''} {(values.get('lastname') or '').upper()}".strip()

    @api.model
    def _check_landlord_types(self, rows, db_refs):
        """Dwellings take the landlord type of their landlord's row, or of the landlord's other dwellings."""
        types = {row.values["ref"]: row.values.get("landlord_type") for row in rows.get("landlords", []) if row.ok}
        db_landlord_ids = {
            db_refs.get("landlords", {}).get(row.values.get("landlord_ref")) for row in rows.get("dwellings", [])
        } - {None}
        db_types = {}
        if db_landlord_ids:
            for dwelling in self.env["imlr.dwelling"].search(
                [("landlord_id", "in", list(db_landlord_ids)), ("landlord_type", "!=", False)]
            ):
                db_types.setdefault(dwelling.landlord_id.id, dwelling.landlord_type)
        for row in rows.get("dwellings", []):
            landlord_ref = row.values.get("landlord_ref")
            if landlord_ref in types:
                row.landlord_type = types[landlord_ref]
            elif landlord_ref:
                row.landlord_type = db_types.get(db_refs.get("landlords", {}).get(landlord_ref))

    # ------------------------------------------------------------------ stage 3: write

    @api.model
    def _write(self, tables, rows, db_refs, errors):
        """Create every row, entity by entity, in one savepoint rolled back when anything fails."""
        created = {}
        done = defaultdict(dict)  # entity name -> {ref: id} of the records created by this import
        places = {}  # (dwelling ref, room number or 0) -> place id, for the dwellings of this import
        try:
            with self.env.cr.savepoint():
                for entity in ENTITIES:
                    if entity.name not in rows:
                        continue
                    todo = []
                    for row in rows[entity.name]:
                        vals = self._prepare_vals(entity, row, done, db_refs, places)
                        if vals is not None:
                            todo.append((row, vals))
                    records = self._create(entity, tables[entity.name].source, todo, errors)
                    created[entity.name] = len(records)
                    _logger.info(
                        "import: %s: %s created (%s of %s entities)",
                        entity.name,
                        len(records),
                        len(created),
                        len([entity for entity in ENTITIES if entity.name in rows]),
                    )
                    if entity.ref:
                        done[entity.name] = {record[entity.ref_field]: record.id for record in records}
                    if entity.name == "dwellings":
                        for place in self.env["imlr.place"].search([("dwelling_id", "in", records.ids)]):
                            places[place.dwelling_id.ref, place.room_number if place.kind == "room" else 0] = place.id
                if errors:
                    raise _Rollback()
        except _Rollback:
            return {}
        return created

    @api.model
    def _prepare_vals(self, entity, row, done, db_refs, places):
        """The ``create`` values of a row; None when a record it refers to could not be created."""
        vals = {}
        for column in entity.columns:
            value = row.values.get(column.name)
            if column.kind == "ref" and value:
                value = done[column.target].get(value) or db_refs.get(column.target, {}).get(value)
                if not value:
                    return None
            if column.field:
                vals[column.field] = value if value is not None else False
        if entity.has_place:
            if row.place[0] == "db":
                vals["place_id"] = row.place[1]
            else:
                vals["place_id"] = places.get(row.place[1:])
                if not vals["place_id"]:
                    return None
        return getattr(self, f"_prepare_vals_{entity.name}", lambda vals, row: vals)(vals, row)

    @api.model
    def _country_france(self):
        return self.env.ref("base.fr").id

    def _prepare_vals_landlords(self, vals, row):
        return {**vals, "is_company": True, "country_id": self._country_france()}

    def _prepare_vals_dwellings(self, vals, row):
        vals = {**vals, "country_id": self._country_france(), "landlord_type": row.landlord_type or False}
        rooms = row.values.get("rooms") or 0
        if rooms:
            vals["place_ids"] = [
                Command.create({"kind": "room", "room_number": number}) for number in range(1, rooms + 1)
            ]
        return vals

    def _prepare_vals_households(self, vals, row):
        return {**vals, "is_household": True, "is_company": True}

    def _prepare_vals_persons(self, vals, row):
        return {**vals, "name": self._person_name(row.values), "is_imlr_person": True, "is_company": False}

    @api.model
    def _create(self, entity, source, todo, errors):
        """Create the rows of one entity in one batch; when the batch is refused, replay it row by row in
        nested savepoints to name the faulty rows (the others stay created until the final rollback)."""
        model = self.env[entity.model].with_context(tracking_disable=True, mail_create_nolog=True)
        if not todo:
            return model.browse()
        todo = self._with_common_defaults(model, todo)
        try:
            # PostgreSQL's refusals are reported to the user: no "bad query" in the server log
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                records = model.create([vals for _row, vals in todo])
                self._check_deferred_constraints()
                return records
        except (UserError, psycopg2.IntegrityError) as error:
            _logger.info("import of %s refused as a batch (%s): replayed row by row", entity.name, error)
        finally:
            self.env.cr.execute("SET CONSTRAINTS ALL DEFERRED")
        return self._create_rows(entity, model, source, todo, errors)

    @api.model
    def _with_common_defaults(self, model, todo):
        """``todo`` with the model's default values filled in once for all its rows: Odoo computes them record by
        record, and some cost a query each (a partner's default invoice template), most of an import's time.
        Only the defaults that come out the same twice are shared: a sequence number or a token stays
        per record."""
        # as Odoo's _add_missing_default_values, but the fields of a parent (_inherits) stay its own
        names = [name for name, field in model._fields.items() if not field.inherited]
        first, second = model.default_get(names), model.default_get(names)
        common = {name: value for name, value in first.items() if second.get(name) == value}
        for name, value in common.items():
            field = model._fields[name]
            if field.type == "many2many" and value and isinstance(value[0], int):
                common[name] = [Command.set(value)]
            elif field.type == "one2many" and value and isinstance(value[0], dict):
                common[name] = [Command.create(item) for item in value]
        return [(row, {**common, **vals}) for row, vals in todo]

    @api.model
    def _check_deferred_constraints(self):
        """The exclusion constraints are checked at commit: check them now, while a savepoint can still
        undo the batch and the faulty row can still be named."""
        self.env.flush_all()
        self.env.cr.execute("SET CONSTRAINTS ALL IMMEDIATE")

    @api.model
    def _create_rows(self, entity, model, source, todo, errors):
        """Create ``todo`` one row at a time (error path only), appending the refusal of each faulty row."""
        records = model.browse()
        for row, vals in todo:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    record = model.create([vals])
                    self._check_deferred_constraints()
            except UserError as error:
                errors.append(self._error(source, row.number, None, str(error.args[0])))
            except psycopg2.IntegrityError as error:
                column = self._integrity_column(entity, error)
                errors.append(self._error(source, row.number, column, self._integrity_message(error)))
            else:
                records |= record
            finally:
                self.env.cr.execute("SET CONSTRAINTS ALL DEFERRED")
        return records

    @api.model
    def _integrity_column(self, entity, error):
        """The import column of the field PostgreSQL refused: the field it names (NOT NULL, a unique key, an
        exclusion's key), else the field the refused constraint's definition mentions first (a CHECK)."""
        model = self.env[entity.model]
        text = " ".join(filter(None, [error.diag.column_name, error.diag.message_detail]))
        for key, definition, _message in model._sql_constraints:
            if sql.make_identifier(f"{model._table}_{key}") == error.diag.constraint_name:
                text = definition
        found = []
        for column in entity.columns:
            field_name = column.field or ("place_id" if column.name == "dwelling_ref" else None)
            match = field_name and re.search(rf"\b{re.escape(field_name)}\b", text)
            if match:
                found.append((match.start(), column.name))
        return min(found)[1] if found else None

    @api.model
    def _integrity_message(self, error):
        """The message of the SQL constraint PostgreSQL refused the row with, in the user's language."""
        pg_name = error.diag.constraint_name
        names = [
            f"{model._table}_{key}"
            for model in self.env.registry.values()
            if model._table == error.diag.table_name
            for key, _definition, _message in model._sql_constraints
            if sql.make_identifier(f"{model._table}_{key}") == pg_name
        ]
        if names:
            constraint = self.env["ir.model.constraint"].search([("name", "=", names[0])], limit=1)
            if constraint.message:
                return constraint.message
        return error.diag.message_primary or str(error)

    @api.model
    def _load_demo_files(self):
        """Load the example set of ``demo/import/`` (for the demo data); raise when it does not load."""
        folder = Path(file_path("imlr_odoo/demo/import"))
        result = self.import_files([(path.name, path.read_bytes()) for path in sorted(folder.glob("*.csv"))])
        if result["errors"]:
            raise UserError(
                "\n".join(f"{e['file']}:{e['row'] or ''}:{e['column']}: {e['message']}" for e in result["errors"])
            )
        return result["created"]
