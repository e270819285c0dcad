"""The spreadsheet import's format, reader and rules (docs/import-format.md), in plain Python: no ORM, testable
without a database. The model ``imlr.import`` looks up the database and writes."""

from .reader import Reader, is_blank, text
from .rules import Rules
from .schema import (
    DEFAULT_PROGRAM,
    ENTITIES,
    ENTITY_BY_NAME,
    KEY_FIELDS,
    MAX_CELL_LENGTH,
    MAX_COLUMNS,
    MAX_ROWS,
    Column,
    Entity,
    Row,
    Table,
    error,
    person_name,
)

__all__ = [
    "DEFAULT_PROGRAM",
    "ENTITIES",
    "ENTITY_BY_NAME",
    "KEY_FIELDS",
    "MAX_CELL_LENGTH",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Column",
    "Entity",
    "Reader",
    "Row",
    "Rules",
    "Table",
    "error",
    "is_blank",
    "person_name",
    "text",
]
