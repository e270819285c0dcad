"""The annual report on a small population built by hand (issue #16): every status in a row, 1.8 counting the
persons who joined, the previous period beside every figure, the data-quality list, a report that reprints
whatever its schema, exports that store nothing, the form and the printed PDF.

Period P = 2024-01-01 … 2024-12-31, previous period 2023.
"""

import io
import json
import subprocess

import openpyxl
import psycopg2

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tests.common import HttpCase
from odoo.tools import mute_logger

from .common import RegistryCase, d

P_FROM, P_TO = d("2024-01-01"), d("2024-12-31")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows(table):
    """{code: row} of a report table."""
    return {row["code"]: row for row in table}


def pdf_text(pdf):
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return text.decode().replace("\u00a0", " ").replace("\u202f", " ")


class AnnualReportCase(RegistryCase):
    """H1: refugee mother, asylum-seeking spouse, a child, a birth during P (present all along, since 2023).
    H2: an asylum-seeking man alone, entered in P. H3: a mother whose birth date and status are missing and her
    child, entered and left in P without situation, destination nor resources. H4: a person of unknown gender,
    entered in P. Two dwellings: D1 sub-let to H1 all along, D2 to H4 from 1 April 2024."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.lang = "fr_FR"  # reports print in their association's language
        mk = cls.make_person
        cls.mother = mk("Awa H1", "female", "1990-05-10", "refugee")
        cls.spouse = mk("Bilal H1", "male", "1988-02-02", "asylum_seeker")
        cls.child = mk("Cissé H1", "male", "2015-07-07", "refugee")
        cls.baby = mk("Dalia H1", "female", "2024-05-01", "refugee", status_since="2024-05-01")
        cls.h1 = cls.make_household(
            "Famille H1",
            [(cls.mother, "reference"), (cls.spouse, "spouse"), (cls.child, "child"),
             (cls.baby, "child", "2024-05-01", None, "birth")],
            "2023-06-01",
        )  # fmt: skip
        cls.stay1 = cls.make_stay(cls.h1, "2023-06-01")
        cls.alone = mk("Chen H2", "male", "1995-01-01", "asylum_seeker")
        cls.h2 = cls.make_household("Famille H2", [(cls.alone, "reference")], "2024-03-01")
        cls.stay2 = cls.make_stay(cls.h2, "2024-03-01")
        cls.unknown = mk("Dara H3", "female")
        cls.child3 = mk("Enzo H3", "male", "2010-03-03", "refugee")
        cls.h3 = cls.make_household("Famille H3", [(cls.unknown, "reference"), (cls.child3, "child")], "2024-02-01")
        cls.stay3 = cls.make_stay(cls.h3, "2024-02-01", "2024-09-01", entry_situation_id=False)
        cls.genderless = mk("Eli H4", False, "1992-04-04", "refugee")
        cls.h4 = cls.make_household("Famille H4", [(cls.genderless, "reference")], "2024-04-01")
        cls.stay4 = cls.make_stay(cls.h4, "2024-04-01")
        rsa = cls.env.ref("imlr_odoo.imlr_resource_type_rsa")
        cls.env["imlr.household.resource"].create(
            [{"household_id": h.id, "resource_type_id": rsa.id, "date_start": d("2023-01-01")}
             for h in (cls.h1, cls.h2, cls.h4)]
        )  # fmt: skip
        cls.d1 = cls.make_dwelling("D1", "t3", lease=("2020-01-01", None))
        cls.d2 = cls.make_dwelling("D2", "t1", lease=("2020-01-01", None))
        cls.make_sublease(cls.stay1, cls.d1.place_ids, "2023-06-01")
        cls.make_sublease(cls.stay4, cls.d2.place_ids, "2024-04-01")
        cls.builder = cls.env["imlr.annual.report.data"]
        cls.data = cls.builder.build(cls.program, P_FROM, P_TO, cls.company)

    def new_report(self, date_from=P_FROM, date_to=P_TO):
        return self.env["imlr.annual.report"].create(
            {"program_id": self.program.id, "company_id": self.company.id, "date_from": date_from, "date_to": date_to}
        )


class TestStatusRows(AnnualReportCase):
    def test_every_status_of_the_selection_has_a_row(self):
        selection = self.env["imlr.legal.status"]._fields["status"].get_values(self.env)
        self.assertIn("asylum_seeker", selection)
        for key in ("1.2", "1.8", "1.13"):
            self.assertEqual([row["code"] for row in self.data["tables"][key]], [*selection, "unknown", "total"])

    def test_asylum_seekers_counted_present(self):
        t12 = rows(self.data["tables"]["1.2"])
        self.assertEqual(self.data["present"]["persons"], 6)
        self.assertEqual(
            {code: (r["households"], r["persons"]) for code, r in t12.items() if r["households"] or r["persons"]},
            {"refugee": (2, 4), "asylum_seeker": (1, 2), "total": (3, 6)},
        )

    def test_entries_count_the_persons_who_joined(self):
        """1.8 counts the same persons as 1.9: the households entered, and the baby born in H1."""
        self.assertEqual(self.data["entries"], {
            "households": 3, "adults": 3, "children": 1, "adult_children": 0, "persons_joining": 1, "persons": 5,
        })  # fmt: skip
        t18 = rows(self.data["tables"]["1.8"])
        self.assertEqual(
            {code: (r["households"], r["persons"]) for code, r in t18.items() if r["households"] or r["persons"]},
            {"refugee": (1, 3), "asylum_seeker": (1, 1), "unknown": (1, 1), "total": (3, 5)},
        )
        self.assertEqual(rows(self.data["tables"]["1.9"])["total"]["persons"], 5)

    def test_exits_with_an_unknown_status(self):
        t113 = rows(self.data["tables"]["1.13"])
        self.assertEqual((t113["unknown"]["households"], t113["unknown"]["persons"]), (1, 1))
        self.assertEqual((t113["refugee"]["households"], t113["refugee"]["persons"]), (0, 1))

    def test_a_status_no_longer_in_the_selection_falls_in_other(self):
        self.env.cr.execute("UPDATE imlr_legal_status SET status = 'retired' WHERE partner_id = %s", [self.alone.id])
        self.env.invalidate_all()
        data = self.builder.build(self.program, P_FROM, P_TO, self.company)
        t12 = rows(data["tables"]["1.2"])
        self.assertEqual((t12["other"]["households"], t12["other"]["persons"]), (1, 1))
        self.assertEqual(t12["total"]["persons"], 6)

    def test_totals_match_headlines(self):
        """Every table that counts households or persons ends with a total equal to its headline."""
        data, tables = self.data, self.data["tables"]
        expected = {
            "1.1": ("households", "present", "households"), "1.2": ("households", "present", "households"),
            "1.3": ("persons", "present", "persons"), "1.4": ("households", "present", "households"),
            "1.5": ("households", "present", "households"), "1.6": ("households", "present", "households"),
            "1.7": ("households", "entries", "households"), "1.8": ("persons", "entries", "persons"),
            "1.9": ("persons", "entries", "persons"), "1.10": ("households", "entries", "households"),
            "1.11": ("households", "entries", "households"), "1.12": ("households", "exits", "households"),
            "1.13": ("persons", "exits", "persons"), "1.14": ("persons", "exits", "persons"),
            "1.15": ("households", "exits", "households"), "1.16": ("households", "exits", "households"),
        }  # fmt: skip
        for key, (column, headline, figure) in expected.items():
            with self.subTest(table=key):
                self.assertEqual(tables[key][-1]["code"], "total")
                self.assertEqual(tables[key][-1][column], data[headline][figure])
                self.assertEqual(tables[key][-1]["previous"][column], data[f"{headline}_previous"][figure])
        for key in ("1.2", "1.8", "1.13"):
            self.assertEqual(tables[key][-1]["households"], data[expected[key][1]]["households"], key)


class TestPreviousPeriod(AnnualReportCase):
    def test_every_row_carries_the_previous_figures(self):
        tables = self.data["tables"]
        # on 31/12/2023 only H1 was there: the mother, the spouse and the child
        self.assertEqual(
            {code: (r["previous"]["households"], r["previous"]["persons"]) for code, r in rows(tables["1.2"]).items()
             if r["previous"]["persons"]},
            {"refugee": (1, 2), "asylum_seeker": (0, 1), "total": (1, 3)},
        )  # fmt: skip
        self.assertEqual(rows(tables["1.7"])["couple_children"]["previous"]["households"], 1)
        self.assertEqual(rows(tables["stock"])["occupied"]["previous"]["places"], 1)
        occupancy = rows(tables["occupancy"])
        # 641 of 732 place-days, 214 of 730 before
        self.assertEqual((occupancy["rate"]["value"], occupancy["rate"]["previous"]["value"]), (87.6, 29.3))
        for key, table in tables.items():
            with self.subTest(table=key):
                self.assertTrue(all(isinstance(row["previous"], dict) for row in table))


class TestDataQuality(AnnualReportCase):
    def test_each_problem_with_its_record(self):
        self.assertEqual(
            {(issue["model"], issue["id"], issue["problem"]) for issue in self.data["data_quality"]},
            {
                ("res.partner", self.unknown.id, "birthdate"),
                ("res.partner", self.unknown.id, "status"),
                ("res.partner", self.genderless.id, "gender"),
                ("res.partner", self.h3.id, "resources"),
                ("res.partner", self.h4.id, "typology"),
                ("imlr.stay", self.stay3.id, "entry_situation"),
                ("imlr.stay", self.stay3.id, "exit_destination"),
            },
        )

    def test_links_and_sheet(self):
        layout = self.builder.with_context(lang="fr_FR").layout(self.data)
        self.assertEqual(len(layout["quality"]), 7)
        for issue, line in zip(self.data["data_quality"], layout["quality"], strict=True):
            record = self.env[issue["model"]].browse(issue["id"])
            self.assertEqual(line["href"], f"/odoo/{issue['model']}/{issue['id']}")
            self.assertEqual(line["name"], record.name)
            self.assertTrue(record.exists())
        problems = {line["problem"] for line in layout["quality"]}
        self.assertIn("date de naissance manquante", problems)
        report = self.new_report()
        report.action_compute()
        workbook = openpyxl.load_workbook(io.BytesIO(report._stream("xlsx")))
        sheet = workbook[layout["quality_title"][:31]]
        lines = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(lines), 7)
        self.assertEqual({line[:2] for line in lines}, {(line["name"], line["problem"]) for line in layout["quality"]})
        self.assertTrue(all(line[2].startswith("/odoo/") for line in lines))
        self.assertTrue(all(cell.hyperlink for cell in sheet["C"]))
        html = report.with_context(force_report_rendering=True)._stream("html").decode()
        self.assertIn(f'href="/odoo/imlr.stay/{self.stay3.id}"', html)


class TestReprint(AnnualReportCase):
    def test_earlier_schema_prints_in_every_format(self):
        """A report validated before the support table existed prints, the missing table as such."""
        report = self.new_report()
        report.action_compute()
        report.action_validate()
        snapshot = json.loads(json.dumps(report.data))
        snapshot["schema_version"] = 1
        del snapshot["tables"]["support"], snapshot["support"], snapshot["support_previous"]
        for row in snapshot["tables"]["1.1"]:  # schema 1 kept labels in the rows and no previous figures
            row.pop("previous")
            row["label"] = "stored label"
        self.env.flush_all()
        self.env.cr.execute("UPDATE imlr_annual_report SET data = %s WHERE id = %s", [json.dumps(snapshot), report.id])
        self.env.invalidate_all()
        report = report.with_context(force_report_rendering=True)
        not_in = self.builder.with_context(lang="fr_FR").layout(snapshot)["not_in_report"]
        html = report._stream("html").decode()
        self.assertIn(not_in, html)
        self.assertIn("Femme seule", html)
        self.assertIn(not_in, pdf_text(report._stream("pdf")).replace("\n", " "))
        exported = json.loads(report._stream("json"))
        self.assertNotIn("support", exported["tables"])
        self.assertEqual(rows(exported["tables"]["1.1"])["single_woman"]["label"], "Femme seule")
        workbook = openpyxl.load_workbook(io.BytesIO(report._stream("xlsx")), read_only=True)
        support = next(workbook[name] for name in workbook.sheetnames if workbook[name]["A3"].value == not_in)
        self.assertTrue(support["A1"].value.startswith(("Support", "Accompagnement")))

    def test_draft_is_built_once_per_print(self):
        report = self.new_report()
        calls = []
        builder = type(self.env["imlr.annual.report.data"])
        build = builder.build

        def counting_build(this, *args, **kwargs):
            calls.append(args)
            return build(this, *args, **kwargs)

        self.patch(builder, "build", counting_build)
        report.with_context(force_report_rendering=True)._stream("html")
        self.assertEqual(len(calls), 1)


class TestReportRecord(AnnualReportCase):
    def test_one_report_per_program_company_and_period(self):
        self.new_report()
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError) as caught, self.env.cr.savepoint():
            self.new_report()
            self.env.flush_all()
        self.assertIn("program_company_period_unique", str(caught.exception))
        self.new_report(date_from=d("2023-01-01"), date_to=d("2023-12-31"))  # another period is fine

    def test_period_not_over_is_provisional_and_not_validated(self):
        today = self.env.cr.now().date()
        report = self.new_report(date_from=today.replace(month=1, day=1), date_to=today.replace(month=12, day=31))
        report.action_compute()
        self.assertTrue(report.is_provisional)
        self.assertTrue(report.data["provisional"])
        layout = self.builder.with_context(lang=report._report_lang()).layout(report.data)  # as the form prints it
        self.assertTrue(layout["provisional"])
        self.assertIn(layout["provisional"], report.figures_html)
        with self.assertRaises(UserError):
            report.action_validate()
        self.assertEqual(report.state, "computed")
        past = self.new_report()
        past.action_compute()
        self.assertFalse(past.is_provisional)
        past.action_validate()
        self.assertEqual(past.state, "validated")

    def test_form_shows_the_figures(self):
        report = self.new_report()
        self.assertFalse(report.figures_html)
        report.action_compute()
        html = report.figures_html
        for key in ("1.1", "1.8", "1.16", "stock", "support"):
            self.assertIn(f"{key} –" if key[0] == "1" else "<table", html)
        self.assertIn(f'href="/odoo/res.partner/{self.unknown.id}"', html)
        with Form(report) as form:
            self.assertTrue(form.figures_html)
        html_action = self.env.ref("imlr_odoo_reports.action_report_annual_html")
        self.assertEqual(
            (html_action.report_type, html_action.report_name), ("qweb-html", "imlr_odoo_reports.report_annual")
        )

    def test_exports_store_nothing(self):
        report = self.new_report()
        report.action_compute()
        attachments = self.env["ir.attachment"].search_count([])
        for action in (report.action_export_json(), report.action_export_xlsx(), report.action_export_json()):
            self.assertTrue(action["url"].startswith(f"/imlr/annual_report/{report.id}/export/"))
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        self.assertEqual(self.env["ir.attachment"].search_count([("res_model", "=", "imlr.annual.report")]), 0)


class TestPrintedPdf(AnnualReportCase):
    def test_header_on_every_page_french_numbers_and_previous_column(self):
        report = self.new_report()
        report.action_compute()
        pdf = report.with_context(force_report_rendering=True)._stream("pdf")
        pages = pdf_text(pdf).split("\f")
        pages = [page for page in pages if page.strip()]
        self.assertGreater(len(pages), 1)
        for number, page in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertIn("Test association — Test program — 01/01/2024 – 31/12/2024", page)
                self.assertIn(f"Page {number} / {len(pages)}", page)
        text = " ".join(" ".join(pages).split())
        self.assertIn("87,6 %", text)  # occupancy: 641 of 732 place-days
        self.assertIn("12,7", text)  # average stay of the households present, in months
        self.assertIn("Ménages N-1", text)
        # 1.1: households, N-1, children, of whom adults, reinforced
        self.assertIn("Couple avec enfants 1 1 2 0 0", text)


@tagged("post_install", "-at_install")
class TestExportDownload(HttpCase):
    def test_export_is_streamed_not_stored(self):
        program = self.env["imlr.program"].create({"name": "Download program", "code": "DL"})
        report = self.env["imlr.annual.report"].create(
            {"program_id": program.id, "date_from": d("2023-01-01"), "date_to": d("2023-12-31")}
        )
        report.action_compute()
        self.authenticate("admin", "admin")
        attachments = self.env["ir.attachment"].search_count([])
        for extension, mimetype in (("json", "application/json"), ("xlsx", XLSX)):
            response = self.url_open(report.action_export_json()["url"].replace("json", extension))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["Content-Type"], mimetype)
        self.assertEqual(json.loads(self.url_open(report.action_export_json()["url"]).content)["program"]["code"], "DL")
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
