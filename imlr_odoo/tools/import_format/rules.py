"""Stage 2 of the import, the part that needs no database: each cell parsed to its value, the rules between the
columns of a row, and the checks across the rows of the import itself (references given twice, duplicate rows,
the same person twice, a child older than its reference person, rooms of the import's dwellings). Plain Python
(no ORM): ``_`` is the caller's translation function (``env._``), called as ``self._(message, **values)``; the
database's part (codes, references, rows already imported) is the writer model's."""

import re
import unicodedata
from datetime import date, datetime

from .reader import text
from .schema import (
    CONTROL_RE,
    ENTITIES,
    FALSE_WORDS,
    INTEGER_RE,
    MAX_CELL_LENGTH,
    NUMBER_RE,
    QUARTER_RE,
    SIGNED_NUMBER_RE,
    SPACES_RE,
    TRUE_WORDS,
    Row,
    error,
    person_name,
)

ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Rules:
    """The checks of the rows of one import.

    ``selections``: ``{(model, field): [codes]}`` of the selection columns (the model's selection, read once);
    ``today``: the user's today (a birth date after it is refused); ``format_date``: a date as the messages give it
    (the user's language: the writer model passes Odoo's ``format_date``)."""

    def __init__(self, _, selections, today, format_date=date.isoformat):
        self._ = _
        self.format_date = format_date
        self.selections = {target: (list(codes), set(codes)) for target, codes in selections.items()}
        self.today = today
        self.parsers = {
            "date": self.parse_date,
            "amount": self.parse_amount,
            "int": self.parse_int,
            "bool": self.parse_bool,
            "quarter": self.parse_quarter,
            "selection": self.parse_selection,
        }

    # ------------------------------------------------------------------ one row

    def parse_row(self, table, number, raw, errors):
        row = Row(number, {}, raw)
        problems = []
        for column in table.entity.columns:
            value = raw.get(column.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if column.default is None:
                    row.values[column.name] = False if column.kind == "bool" else None
                    if column.required:
                        problems.append((column.name, self._("A value is required.")))
                    continue
                value = column.default
            try:
                row.values[column.name] = self.parse_value(column, value)
            except ValueError as problem:
                row.values[column.name] = None
                problems.append((column.name, str(problem)))
        problems += self.row_problems(table.entity, row.values)
        for column, message in problems:
            errors.append(error(table.source, number, column, message))
        row.ok = not problems
        return row

    def row_problems(self, entity, values):
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
                        self._(
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
                        self._(
                            "%(end)s (%(last)s) cannot be before %(start)s (%(first)s).",
                            end=end,
                            start=start,
                            last=last,
                            first=first,
                        ),
                    )
                )
        birthdate = values.get("birthdate") if entity.name == "persons" else None
        if birthdate and birthdate > self.today:
            problems.append(
                ("birthdate", self._("The birth date %(date)s is in the future.", date=self.format_date(birthdate)))
            )
        for column, needed in entity.needs:
            if values.get(column) and not values.get(needed):
                problems.append((column, self._("A value here needs %(needed)s.", needed=needed)))
        if entity.name == "orientations" and values.get("outcome"):
            not_admitted = values["outcome"] == "not_admitted"
            if not_admitted and not values.get("motif"):
                problems.append(("motif", self._("Give the motif of a household not admitted.")))
            elif values.get("motif") and not not_admitted:
                problems.append(("motif", self._("A motif is given only when the household was not admitted.")))
        return problems

    # ------------------------------------------------------------------ one cell

    def parse_value(self, column, value):
        """The Python value of a cell; raises ValueError with a message for the user."""
        if isinstance(value, str):
            self.check_text_cell(value)
        parser = self.parsers.get(column.kind)
        # char, code and ref are text here; codes and references are looked up in the database later
        return parser(value, column) if parser else text(value)

    def check_text_cell(self, value):
        """Refuse what no column holds: huge cells, control characters, spreadsheet formulas (CSV injection:
        a value starting with =, @, or + / - not followed by a number is run by a spreadsheet that opens it)."""
        if len(value) > MAX_CELL_LENGTH:
            raise ValueError(
                self._(
                    "The value is too long (%(length)s characters, at most %(maximum)s).",
                    length=len(value),
                    maximum=MAX_CELL_LENGTH,
                )
            )
        if CONTROL_RE.search(value):
            raise ValueError(self._("The value contains control characters: retype it."))
        # as a spreadsheet reads it: full-width signs (＝, ＋…) are the plain ones, and a leading apostrophe
        # (Excel's "text" mark) or blanks hide nothing (plain ASCII is its own normal form)
        shown = value if value.isascii() else unicodedata.normalize("NFKC", value)
        shown = shown.strip().lstrip("'").strip()
        if shown[:1] in ("=", "@") or (shown[:1] in ("+", "-") and not SIGNED_NUMBER_RE.match(shown)):
            raise ValueError(
                self._(
                    "%(value)s looks like a spreadsheet formula: formulas are not imported, type the value itself.",
                    value=shown[:60],
                )
            )

    def parse_quarter(self, value, column=None):
        quarter = text(value).upper()
        if not QUARTER_RE.match(quarter):
            raise ValueError(self._("%(value)s is not a quarter such as 2023-T2.", value=value))
        return quarter

    def parse_selection(self, value, column):
        code = text(value).lower()
        codes, known = self.selections[column.target]
        if code not in known:
            raise ValueError(
                self._("Unknown code %(value)s: expected one of %(codes)s.", value=value, codes=", ".join(codes))
            )
        return code

    def parse_date(self, value, column=None):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        written = text(value)
        formats = (date.fromisoformat,)  # YYYY-MM-DD, the usual case, without strptime's cost
        if not ISO_DATE_RE.match(written):
            formats = (lambda cell: datetime.strptime(cell, "%Y-%m-%d").date(), self._parse_french_date)
        for parse in formats:
            try:
                return parse(written)
            except ValueError:
                continue
        raise ValueError(self._("%(value)s is not a date: write YYYY-MM-DD or DD/MM/YYYY.", value=written))

    @staticmethod
    def _parse_french_date(cell):
        return datetime.strptime(cell, "%d/%m/%Y").date()

    def parse_amount(self, value, column=None):
        if isinstance(value, bool):
            raise ValueError(self._("%(value)s is not a number.", value=value))
        if isinstance(value, int | float):
            number = float(value)
        else:
            written = SPACES_RE.sub("", text(value))
            if not NUMBER_RE.match(written):
                raise ValueError(self._("%(value)s is not a number (write 450.50 or 450,50).", value=value))
            number = float(written.replace(",", "."))
        if number < 0:
            raise ValueError(self._("%(value)s is negative: amounts cannot be negative.", value=value))
        return number

    def parse_int(self, value, column=None):
        minimum = column.minimum if column else None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            written = SPACES_RE.sub("", text(value))
            if not INTEGER_RE.match(written):
                raise ValueError(self._("%(value)s is not a whole number.", value=value))
            number = int(written)
        if minimum is not None and number < minimum:
            raise ValueError(self._("%(value)s is below %(minimum)s.", value=number, minimum=minimum))
        return number

    def parse_bool(self, value, column=None):
        if isinstance(value, bool):
            return value
        word = text(value).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(self._("%(value)s is not a yes/no value (write 1 or 0, oui or non).", value=value))

    # ------------------------------------------------------------------ across the rows of the import

    def own_refs(self, entity, source, entity_rows, errors):
        """{ref: row number} of the rows of ``entity``; a reference given twice is an error."""
        refs = {}
        for row in entity_rows:
            ref = row.values.get(entity.ref)
            if ref and ref in refs:
                row.ok = False
                errors.append(
                    error(
                        source,
                        row.number,
                        entity.ref,
                        self._("Duplicate reference %(ref)s: already on row %(row)s.", ref=ref, row=refs[ref]),
                    )
                )
            elif ref:
                refs[ref] = row.number
        return refs

    def unique_keys(self, entity, source, entity_rows, errors):
        """The rows of ``entity`` (without reference) whose key is not already on an earlier row; the others
        are errors."""
        seen = {}
        unique = []
        for row in entity_rows:
            if not row.ok:
                continue
            key = tuple(row.values.get(column) for column in entity.key)
            if key in seen:
                row.ok = False
                errors.append(
                    error(
                        source, row.number, entity.key[0], self._("Same row as row %(row)s: duplicate.", row=seen[key])
                    )
                )
                continue
            seen[key] = row.number
            unique.append(row)
        return unique

    def same_persons(self, source, persons, errors):
        """The same name and birth date twice in the file is the same person."""
        seen = {}
        for row in persons:
            key = (person_name(row.values).lower(), row.values["birthdate"])
            if key in seen:
                row.ok = False
                errors.append(
                    error(
                        source,
                        row.number,
                        "lastname",
                        self._(
                            "Same name and birth date as row %(row)s: the same person cannot be imported twice.",
                            row=seen[key],
                        ),
                    )
                )
            else:
                seen[key] = row.number

    def children_ages(self, source, memberships, birthdates, errors):
        """A child of a household is younger than its reference person: a child born before them is a mistake
        (usually two persons or two dates swapped). ``birthdates``: {person ref: birth date}."""
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
                    error(
                        source,
                        row.number,
                        "person_ref",
                        self._(
                            "%(person)s, born on %(born)s, is older than the household's reference person (born "
                            "on %(reference)s): a child cannot be.",
                            person=row.values["person_ref"],
                            born=self.format_date(born),
                            reference=self.format_date(reference_born),
                        ),
                    )
                )

    def places(self, tables, rows, db_dwellings, db_places, errors):
        """Resolve ``dwelling_ref`` + ``room`` of blocks and subleases to a place (room N or the whole dwelling).
        ``db_dwellings``: {ref: id} of the dwellings already in the database; ``db_places``: {dwelling id:
        {room number or 0: place id}}."""
        rooms_in_import = {
            row.values["ref"]: row.values.get("rooms") or 0
            for row in rows.get("dwellings", [])
            if row.values.get("ref")
        }
        for entity in ENTITIES:
            if not entity.has_place:
                continue
            for row in rows.get(entity.name, []):
                dwelling_ref, room = row.values.get("dwelling_ref"), row.values.get("room") or 0
                if not dwelling_ref:
                    continue
                # a dwelling both in the file and in the database is a duplicate row: use the database's
                if dwelling_ref in db_dwellings:
                    places = db_places.get(db_dwellings[dwelling_ref], {})
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
                    message = self._("%(dwelling)s has no room %(room)s.", dwelling=dwelling_ref, room=room)
                else:
                    message = self._(
                        "%(dwelling)s is let as colocation rooms (%(rooms)s): give the room number.",
                        dwelling=dwelling_ref,
                        rooms=", ".join(map(str, rooms)),
                    )
                errors.append(error(tables[entity.name].source, row.number, "room", message))
