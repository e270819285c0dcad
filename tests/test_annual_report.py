"""The annual report: every figure of DOMAIN §4 at its documented JSON key, the frozen snapshot, the formats,
the console command, and a number of queries that does not grow with the number of households."""

import io
import json
import subprocess
import sys

import openpyxl

from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase

from .common import REPO, d, odoo_config_path

P_FROM, P_TO = d("2023-11-01"), d("2024-10-31")


def rows(table):
    """{code: row} of a report table."""
    return {row["code"]: row for row in table}


class TestAnnualReportFigures(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env.ref("imlr_odoo.imlr_program_imlr")
        cls.builder = cls.env["imlr.annual.report.data"]
        cls.data = cls.builder.build(cls.program, P_FROM, P_TO, cls.env.ref("base.main_company"))

    def test_headlines(self):
        data = self.data
        self.assertEqual(data["period"], {"date_from": "2023-11-01", "date_to": "2024-10-31"})
        self.assertEqual(
            {
                k: data["present"][k]
                for k in ("households", "adults", "children", "adult_children", "persons", "eviction")
            },
            {"households": 17, "adults": 24, "children": 27, "adult_children": 3, "persons": 51, "eviction": 1},
        )
        self.assertEqual((data["present_previous"]["households"], data["present_previous"]["persons"]), (11, 36))
        self.assertEqual(
            data["entries"],
            {"households": 9, "adults": 13, "children": 12, "adult_children": 2, "persons_joining": 4, "persons": 29},
        )
        self.assertEqual((data["exits"]["households"], data["exits"]["persons"]), (3, 14))
        self.assertEqual((data["entries_previous"]["households"], data["entries_previous"]["persons"]), (6, 15))
        self.assertEqual((data["exits_previous"]["households"], data["exits_previous"]["persons"]), (11, 24))
        self.assertEqual(
            {k: data["occupancy"][k] for k in ("rate", "average_places", "blocked_place_days")},
            {"rate": 92.4, "average_places": 17.7, "blocked_place_days": 226},
        )

    def test_present_tables(self):
        tables = self.data["tables"]
        t11 = rows(tables["1.1"])
        self.assertEqual(
            {code: (r["households"], r["children"], r["adult_children"]) for code, r in t11.items()},
            {
                "single_woman": (1, 0, 0), "single_man": (7, 0, 0), "couple": (0, 0, 0),
                "woman_children": (2, 10, 2), "man_children": (0, 0, 0), "couple_children": (7, 17, 1),
                "other": (0, 0, 0), "total": (17, 27, 3),
            },
        )  # fmt: skip
        t12 = rows(tables["1.2"])
        self.assertEqual(
            {code: r["persons"] for code, r in t12.items() if r["persons"]},
            {"refugee": 39, "subsidiary_protection": 6, "regularised": 6, "total": 51},
        )
        self.assertEqual(t12["total"]["households"], 17)
        t13 = rows(tables["1.3"])
        self.assertEqual(
            {code: r["persons"] for code, r in t13.items()},
            {"0-17": 24, "18-24": 3, "25-39": 15, "40-59": 8, "60+": 1, "unknown": 0, "total": 51},
        )
        self.assertEqual(t13["18-24"]["adult_children"], 3)
        self.assertEqual(rows(tables["1.4"])["total"]["households"], 17)
        self.assertEqual(rows(tables["1.5"])["total"]["households"], 17)
        t16 = rows(tables["1.6"])
        self.assertEqual(
            {code: r["households"] for code, r in t16.items()}, {"lt6": 1, "6-11": 8, "ge12": 8, "total": 17}
        )
        self.assertEqual(round(t16["total"]["average_months"]), 14)

    def test_entries_and_exits_tables(self):
        tables = self.data["tables"]
        t17 = rows(tables["1.7"])
        self.assertEqual(
            {code: (r["households"], r["children"]) for code, r in t17.items() if r["households"]},
            {"single_woman": (1, 0), "single_man": (3, 0), "woman_children": (1, 3), "couple_children": (4, 9),
             "total": (9, 12)},
        )  # fmt: skip
        t18 = rows(tables["1.8"])
        self.assertEqual((t18["refugee"]["households"], t18["refugee"]["regularised_parents"]), (9, 2))
        # the persons entered, as in 1.9: the 25 of the households entered and the 4 who joined a household
        self.assertEqual(
            {code: r["persons"] for code, r in t18.items() if r["persons"]},
            {"refugee": 25, "regularised": 4, "total": 29},
        )
        self.assertEqual(
            {code: r["persons"] for code, r in rows(tables["1.9"]).items()},
            {"0-17": 14, "18-24": 2, "25-39": 9, "40-59": 4, "60+": 0, "unknown": 0, "total": 29},
        )
        self.assertEqual(rows(tables["1.10"])["total"]["households"], 9)
        self.assertEqual(rows(tables["1.11"])["total"]["households"], 9)
        self.assertEqual(
            {code: (r["households"], r["children"]) for code, r in rows(tables["1.12"]).items() if r["households"]},
            {"single_woman": (1, 0), "couple_children": (2, 9), "total": (3, 9)},
        )
        self.assertEqual(
            {code: r["households"] for code, r in rows(tables["1.13"]).items() if r["households"]},
            {"refugee": 2, "subsidiary_protection": 1, "total": 3},
        )
        t114 = rows(tables["1.14"])
        self.assertEqual(
            {code: r["persons"] for code, r in t114.items() if r["persons"]},
            {"0-17": 6, "18-24": 3, "25-39": 1, "40-59": 4, "total": 14},
        )
        self.assertEqual(t114["18-24"]["adult_children"], 3)
        t115 = rows(tables["1.15"])
        self.assertEqual((t115["ge18"]["households"], round(t115["total"]["average_months"])), (3, 23))
        t116 = rows(tables["1.16"])
        self.assertEqual((t116["social_landlord"]["households"], t116["social_landlord"]["glissement"]), (3, 2))
        self.assertEqual(t116["total"]["households"], 3)

    def test_stock_and_orientations(self):
        stock = rows(self.data["tables"]["stock"])
        self.assertEqual(stock["occupied"]["places"], 17)
        self.assertEqual(stock["vacant"]["places"], 0)
        self.assertEqual(stock["occupied"]["typologies"], {"room": 6, "t1": 1, "t2": 2, "t3": 3, "t4": 4, "t5": 1})
        self.assertEqual(stock["occupied"]["colocations"], 3)
        self.assertEqual(stock["occupied"]["sectors"], {"GA": 16, "PM": 1})
        self.assertEqual(stock["captured"]["typologies"], {"room": 2, "t2": 1, "t3": 2})
        self.assertEqual((stock["captured"]["dwellings"], stock["captured"]["sectors"]), (4, {"GA": 5}))
        self.assertEqual((stock["returned"]["dwellings"], stock["returned"]["glissement"]), (3, 2))
        self.assertEqual(stock["returned"]["typologies"], {"room": 2, "t4": 1, "t5": 1})
        orientations = rows(self.data["tables"]["orientations"])
        refused = {code: r["orientations"] for code, r in orientations.items() if code.startswith("not_admitted")}
        self.assertEqual(sum(refused.values()), 3)
        for motif in ("direct_attribution", "refused_association", "already_housed"):
            self.assertEqual(refused[f"not_admitted:{motif}"], 1)

    def test_totals_match_headlines(self):
        tables, data = self.data["tables"], self.data
        checks = [
            (key, data[headline][figure], column)
            for keys, headline in (("1.1 1.2 1.3 1.4 1.5 1.6", "present"), ("1.7 1.8 1.9 1.10 1.11", "entries"),
                                   ("1.12 1.13 1.14 1.15 1.16", "exits"))
            for key in keys.split()
            for column, figure in (("households", "households"), ("persons", "persons"))
            if column in tables[key][-1] and not (column == "households" and key in ("1.3", "1.9", "1.14"))
        ]  # fmt: skip
        self.assertEqual(len(checks), 19)  # 16 tables, the three status tables twice
        for key, headline, column in checks:
            self.assertEqual(tables[key][-1]["code"], "total")
            self.assertEqual(tables[key][-1][column], headline, key)

    def test_support_counts(self):
        support = self.data["support"]
        self.assertEqual((support["contracts_signed"], support["amendments"]), (9, 27))
        self.assertEqual((support["home_visits"], support["joint_visits"]), (116, 16))
        self.assertEqual(support["psychological_orientations"], {"proposed": 5, "accepted": 0, "refused": 5})
        table = rows(self.data["tables"]["support"])
        self.assertEqual(table["contracts_signed"]["count"], 9)
        self.assertEqual(table["total"]["count"], sum(support["interventions"].values()))
        self.assertEqual(table["psychological_refused"]["count"], 5)

    def test_demo_data_quality_is_clean(self):
        self.assertEqual(self.data["data_quality"], [])


class TestAnnualReportRecord(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls.env["imlr.annual.report"].create(
            {"program_id": cls.env.ref("imlr_odoo.imlr_program_imlr").id, "date_from": P_FROM, "date_to": P_TO}
        )

    def test_default_period(self):
        builder = self.env["imlr.annual.report.data"]
        self.assertEqual(builder.default_period(d("2026-11-28")), (d("2025-11-01"), d("2026-10-31")))
        self.assertEqual(builder.default_period(d("2026-10-31")), (d("2025-11-01"), d("2026-10-31")))
        self.assertEqual(builder.default_period(d("2026-06-01")), (d("2025-11-01"), d("2026-10-31")))

    def test_validated_report_keeps_its_figures(self):
        self.report.action_compute()
        self.report.action_validate()
        frozen = json.dumps(self.report.data, sort_keys=True)
        html_before = self.report._stream("html")
        # the data change afterwards: a household present on D leaves before it
        stay = self.env["imlr.stay"].search(
            [("program_id.code", "=", "IMLR"), ("date_entry", "<", P_FROM), ("date_exit", "=", False)], limit=1
        )
        stay.sublease_ids.write({"date_end": d("2024-06-29")})
        stay.date_exit = d("2024-06-30")
        fresh = self.env["imlr.annual.report.data"].build(stay.program_id, P_FROM, P_TO, self.report.company_id)
        self.assertEqual(fresh["present"]["households"], 16)
        self.assertEqual(json.dumps(self.report._report_data(), sort_keys=True), frozen)
        self.assertEqual(self.report._stream("html"), html_before)
        with self.assertRaises(UserError):
            self.report.action_compute()
        with self.assertRaises(UserError):
            self.report.date_to = d("2024-09-30")

    def test_formats(self):
        self.report.action_compute()
        self.assertEqual(json.loads(self.report._stream("json"))["present"]["persons"], 51)
        workbook = openpyxl.load_workbook(io.BytesIO(self.report._stream("xlsx")), read_only=True)
        # sheets named by their titles (Excel keeps 31 characters)
        sheet = workbook["1.1 – Composition des ménages p"]
        values = list(sheet.iter_rows(values_only=True))
        total = next(row for row in values if row and row[1] == 17)
        self.assertEqual(total[1:6], (17, 11, 27, 3, 3))  # households, households N-1, children, adults, reinforced
        self.assertEqual(values[0][0], "1.1 – Composition des ménages présents")
        self.assertIn("Parc mobilisé", workbook.sheetnames)
        self.assertNotIn("stock", workbook.sheetnames)
        html = self.report.with_context(force_report_rendering=True)._stream("html").decode()
        self.assertIn("51", html)
        self.assertIn("92,4\u00a0%", html)
        pdf = self.report.with_context(force_report_rendering=True)._stream("pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        text = " ".join(text.replace("\u00a0", " ").split())
        self.assertIn("92,4 %", text)
        self.assertIn("14,0", text)
        self.assertIn("1.1 – Composition des ménages présents", text)
        self.assertIn("Total 17 11 27 3 3", text)  # 1.1: households, N-1, children, of whom adults, reinforced


class TestReportQueries(TransactionCase):
    def count_queries(self, program):
        builder = self.env["imlr.annual.report.data"]
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        builder.build(program, P_FROM, P_TO, self.env.ref("base.main_company"))
        return self.env.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_households(self):
        program = self.env.ref("imlr_odoo.imlr_program_imlr")
        self.count_queries(program)  # warm Odoo's caches (xml ids, selections), which are not per household
        at_demo_size = self.count_queries(program)
        # ten times more households: 170 more, present on D, each with two members
        persons = self.env["res.partner"].create(
            [
                {"name": f"Person {n}", "is_imlr_person": True, "gender": "female", "birthdate": d("1990-01-01")}
                for n in range(340)
            ]
        )
        households = self.env["res.partner"].create(
            [{"name": f"Household {n}", "is_household": True, "is_company": True} for n in range(170)]
        )
        self.env["imlr.household.member"].create(
            [
                {"household_id": h.id, "partner_id": p.id, "role": role, "date_start": d("2024-01-01")}
                for h, pair in zip(households, zip(persons[::2], persons[1::2], strict=True), strict=True)
                for p, role in zip(pair, ("reference", "child"), strict=True)
            ]
        )
        situation = self.env.ref("imlr_odoo.imlr_entry_situation_specialised")
        self.env["imlr.stay"].create(
            [
                {"household_id": h.id, "program_id": program.id, "date_entry": d("2024-01-01"),
                 "entry_situation_id": situation.id}
                for h in households
            ]
        )  # fmt: skip
        rsa = self.env.ref("imlr_odoo.imlr_resource_type_rsa")
        self.env["imlr.household.resource"].create(
            [{"household_id": h.id, "resource_type_id": rsa.id, "date_start": d("2024-01-01")} for h in households]
        )
        data = self.env["imlr.annual.report.data"].build(program, P_FROM, P_TO, self.env.ref("base.main_company"))
        self.assertEqual(data["present"]["households"], 187)
        self.assertEqual(self.count_queries(program), at_demo_size)


class TestReportCommand(TransactionCase):
    """imlr-report against the test database (its demo data are committed; the command writes nothing)."""

    def run_command(self, fmt, output="-"):
        return subprocess.run(
            [sys.executable, "-m", "imlr_cli.imlr_report", "-c", str(odoo_config_path()),
             "--database", self.env.cr.dbname, "--dispositif", "IMLR", "--from", "2023-11-01", "--to", "2024-10-31",
             "--format", fmt, "--output", output],
            capture_output=True, check=False, cwd=REPO,
        )  # fmt: skip

    def test_json_to_stdout(self):
        result = self.run_command("json")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        data = json.loads(result.stdout)
        self.assertEqual((data["present"]["households"], data["present"]["persons"]), (17, 51))
        self.assertEqual((data["tables"]["1.8"][-1]["persons"], data["entries"]["persons"]), (29, 29))
        self.assertEqual(self.env["imlr.annual.report"].search_count([]), 0)

    def test_unknown_program_is_a_usage_error(self):
        result = subprocess.run(
            [sys.executable, "-m", "imlr_cli.imlr_report", "-c", str(odoo_config_path()),
             "--database", self.env.cr.dbname, "--dispositif", "NOPE", "--from", "2023-11-01", "--to", "2024-10-31"],
            capture_output=True, check=False, cwd=REPO,
        )  # fmt: skip
        self.assertEqual(result.returncode, 2)
        self.assertIn("no program with code NOPE", result.stderr.decode())
