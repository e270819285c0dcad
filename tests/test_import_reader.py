"""The import's reader and rules without a database (issue #18, item 5): plain Python fed with bytes, exact
tables, values and messages. The messages stay in English here (the translation function is the identity);
tests/test_import.py checks them through Odoo, in French."""

import unittest
from datetime import date

from odoo.addons.imlr_odoo.tools.import_format import ENTITIES, ENTITY_BY_NAME, Reader, Rules

SELECTIONS = {
    ("res.partner", "gender"): ["female", "male", "other"],
    ("imlr.household.member", "role"): ["reference", "spouse", "child", "other"],
    ("imlr.household.member", "start_reason"): ["entry", "birth", "arrival", "other"],
    ("imlr.household.member", "end_reason"): ["departure", "death", "other"],
}
TODAY = date(2026, 12, 6)


def french_date(value):
    """A date as a French user reads it in a message (the writer model passes Odoo's format_date)."""
    return value.strftime("%d/%m/%Y")


def _(source, **values):
    """The identity translation, formatted as Odoo's ``env._`` formats."""
    return source % values if values else source


def read(*files):
    errors = []
    tables = Reader(_, [entity.name for entity in ENTITIES]).read_files(list(files), errors)
    return tables, errors


def parse(name, content):
    """(rows, errors) of one CSV file read and its rows parsed."""
    tables, errors = read((f"{name}.csv", content.encode()))
    rules = Rules(_, SELECTIONS, TODAY, french_date)
    table = tables[name]
    return [rules.parse_row(table, number, raw, errors) for number, raw in table.rows], errors


class TestImportReader(unittest.TestCase):
    def test_semicolons_bom_blank_rows_and_trailing_cells(self):
        content = "\ufeffref;lastname;firstname;birthdate;\r\nP1;Diallo;Awa;2001-02-03;\r\n;;;;\r\nP2;Ba;Moussa;;\r\n"
        tables, errors = read(("persons.csv", content.encode()))
        self.assertEqual(errors, [])
        table = tables["persons"]
        self.assertEqual(table.header, ["ref", "lastname", "firstname", "birthdate", ""])
        self.assertEqual(
            table.rows,
            [
                (2, {"ref": "P1", "lastname": "Diallo", "firstname": "Awa", "birthdate": "2001-02-03"}),
                (4, {"ref": "P2", "lastname": "Ba", "firstname": "Moussa", "birthdate": ""}),
            ],
        )

    def test_header_errors_leave_the_table_unread(self):
        tables, errors = read(("persons.csv", b"ref,lastname,surname\nP1,Diallo,Awa\n"))
        self.assertFalse(tables["persons"].readable)
        self.assertEqual(
            errors,
            [
                {
                    "file": "persons.csv",
                    "row": 1,
                    "column": "surname",
                    "message": "Unknown column: the columns of persons are ref, lastname, firstname, birthdate, "
                    "gender, nationality.",
                },
                {"file": "persons.csv", "row": 1, "column": "firstname", "message": "Required column missing."},
            ],
        )

    def test_file_errors(self):
        tables, errors = read(
            ("people.csv", b"ref\n"),
            ("notes.txt", b""),
            ("households.csv", b'ref,name\nH1,"Famille\nH2,Autre\n'),
            ("persons.csv", b"ref,lastname,firstname\nP1,Ba,\xe9\n"),
            ("dwellings.csv", b"  \n"),
        )
        self.assertEqual(set(tables), {"households", "persons", "dwellings"})
        self.assertEqual(
            [(error["file"], error["row"], error["message"][:40]) for error in errors],
            [
                ("people.csv", None, "Unknown file or sheet name people: expec"),
                ("notes.txt", None, "Unsupported file type: give CSV files or"),
                ("households.csv", 2, 'A quote (") opened on this row is not cl'),
                ("persons.csv", 2, "The file is not UTF-8 text (byte 0xe9): "),
                ("dwellings.csv", 1, "The file is empty: its first row must na"),
            ],
        )

    def test_a_row_longer_than_the_header(self):
        tables, errors = read(("households.csv", b"ref,name\nH1,Famille Ba,extra\nH2,Famille Sy,\n"))
        self.assertEqual(tables["households"].rows, [(3, {"ref": "H2", "name": "Famille Sy"})])
        self.assertEqual(
            errors,
            [{"file": "households.csv", "row": 2, "column": "", "message": "This row has more values than columns."}],
        )


class TestImportRules(unittest.TestCase):
    def test_values_parsed(self):
        rows, errors = parse(
            "persons", "ref,lastname,firstname,birthdate,gender\nP1,Diallo,Awa,03/02/2001,Female\nP2,Ba,Sy,,\n"
        )
        self.assertEqual(errors, [])
        self.assertEqual(
            [row.values for row in rows],
            [
                {
                    "ref": "P1",
                    "lastname": "Diallo",
                    "firstname": "Awa",
                    "birthdate": date(2001, 2, 3),
                    "gender": "female",
                    "nationality": None,
                },
                {
                    "ref": "P2",
                    "lastname": "Ba",
                    "firstname": "Sy",
                    "birthdate": None,
                    "gender": None,
                    "nationality": None,
                },
            ],
        )

    def test_cell_errors(self):
        rows, errors = parse(
            "persons",
            "ref,lastname,firstname,birthdate,gender\nP1,=1+1,Awa,2001-02-30,x\nP2,Ba,Sy,2027-01-01,\nP3,Ba,,ABC,\n",
        )
        self.assertEqual([row.ok for row in rows], [False, False, False])
        self.assertEqual(
            [(error["row"], error["column"], error["message"]) for error in errors],
            [
                (
                    2,
                    "lastname",
                    "=1+1 looks like a spreadsheet formula: formulas are not imported, type the value itself.",
                ),
                (2, "birthdate", "2001-02-30 is not a date: write YYYY-MM-DD or DD/MM/YYYY."),
                (2, "gender", "Unknown code x: expected one of female, male, other."),
                (3, "birthdate", "The birth date 01/01/2027 is in the future."),
                (4, "firstname", "A value is required."),
                (4, "birthdate", "ABC is not a date: write YYYY-MM-DD or DD/MM/YYYY."),
            ],
        )

    def test_full_width_formula_and_signed_phone(self):
        rules = Rules(_, SELECTIONS, TODAY)
        rules.check_text_cell("+33 6 12 34 56 78")
        with self.assertRaisesRegex(ValueError, "^=SUM"):
            rules.check_text_cell("＝SUM(A1)")  # a full-width sign is a formula too

    def test_rows_across_the_import(self):
        rules = Rules(_, SELECTIONS, TODAY, french_date)
        persons, errors = parse(
            "persons", "ref,lastname,firstname,birthdate\nP1,Ba,Awa,1980-01-01\nP1,Sy,Ali,2010-05-06\n"
        )
        self.assertEqual(rules.own_refs(ENTITY_BY_NAME["persons"], "persons.csv", persons, errors), {"P1": 2})
        self.assertEqual(
            errors,
            [
                {
                    "file": "persons.csv",
                    "row": 3,
                    "column": "ref",
                    "message": "Duplicate reference P1: already on row 2.",
                }
            ],
        )
        memberships, errors = parse(
            "memberships",
            "household_ref,person_ref,role,date_start\nH1,P1,reference,2024-01-01\nH1,P2,child,2024-01-01\n"
            "H1,P2,child,2024-01-01\n",
        )
        unique = rules.unique_keys(ENTITY_BY_NAME["memberships"], "memberships.csv", memberships, errors)
        self.assertEqual([row.number for row in unique], [2, 3])
        birthdates = {"P1": date(1980, 1, 1), "P2": date(1979, 5, 6)}
        rules.children_ages("memberships.csv", unique, birthdates, errors)
        self.assertEqual(
            [(error["row"], error["column"], error["message"]) for error in errors],
            [
                (4, "household_ref", "Same row as row 3: duplicate."),
                (
                    3,
                    "person_ref",
                    "P2, born on 06/05/1979, is older than the household's reference person (born on 01/01/1980): "
                    "a child cannot be.",
                ),
            ],
        )
