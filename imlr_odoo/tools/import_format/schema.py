"""The import format of docs/import-format.md as data: its files (entities), their columns and rules, and the
rows being read. Plain Python, no ORM: the reader and the rules work on these, the writer model maps them to
records."""

import re
from dataclasses import dataclass, field

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


def error(source, row, column, message):
    """An import error as the engine returns it."""
    return {"file": source, "row": row, "column": column or "", "message": message}


def person_name(values):
    """Persons are named "Firstname LASTNAME"."""
    return f"{values.get('firstname') or ''} {(values.get('lastname') or '').upper()}".strip()
