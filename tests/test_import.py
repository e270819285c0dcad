"""The spreadsheet import (docs/import-format.md): a valid set loads with exact counts; every kind of bad input
is reported with its file, row and column, and leaves every record count unchanged."""

import base64
import contextlib
import csv
import io
import re
import shutil
import subprocess
import sys
import tracemalloc
import uuid
import zipfile
from datetime import datetime

import openpyxl

from odoo.addons.imlr_odoo.models.imports.imlr_import import ENTITIES, MAX_ROWS, Row
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools import format_date

from .common import REPO, d, odoo_config_path

sys.path.insert(0, str(REPO / "devtools"))
import imlr_dev

from imlr_cli import imlr_import as cli

DEMO_FOLDER = REPO / "imlr_odoo" / "demo" / "import"
# the models an import writes, with the entities that fill them
MODELS = {
    "res.partner": ("landlords", "households", "persons", "dwellings"),
    "imlr.dwelling": ("dwellings",),
    "imlr.place": ("dwellings",),
    "imlr.lease": ("leases",),
    "imlr.place.block": ("place_blocks",),
    "imlr.household.member": ("memberships",),
    "imlr.legal.status": ("legal_statuses",),
    "imlr.household.resource": ("resources",),
    "imlr.orientation": ("orientations",),
    "imlr.stay": ("stays",),
    "imlr.reinforced.support": ("reinforced_support",),
    "imlr.eviction.stage": ("eviction_stages",),
    "imlr.sublease": ("subleases",),
}


def lines(*rows):
    return "\n".join(rows) + "\n"


# A small association, fixed dates; references start with TI- so they never meet the demo data's.
VALID = {
    "landlords.csv": lines(
        "ref,name,landlord_type,street,zip,city,email,phone",
        "TI-LL1,Bailleur Test Social,social,1 rue du Test,80000,Amiens,bailleur@test.example,03 22 00 00 01",
        "TI-LL2,Propriétaire Test,private,,,,,",
    ),
    "dwellings.csv": lines(
        "ref,name,typology,sector,landlord_ref,street,zip,city,surface,floor,rooms",
        'TI-D1,Test T3 Henriville,t3,GA,TI-LL1,3 rue B,80000,Amiens,"64,5",2,',
        "TI-D2,Test colocation,T4,ga,TI-LL2,,,Amiens,80,1,2",
    ),
    "leases.csv": lines(
        "dwelling_ref,date_start,date_end,end_reason,rent,charges,irl_quarter,sliding",
        "TI-D1,2022-01-01,,,500.00,80,2021-T3,0",
        'TI-D2,01/02/2022,,,"650,50",90,,oui',
    ),
    "place_blocks.csv": lines(
        "dwelling_ref,room,date_start,date_end,reason",
        "TI-D2,2,2022-02-01,2022-03-31,Travaux",
    ),
    "households.csv": lines("ref,name", "TI-H1,Famille TESTA", "TI-H2,TESTB Awa"),
    "persons.csv": lines(
        "ref,lastname,firstname,birthdate,gender,nationality",
        "TI-P1,Testa,Karim,1985-03-02,male,AF",
        "TI-P2,TESTA,Leila,1988-07-15,female,af",
        "TI-P3,TESTA,Sami,2015-01-20,male,AF",
        "TI-P4,TESTB,Awa,1990-11-30,female,SD",
    ),
    "memberships.csv": lines(
        "household_ref,person_ref,role,date_start,date_end,start_reason,end_reason",
        "TI-H1,TI-P1,reference,2022-03-01,,,",
        "TI-H1,TI-P2,spouse,2022-03-01,,entry,",
        "TI-H1,TI-P3,child,2022-03-01,,entry,",
        "TI-H2,TI-P4,reference,2022-04-01,2023-06-01,entry,departure",
    ),
    "legal_statuses.csv": lines(
        "person_ref,status,date_start,permit_expiry",
        "TI-P1,refugee,2021-06-01,2031-05-31",
        "TI-P2,refugee,2021-06-01,",
        "TI-P3,refugee,2021-06-01,",
        "TI-P4,subsidiary_protection,2021-09-01,2025-08-31",
    ),
    "resources.csv": lines(
        "household_ref,resource,date_start,date_end,amount",
        'TI-H1,rsa,2022-03-01,,"812,40"',
        "TI-H2,salary,2022-04-01,2023-05-31,1350",
    ),
    "orientations.csv": lines(
        "ref,date,source,household_ref,program,outcome,motif,decision_date,note",
        "TI-O1,2022-02-01,siao,TI-H1,IMLR,admitted,,2022-02-10,",
        "TI-O2,2022-03-01,,TI-H2,,admitted,,2022-03-10,",
        "TI-O3,2022-05-01,siao,TI-H2,IMLR,not_admitted,already_housed,2022-05-05,Déjà logée",
    ),
    "stays.csv": lines(
        "ref,household_ref,program,orientation_ref,date_entry,date_exit,situation_before,exit_destination,glissement",
        "TI-S1,TI-H1,IMLR,TI-O1,2022-03-01,,specialised,,",
        "TI-S2,TI-H2,,TI-O2,2022-04-01,2023-06-01,emergency,social_landlord,oui",
    ),
    "reinforced_support.csv": lines("stay_ref,date_start,date_end", "TI-S1,2022-03-01,2022-08-31"),
    "eviction_stages.csv": lines("stay_ref,date,stage", "TI-S1,2023-01-15,payment_order", "TI-S1,2023-04-01,closed"),
    "subleases.csv": lines(
        "stay_ref,dwelling_ref,room,date_start,date_end,rent,charges,apl,deposit",
        "TI-S1,TI-D1,,2022-03-01,,450,70,300,450",
        "TI-S2,TI-D2,1,2022-04-01,2023-05-31,250,40,180,250",
    ),
}
VALID_CREATED = {
    "landlords": 2,
    "dwellings": 2,
    "leases": 2,
    "place_blocks": 1,
    "households": 2,
    "persons": 4,
    "memberships": 4,
    "legal_statuses": 4,
    "resources": 2,
    "orientations": 3,
    "stays": 2,
    "reinforced_support": 1,
    "eviction_stages": 2,
    "subleases": 2,
}


def files(overrides=None, drop=()):
    """The valid set as (file name, bytes), with some files replaced (text or bytes) or left out."""
    data = {**VALID, **(overrides or {})}
    return [
        (name, content if isinstance(content, bytes) else content.encode())
        for name, content in data.items()
        if name not in drop
    ]


def replace_line(name, number, new_line):
    """The file ``name`` of the valid set with its row ``number`` (header = 1) replaced."""
    rows = VALID[name].splitlines()
    rows[number - 1] = new_line
    return lines(*rows)


def add_lines(name, *new_lines):
    return VALID[name] + lines(*new_lines)


class ImportCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["imlr.import"]

    def counts(self):
        return {model: self.env[model].with_context(active_test=False).search_count([]) for model in MODELS}

    def import_files(self, data):
        return self.engine.import_files(data)

    def assertImportFails(self, data, expected):
        """The import of ``data`` writes nothing and reports exactly ``expected``: [(file, row, column, text
        found in the message)]."""
        before = self.counts()
        result = self.import_files(data)
        self.assertEqual(result["created"], {})
        found = [(error["file"], error["row"], error["column"]) for error in result["errors"]]
        self.assertEqual(found, [item[:3] for item in expected], result["errors"])
        for error, item in zip(result["errors"], expected, strict=True):
            self.assertIn(item[3], error["message"])
        self.assertEqual(self.counts(), before)
        return result


class TestImportValid(ImportCase):
    def test_valid_set_creates_exact_counts(self):
        before = self.counts()
        result = self.import_files(files())
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["created"], VALID_CREATED)
        after = self.counts()
        grown = {model: after[model] - before[model] for model in MODELS}
        self.assertEqual(
            grown,
            {
                # 2 landlords + 2 households + 4 persons + the address contacts of 2 dwellings
                "res.partner": 10,
                "imlr.dwelling": 2,
                "imlr.place": 3,  # TI-D1 whole, TI-D2 rooms 1 and 2
                "imlr.lease": 2,
                "imlr.place.block": 1,
                "imlr.household.member": 4,
                "imlr.legal.status": 4,
                "imlr.household.resource": 2,
                "imlr.orientation": 3,
                "imlr.stay": 2,
                "imlr.reinforced.support": 1,
                "imlr.eviction.stage": 2,
                "imlr.sublease": 2,
            },
        )

    def test_valid_set_values(self):
        self.import_files(files())
        Partner = self.env["res.partner"]
        landlord = Partner.search([("ref", "=", "TI-LL1"), ("is_company", "=", True)])
        dwellings = self.env["imlr.dwelling"].search([("ref", "in", ["TI-D1", "TI-D2"])], order="ref")
        france = self.env.ref("base.fr")
        self.assertRecordValues(
            dwellings,
            [
                {
                    "name": "Test T3 Henriville",
                    "typology": "t3",
                    "sector_id": self.env.ref("imlr_odoo.imlr_sector_grand_amienois").id,
                    "landlord_id": landlord.id,
                    "landlord_type": "social",
                    "country_id": france.id,
                    "surface": 64.5,
                    "floor": 2,
                    "is_colocation": False,
                    "date_captation": d("2022-01-01"),
                    "is_company": True,
                    "lang": "fr_FR",
                },
                {
                    "name": "Test colocation",
                    "typology": "t4",
                    "sector_id": self.env.ref("imlr_odoo.imlr_sector_grand_amienois").id,
                    "landlord_id": Partner.search([("ref", "=", "TI-LL2")]).id,
                    "landlord_type": "private",
                    "country_id": france.id,
                    "surface": 80.0,
                    "floor": 1,
                    "is_colocation": True,
                    "date_captation": d("2022-02-01"),
                    "is_company": True,
                    "lang": "fr_FR",
                },
            ],
        )
        self.assertEqual(dwellings[1].place_ids.mapped("room_number"), [1, 2])
        self.assertRecordValues(
            dwellings[1].lease_ids, [{"rent": 650.5, "charges": 90.0, "is_sliding": True, "irl_index_id": False}]
        )
        # the IRL quarter of the file is the quarter of the IRL table
        self.assertEqual(dwellings[0].lease_ids.irl_index_id, self.env.ref("imlr_odoo.imlr_irl_2021_t3"))
        self.assertEqual(dwellings[0].lease_ids.irl_reference_value, 131.67)
        persons = Partner.search([("ref", "in", ["TI-P1", "TI-P4"])], order="ref")
        self.assertRecordValues(
            persons,
            [
                {
                    "name": "Karim TESTA",
                    "is_imlr_person": True,
                    "birthdate": d("1985-03-02"),
                    "gender": "male",
                    "nationality_id": self.env.ref("base.af").id,
                },
                {
                    "name": "Awa TESTB",
                    "is_imlr_person": True,
                    "birthdate": d("1990-11-30"),
                    "gender": "female",
                    "nationality_id": self.env.ref("base.sd").id,
                },
            ],
        )
        household = Partner.search([("ref", "=", "TI-H1"), ("is_household", "=", True)])
        self.assertEqual(household.with_context(date="2022-06-01").reference_person_id, persons[0])
        stays = self.env["imlr.stay"].search([("reference", "in", ["TI-S1", "TI-S2"])], order="reference")
        self.assertRecordValues(
            stays,
            [
                {
                    "household_id": household.id,
                    "program_id": self.env.ref("imlr_odoo.imlr_program_imlr").id,
                    "date_entry": d("2022-03-01"),
                    "date_exit": False,
                    "entry_situation_id": self.env.ref("imlr_odoo.imlr_entry_situation_specialised").id,
                    "exit_destination_id": False,
                    "is_glissement": False,
                },
                {
                    "household_id": Partner.search([("ref", "=", "TI-H2")]).id,
                    "program_id": self.env.ref("imlr_odoo.imlr_program_imlr").id,
                    "date_entry": d("2022-04-01"),
                    "date_exit": d("2023-06-01"),
                    "entry_situation_id": self.env.ref("imlr_odoo.imlr_entry_situation_emergency").id,
                    "exit_destination_id": self.env.ref("imlr_odoo.imlr_exit_destination_social_landlord").id,
                    "is_glissement": True,
                },
            ],
        )
        self.assertEqual(stays[0].orientation_id.siao_reference, "TI-O1")
        self.assertRecordValues(
            stays.sublease_ids.sorted("rent"),
            [
                {"place_id": dwellings[1].place_ids[0].id, "rent": 250.0, "apl_expected": 180.0, "deposit": 250.0},
                {"place_id": dwellings[0].place_ids.id, "rent": 450.0, "apl_expected": 300.0, "deposit": 450.0},
            ],
        )
        orientation = self.env["imlr.orientation"].search([("siao_reference", "=", "TI-O3")])
        self.assertRecordValues(orientation, [{"outcome": "not_admitted", "refusal_motif": "already_housed"}])
        self.assertEqual(self.env["imlr.place.block"].search([("reason", "=", "Travaux")]).place_id.room_number, 2)

    def test_semicolons_bom_and_references_to_the_database(self):
        """A later import may refer to records already in the database; CSV with BOM and semicolons."""
        self.import_files(files())
        content = "\ufeffstay_ref;date;stage\r\nTI-S1;01/06/2023;payment_order\r\n".encode()
        result = self.import_files([("eviction_stages.csv", content)])
        self.assertEqual(result, {"created": {"eviction_stages": 1}, "errors": []})
        stay = self.env["imlr.stay"].search([("reference", "=", "TI-S1")])
        self.assertEqual(stay.eviction_stage_ids.mapped("date"), [d("2023-01-15"), d("2023-04-01"), d("2023-06-01")])

    def test_xlsx_workbook(self):
        book = openpyxl.Workbook()
        book.remove(book.active)
        for name, content in VALID.items():
            sheet = book.create_sheet(name.removesuffix(".csv"))
            for number, row in enumerate(csv.reader(io.StringIO(content))):
                if name == "leases.csv" and number == 1:
                    # real spreadsheet cells: a date and numbers
                    sheet.append(["TI-D1", datetime(2022, 1, 1), None, None, 500, 80.0, "2021-T3", 0])
                else:
                    sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        result = self.import_files([("association.xlsx", buffer.getvalue())])
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["created"], VALID_CREATED)
        lease = self.env["imlr.dwelling"].search([("ref", "=", "TI-D1")]).lease_ids
        self.assertRecordValues(lease, [{"date_start": d("2022-01-01"), "rent": 500.0, "charges": 80.0}])

    def test_xlsx_errors_name_the_sheet(self):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "households"
        sheet.append(["ref", "name"])
        sheet.append(["TI-H9", None])
        buffer = io.BytesIO()
        book.save(buffer)
        self.assertImportFails(
            [("book.xlsx", buffer.getvalue())], [("book.xlsx[households]", 2, "name", "A value is required")]
        )


class TestImportErrors(ImportCase):
    """At least the ten kinds of bad input of the issue, each with its exact place."""

    def test_unknown_typology(self):
        self.assertImportFails(
            files({"dwellings.csv": replace_line("dwellings.csv", 2, "TI-D1,Test,t9,GA,TI-LL1,,,Amiens,,,")}),
            [("dwellings.csv", 2, "typology", "Unknown code t9")],
        )

    def test_overlapping_subleases(self):
        """Refused by the constraint of imlr.sublease (PostgreSQL's exclusion constraint backs it) and
        attributed to its row."""
        overlapping = "TI-S1,TI-D2,1,2022-05-01,2022-06-30,250,40,180,250"
        self.assertImportFails(
            files({"subleases.csv": add_lines("subleases.csv", overlapping)}),
            [("subleases.csv", 4, "", "two subleases of a place cannot overlap")],
        )

    def test_sublease_outside_its_stay(self):
        """Refused by a Python constraint of imlr.sublease (ValidationError) and attributed to its row."""
        self.assertImportFails(
            files({"subleases.csv": replace_line("subleases.csv", 3, "TI-S2,TI-D2,1,2022-04-01,2023-07-31,250,,,")}),
            [("subleases.csv", 3, "", "must lie within the stay")],
        )

    def test_overlapping_blocks(self):
        """Overlapping blocked periods: the row is named, with the constraint's message."""
        self.assertImportFails(
            files({"place_blocks.csv": add_lines("place_blocks.csv", "TI-D2,2,2022-03-01,2022-04-30,Encore")}),
            [("place_blocks.csv", 3, "", "blocked periods cannot overlap")],
        )

    def test_exit_before_entry(self):
        stay = "TI-S2,TI-H2,,TI-O2,2022-04-01,2022-03-15,emergency,social_landlord,oui"
        self.assertImportFails(
            files({"stays.csv": replace_line("stays.csv", 3, stay)}),
            [("stays.csv", 3, "date_exit", "must be after date_entry")],
        )

    def test_duplicate_person_reference(self):
        self.assertImportFails(
            files({"persons.csv": add_lines("persons.csv", "TI-P1,AUTRE,Nom,1970-01-01,male,FR")}),
            [("persons.csv", 6, "ref", "Duplicate reference TI-P1: already on row 2")],
        )

    def test_duplicate_person_same_name_and_birthdate(self):
        self.assertImportFails(
            files({"persons.csv": add_lines("persons.csv", "TI-P9,testa,Karim,02/03/1985,male,AF")}),
            [("persons.csv", 6, "lastname", "Same name and birth date as row 2")],
        )

    def test_bad_date(self):
        self.assertImportFails(
            files({"memberships.csv": replace_line("memberships.csv", 2, "TI-H1,TI-P1,reference,2022-02-30,,,")}),
            [("memberships.csv", 2, "date_start", "2022-02-30 is not a date")],
        )

    def test_missing_required_column(self):
        self.assertImportFails(
            files(
                {"leases.csv": lines("dwelling_ref,date_start,date_end,end_reason,charges", "TI-D1,2022-01-01,,,80")}
            ),
            [("leases.csv", 1, "rent", "Required column missing")],
        )

    def test_unknown_column(self):
        self.assertImportFails(
            files({"households.csv": lines("ref,name,nmae", "TI-H1,Famille TESTA,", "TI-H2,TESTB Awa,")}),
            [("households.csv", 1, "nmae", "Unknown column")],
        )

    def test_wrong_encoding(self):
        latin1 = lines("ref,name", "TI-H1,Famille TESTA", "TI-H2,Famille HÉLOÏSE").encode("latin-1")
        self.assertImportFails(
            files({"households.csv": latin1}), [("households.csv", 3, "", "not UTF-8 text (byte 0xc9)")]
        )

    def test_empty_file(self):
        self.assertImportFails(files({"stays.csv": b""}), [("stays.csv", 1, "", "The file is empty")])

    def test_unknown_reference(self):
        self.assertImportFails(
            files({"subleases.csv": replace_line("subleases.csv", 3, "TI-S9,TI-D2,1,2022-04-01,,250,40,180,250")}),
            [("subleases.csv", 3, "stay_ref", "Unknown reference TI-S9")],
        )

    def test_negative_rent(self):
        self.assertImportFails(
            files({"leases.csv": replace_line("leases.csv", 2, "TI-D1,2022-01-01,,,-500,80,2021-T3,0")}),
            [("leases.csv", 2, "rent", "-500 is negative")],
        )

    def test_unknown_file_and_room(self):
        self.assertImportFails(
            [
                *files({"subleases.csv": replace_line("subleases.csv", 3, "TI-S2,TI-D2,,2022-04-01,,250,,,")}),
                ("tenants.csv", b"ref\n"),
            ],
            [
                ("tenants.csv", None, "", "Unknown file or sheet name tenants"),
                ("subleases.csv", 3, "room", "give the room number"),
            ],
        )

    def test_several_errors_are_all_listed(self):
        self.assertImportFails(
            files(
                {
                    "orientations.csv": replace_line(
                        "orientations.csv", 4, "TI-O3,2022-05-01,siao,TI-H2,XX,not_admitted,,2022-04-05,"
                    ),
                    "resources.csv": replace_line("resources.csv", 2, "TI-H1,lottery,2022-03-01,,abc"),
                }
            ),
            [
                ("resources.csv", 2, "amount", "abc is not a number"),
                ("resources.csv", 2, "resource", "Unknown code lottery"),
                ("orientations.csv", 4, "decision_date", "cannot be before date"),
                ("orientations.csv", 4, "motif", "Give the motif"),
                ("orientations.csv", 4, "program", "Unknown code XX"),
            ],
        )

    def test_reimport_is_all_duplicates(self):
        self.assertEqual(self.import_files(files())["errors"], [])
        before = self.counts()
        result = self.import_files(files())
        self.assertEqual(result["created"], {})
        self.assertEqual(len(result["errors"]), sum(VALID_CREATED.values()))  # one per row
        self.assertTrue(all("already" in error["message"] for error in result["errors"]), result["errors"])
        self.assertEqual(self.counts(), before)


class TestImportWizard(ImportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="imlr_import_manager",
            groups="base.group_user,base.group_partner_manager,imlr_odoo.group_imlr_manager",
        )

    def wizard(self, data):
        attachments = (
            self.env["ir.attachment"]
            .with_user(self.manager)
            .create([{"name": name, "datas": base64.b64encode(content)} for name, content in data])
        )
        return self.env["imlr.import.wizard"].with_user(self.manager).create({"attachment_ids": attachments.ids})

    def test_wizard_success(self):
        """The wizard hands the import to its job (tests/test_import_progress.py), reopened on its progress."""
        wizard = self.wizard(files())
        action = wizard.action_import()
        self.assertEqual((action["res_model"], action["res_id"]), ("imlr.import.wizard", wizard.id))
        self.env["imlr.import.wizard"].sudo()._cron_run_imports()
        self.assertEqual(wizard.state, "done")
        self.assertIn("subleases: 2", wizard.summary)
        self.assertTrue(self.env["imlr.stay"].search([("reference", "=", "TI-S1")]))

    def test_wizard_errors(self):
        before = self.counts()
        wizard = self.wizard(files({"leases.csv": replace_line("leases.csv", 2, "TI-D1,2022-01-01,,,-500,80,,0")}))
        action = wizard.action_import()
        self.assertEqual((action["res_model"], action["res_id"]), ("imlr.import.wizard", wizard.id))
        self.env["imlr.import.wizard"].sudo()._cron_run_imports()
        self.assertRecordValues(wizard, [{"state": "failed", "error_count": 1}])
        self.assertIn("leases.csv", wizard.error_html)
        self.assertIn("rent", wizard.error_html)
        self.assertEqual(self.counts(), before)


class TestImportCommand(TransactionCase):
    """The console command: its argument handling and printing here; a real run on a throwaway database below."""

    def test_usage_errors_exit_2(self):
        for argv in ([], ["--database", "x"], ["a.csv"]):
            with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as caught:
                cli.main(argv)
            self.assertEqual(caught.exception.code, 2)
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as caught:
            cli.main(["--database", "x", "/nonexistent/landlords.csv"])
        self.assertEqual(caught.exception.code, 2)
        self.assertIn("cannot read /nonexistent/landlords.csv", stderr.getvalue())

    def test_report(self):
        out, err = io.StringIO(), io.StringIO()
        errors = [
            {"file": "leases.csv", "row": 2, "column": "rent", "message": "-500 is negative"},
            {"file": "x.csv", "row": None, "column": "", "message": "Unknown file"},
        ]
        self.assertEqual(cli.report({"created": {}, "errors": errors}, out, err), 1)
        self.assertEqual(
            err.getvalue().splitlines(),
            [
                "leases.csv:2:rent: -500 is negative",
                "x.csv::: Unknown file",
                "imlr-import: 2 error(s), nothing imported",
            ],
        )
        out, err = io.StringIO(), io.StringIO()
        self.assertEqual(cli.report({"created": {"landlords": 2, "dwellings": 3}, "errors": []}, out, err), 0)
        self.assertEqual(
            out.getvalue().splitlines(), ["landlords: 2", "dwellings: 3", "imlr-import: 5 record(s) imported"]
        )

    def test_default_config(self):
        args = cli.build_parser().parse_args(
            ["-d", "db", "-c", str(odoo_config_path()), "--addons-path", "/a", "f.csv"]
        )
        self.assertEqual(
            cli.odoo_arguments(args), ["-c", str(odoo_config_path()), "--addons-path", "/a", "--log-level", "warn"]
        )
        args = cli.build_parser().parse_args(["-d", "db", "-c", "/nonexistent.conf", "f.csv"])
        with self.assertRaises(cli.UsageError):
            cli.odoo_arguments(args)


def table_counts(config, database):
    tables = [model.replace(".", "_") for model in MODELS]
    with imlr_dev.connect(config, database) as conn, conn.cursor() as cr:
        result = {}
        for table in tables:
            cr.execute(f"SELECT count(*) FROM {table}")  # the table names are the constants of MODELS
            result[table] = cr.fetchone()[0]
    return result


class TestImportCommandOnDemoSet(TransactionCase):
    """Acceptance: `imlr-import` loads the example set into a new database (without demo data), then refuses a
    re-import and a file with one bad row, changing no record count (a throwaway database, ≈ 1 min)."""

    def test_demo_set_with_the_console_command(self):
        command = shutil.which("imlr-import")
        self.assertTrue(command, "the console script imlr-import is not installed (pip install -e .)")
        demo_files = sorted(DEMO_FOLDER.glob("*.csv"))
        self.assertEqual(len(demo_files), 14)
        config = odoo_config_path().resolve()
        name = f"imlr_import_{uuid.uuid4().hex[:8]}"
        bad_folder = REPO / ".local" / name
        try:
            imlr_dev.create_database(config, name, demo=False)
            empty = table_counts(config, name)

            def run(paths):
                return subprocess.run(
                    [command, "-c", str(config), "--database", name, *map(str, paths)],
                    capture_output=True,
                    text=True,
                    check=False,
                    cwd="/",
                )

            # a copy of the set with one negative rent: nothing written
            bad_folder.mkdir(parents=True)
            for path in demo_files:
                shutil.copy(path, bad_folder / path.name)
            subleases = (bad_folder / "subleases.csv").read_text(encoding="utf-8").splitlines()
            cells = next(csv.reader([subleases[1]]))
            header = next(csv.reader([subleases[0]]))
            cells[header.index("rent")] = "-1"
            subleases[1] = ",".join(cells)
            (bad_folder / "subleases.csv").write_text("\n".join(subleases) + "\n", encoding="utf-8")
            bad = run(sorted(bad_folder.glob("*.csv")))
            self.assertEqual(bad.returncode, 1, bad.stderr)
            self.assertEqual(
                bad.stderr.splitlines(),
                [
                    "subleases.csv:2:rent: -1 is negative: amounts cannot be negative.",
                    "imlr-import: 1 error(s), nothing imported",
                ],
            )
            self.assertEqual(table_counts(config, name), empty)

            # the example set loads: one record per row
            first = run(demo_files)
            self.assertEqual(first.returncode, 0, first.stderr)
            rows = {path.stem: sum(1 for _row in csv.DictReader(path.open(encoding="utf-8"))) for path in demo_files}
            printed = dict(line.split(": ") for line in first.stdout.splitlines()[:-1])
            self.assertEqual({entity: int(count) for entity, count in printed.items()}, rows)
            loaded = table_counts(config, name)
            self.assertEqual(loaded["imlr_sublease"] - empty["imlr_sublease"], rows["subleases"])
            self.assertEqual(loaded["imlr_stay"] - empty["imlr_stay"], rows["stays"])

            # importing it again writes nothing and lists every row as already imported
            again = run(demo_files)
            self.assertEqual(again.returncode, 1)
            self.assertEqual(len(again.stderr.splitlines()), sum(rows.values()) + 1)
            self.assertIn("landlords.csv:2:ref:", again.stderr)
            self.assertEqual(table_counts(config, name), loaded)
        finally:
            shutil.rmtree(bad_folder, ignore_errors=True)
            imlr_dev.drop_database(config, name)


class TestImportHardening(ImportCase):
    """Issue #15, item 9: quotes, huge sheets and files, ages, formulas in disguise, database checks."""

    def test_unterminated_quote_names_its_row(self):
        # the quote would swallow the next rows into the name of TI-H1
        households = lines("ref,name", 'TI-H1,"Famille TESTA', "TI-H2,TESTB Awa", "TI-H3,Famille TROIS")
        self.assertImportFails(
            files({"households.csv": households}), [("households.csv", 2, "", "opened on this row is not closed")]
        )
        # closed on a later row: one value over two lines is the same mistake
        households = lines("ref,name", 'TI-H1,"Famille', 'TESTA",', "TI-H2,TESTB Awa")
        self.assertImportFails(
            files({"households.csv": households}), [("households.csv", 2, "", "opened on this row is not closed")]
        )
        # closed, then followed by more text
        households = lines("ref,name", 'TI-H1,"Famille TESTA', 'TI-H2,"TESTB" Awa')
        self.assertImportFails(
            files({"households.csv": households}), [("households.csv", 2, "", "opened on this row is not closed")]
        )

    def sheet_claiming_every_cell(self):
        """A workbook of the valid households whose sheet claims the whole grid, A1:XFD1048576."""
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "households"
        for row in csv.reader(io.StringIO(VALID["households.csv"])):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        patched = io.BytesIO()
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
                    self.assertIn(b"A1:XFD1048576", data)
                target.writestr(item, data)
        return patched.getvalue()

    def peak_memory(self, call):
        tracemalloc.start()
        try:
            result = call()
            return result, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    def test_workbook_claiming_the_whole_grid_is_read_in_bounded_memory(self):
        workbook = self.sheet_claiming_every_cell()
        self.assertLess(len(workbook), 16_000)
        result, peak = self.peak_memory(lambda: self.import_files([("test.xlsx", workbook)]))
        self.assertEqual(result, {"created": {"households": 2}, "errors": []})
        self.assertLess(peak, 30 * 2**20)

    def test_a_million_rows_are_refused_while_read(self):
        rows = "".join(f"TI-M{number},Famille M{number}\n" for number in range(1_000_000))
        content = f"ref,name\n{rows}".encode()
        result, peak = self.peak_memory(lambda: self.import_files([("households.csv", content)]))
        self.assertEqual(
            [(error["file"], error["row"]) for error in result["errors"]], [("households.csv", MAX_ROWS + 1)]
        )
        self.assertIn("more than 100000 rows", result["errors"][0]["message"])
        # the decoded text (28 MB) and at most MAX_ROWS rows, not a million
        self.assertLess(peak, 120 * 2**20)

    def test_a_sheet_of_a_million_rows_is_refused(self):
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("households")
        sheet.append(["ref", "name"])
        for number in range(MAX_ROWS + 5):
            sheet.append([f"TI-M{number}", "x"])
        buffer = io.BytesIO()
        book.save(buffer)
        result = self.import_files([("big.xlsx", buffer.getvalue())])
        self.assertEqual(
            [(error["file"], error["row"]) for error in result["errors"]],
            [("big.xlsx[households]", MAX_ROWS + 1)],
        )

    def test_a_child_older_than_the_reference_person(self):
        persons = replace_line("persons.csv", 4, "TI-P3,TESTA,Sami,1970-01-20,male,AF")
        self.assertImportFails(
            files({"persons.csv": persons}),
            [
                (
                    "memberships.csv",
                    4,
                    "person_ref",
                    f"TI-P3, born on {format_date(self.env, d('1970-01-20'))}, is older than the household's",
                )
            ],
        )

    def test_a_birth_date_in_the_future(self):
        persons = replace_line("persons.csv", 4, "TI-P3,TESTA,Sami,2999-01-20,male,AF")
        self.assertImportFails(
            files({"persons.csv": persons}),
            [("persons.csv", 4, "birthdate", f"{format_date(self.env, d('2999-01-20'))} is in the future")],
        )

    def test_formulas_in_disguise(self):
        households = lines("ref,name", 'TI-H1,＝HYPERLINK("http://x")', "TI-H2,'=1+1", "TI-H3,＠SUM(A1)")
        self.assertImportFails(
            files({"households.csv": households}),
            [
                ("households.csv", 2, "name", "looks like a spreadsheet formula"),
                ("households.csv", 3, "name", "looks like a spreadsheet formula"),
                ("households.csv", 4, "name", "looks like a spreadsheet formula"),
            ],
        )

    def test_database_checks_name_their_column(self):
        """A row refused by a CHECK of PostgreSQL (not by a Python check first) names the column."""
        dwelling = self.env["imlr.dwelling"].create(
            {"name": "Check", "city": "Amiens", "typology": "t2",
             "sector_id": self.env["imlr.sector"].create({"name": "Check", "code": "CHK"}).id}
        )  # fmt: skip
        leases = next(entity for entity in ENTITIES if entity.name == "leases")
        errors = []
        vals = {"dwelling_id": dwelling.id, "date_start": d("2022-01-01"), "date_end": d("2021-01-01"), "rent": 500}
        row = Row(7, {}, {})
        self.engine._create_rows(leases, self.env["imlr.lease"], "leases.csv", [(row, vals)], errors)
        self.assertEqual(
            errors,
            [{"file": "leases.csv", "row": 7, "column": "date_end", "message": "A lease must end after it starts."}],
        )
