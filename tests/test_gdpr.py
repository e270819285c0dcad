"""GDPR (security issue #8, item 2) on the demo database: the retention cron anonymises the households whose
last stay ended more than 24 months ago, and their persons; a validated 2023-2024 report prints the same
figures, no name of an anonymised person remains anywhere in the database, the trial balance is unchanged.
The right of access exports everything stored about a person as JSON and PDF."""

import io
import json
import subprocess
import zipfile

from reportlab.pdfgen import canvas

from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools import SQL

from .common import d

P_FROM, P_TO = d("2023-11-01"), d("2024-10-31")
RETENTION_DATE = d("2026-11-01")  # exits up to 2024-11-01 are past the 24 months
# households of demo/import/stays.csv whose every stay exited by 2024-11-01
PAST_RETENTION = ["H003", "H004", "H005", "H006", "H007", "H008", "H009", "H010", "H011", "H012", "H013", "H014",
                  "H015", "H016"]  # fmt: skip


def text_columns(cr):
    cr.execute(
        """
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
         WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'character varying', 'jsonb')
        """
    )
    return cr.fetchall()


def find_in_database(cr, needles):
    """{"table.column": rows} of every text, varchar and jsonb column of every table holding one of ``needles``
    (case-insensitive)."""
    patterns = ["%" + needle.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%" for needle in needles]
    hits = {}
    for table, column in text_columns(cr):
        cr.execute(
            SQL(
                "SELECT count(*) FROM %s WHERE %s::text ILIKE ANY(%s)",
                SQL.identifier(table),
                SQL.identifier(column),
                patterns,
            )
        )
        count = cr.fetchone()[0]
        if count:
            hits[f"{table}.{column}"] = count
    return hits


MARKERS = ("PSY-MARKER-GDPR-81aa", "NOTE-MARKER-GDPR-3b07", "CHATTER-MARKER-GDPR-c5d2")


def pdf_of(text):
    """A one-page PDF holding ``text``, compressed as real documents are."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pageCompression=1)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def file_text(raw):
    """The text of a file as its reader sees it: pdftotext for a PDF, every member of a zip (XLSX), or UTF-8."""
    if raw.startswith(b"%PDF"):
        return subprocess.run(["pdftotext", "-", "-"], input=raw, capture_output=True, check=True).stdout.decode()
    if raw.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return raw.decode("utf-8", "replace")


class TestGdprRetention(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.company.imlr_support_retention_months = 24  # the default (the demo keeps ten years)
        partners = cls.env["res.partner"].with_context(active_test=False)
        cls.h001 = partners.search([("ref", "=", "H001"), ("is_household", "=", True)])
        cls.h003 = partners.search([("ref", "=", "H003"), ("is_household", "=", True)])
        # a person who lived in H003 and now lives in H001 (still supported): she keeps her data
        cls.shared = partners.create(
            {"name": "Amina PARTAGEE", "is_imlr_person": True, "gender": "female", "birthdate": d("1990-05-17")}
        )
        cls.env["imlr.household.member"].create(
            [
                {"household_id": cls.h003.id, "partner_id": cls.shared.id, "role": "other_adult",
                 "date_start": d("2022-07-04"), "date_end": d("2023-01-01"), "end_reason": "departure"},
                {"household_id": cls.h001.id, "partner_id": cls.shared.id, "role": "other_adult",
                 "date_start": d("2023-02-01"), "start_reason": "reunification"},
            ]
        )  # fmt: skip
        # accounting: the demo's year of rents and payments, and a transfer of H003 whose label names it
        cls.invoices = cls.env["account.move"].search(
            [("imlr_sublease_id", "!=", False), ("move_type", "=", "out_invoice"), ("company_id", "=", cls.company.id)]
        )
        transfer = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.h003.id,
                "amount": 10.0,
                "date": d("2024-04-10"),
                "memo": f"VIR {cls.h003.name}",
                "journal_id": cls.env["account.journal"]
                .search([("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1)
                .id,
            }
        )
        transfer.action_post()
        # reports: 2023-2024 validated; 2022-2023 validated with a data-quality line naming H003
        Report = cls.env["imlr.annual.report"]
        cls.report = Report.create({"date_from": P_FROM, "date_to": P_TO, "company_id": cls.company.id})
        cls.report.action_compute()
        cls.report.action_validate()
        cls.previous = Report.create(
            {"date_from": d("2022-11-01"), "date_to": d("2023-10-31"), "company_id": cls.company.id}
        )
        cls.previous.action_compute()
        quality = [{"model": "res.partner", "id": cls.h003.id, "name": cls.h003.name, "problem": "Ressources"}]
        cls.previous.write({"data": {**cls.previous.data, "data_quality": quality}})
        cls.previous.action_validate()
        cls.frozen = json.dumps(cls.report.data, sort_keys=True)
        cls.frozen_previous = dict(cls.previous.data)
        cls.html = cls.report._stream("html")
        cls.balance = cls.trial_balance()
        cls.expected_households = partners.search([("ref", "in", PAST_RETENTION), ("is_household", "=", True)])
        members = cls.expected_households.household_member_ids.partner_id
        cls.expected_persons = members - cls.shared
        cls.old_names = (cls.expected_households | cls.expected_persons).mapped("name")
        cls.birthdates = {person.id: person.birthdate for person in cls.expected_persons}
        cls.interventions = cls.env["imlr.intervention"].search([("household_id", "in", cls.expected_households.ids)])
        cls.interventions.filtered(lambda i: i.household_id == cls.h003)[:2].note = f"Budget avec {cls.h003.name}"
        cls.notes = cls.interventions.mapped("note")
        cls.seed_markers_and_files()
        cls.anonymised = cls.env["res.partner"]._imlr_anonymise_past_retention(RETENTION_DATE)

    @classmethod
    def seed_markers_and_files(cls):
        """Markers in a psychological note, an intervention note and the chatter of H003, and files naming it
        where the team leaves them: an e-mailed avis, annual-report exports, a failed import's upload, an orphaned
        right-of-access export, a PDF on a kept household's record."""
        env, name = cls.env, cls.h003.name
        person = (cls.expected_persons & cls.h003.household_member_ids.partner_id)[:1]
        stay = cls.h003.stay_ids[:1]
        env["imlr.psychological.support"].create(
            {"stay_id": stay.id, "date_proposed": stay.date_entry, "notes": f"{MARKERS[0]} {person.name}"}
        )
        cls.interventions.filtered(lambda i: i.household_id == cls.h003)[:1].note = f"{MARKERS[1]} {name}"
        stay.message_post(body=f"{MARKERS[2]} {name}", attachments=[("courrier.txt", f"{MARKERS[2]} {name}".encode())])
        invoice = cls.invoices.filtered(lambda move: move.partner_id == cls.h003)[:1]
        invoice.message_post(body="Avis d'échéance", attachments=[("avis.pdf", pdf_of(f"Avis pour {name}"))])
        quality = cls.previous.data
        attachments = env["ir.attachment"]
        attachments.create(
            [
                {"name": "report.json", "res_model": "imlr.annual.report", "res_id": cls.previous.id,
                 "raw": json.dumps(quality, ensure_ascii=False).encode()},
                {"name": "report.xlsx", "res_model": "imlr.annual.report", "res_id": cls.previous.id,
                 "raw": env["imlr.annual.report.xlsx"].render(quality)},
                {"name": "households.csv", "res_model": "imlr.import.wizard", "res_id": 0,
                 "raw": f"ref,name\nH003,{name}\n".encode()},
                {"name": f"gdpr-export-{person.id}.json", "raw": json.dumps({"name": person.name}).encode()},
                {"name": "note.pdf", "res_model": "res.partner", "res_id": cls.h001.id,
                 "raw": pdf_of(f"Visite commune avec {name}")},
            ]
        )  # fmt: skip
        # a file that names a kept person only stays
        cls.kept_file = attachments.create(
            {"name": "kept.pdf", "res_model": "res.partner", "res_id": cls.h001.id, "raw": pdf_of("Amina PARTAGEE")}
        )

    @classmethod
    def trial_balance(cls):
        cls.env.flush_all()
        groups = cls.env["account.move.line"]._read_group(
            [("parent_state", "=", "posted")], ["account_id"], ["debit:sum", "credit:sum"]
        )
        return {account.code: (round(debit, 2), round(credit, 2)) for account, debit, credit in groups}

    def test_who_is_anonymised(self):
        self.assertEqual(len(self.expected_households), 14)
        self.assertEqual(self.anonymised, self.expected_households | self.expected_persons)
        self.assertFalse(self.shared.imlr_anonymised_date)
        self.assertEqual(self.shared.name, "Amina PARTAGEE")
        self.assertEqual(set(self.anonymised.mapped("imlr_anonymised_date")), {RETENTION_DATE})
        # a second run finds nothing more; H001 (still supported) is untouched
        self.assertFalse(self.env["res.partner"]._imlr_anonymise_past_retention(RETENTION_DATE))
        self.assertEqual(self.h001.name, "Famille NOORI")

    def test_what_is_kept_and_what_is_not(self):
        # in the company's language (French once the translations are loaded)
        self.assertIn(self.h003.name, {f"Anonymised household #{self.h003.id}", f"Ménage anonymisé #{self.h003.id}"})
        person = self.expected_persons[0]
        self.assertIn(person.name, {f"Person #{person.id}", f"Personne #{person.id}"})
        for person in self.expected_persons.filtered("birthdate"):
            self.assertEqual(person.birthdate, self.birthdates[person.id].replace(month=7, day=1))
        self.assertFalse(any(self.anonymised.mapped("street") + self.anonymised.mapped("email")))
        # the figures' records stay, their free texts go
        self.assertTrue(self.h003.stay_ids)
        self.assertEqual(len(self.interventions.exists()), len(self.interventions))
        placeholder = self.interventions[:1].name.split(" #")[0]
        self.assertIn(placeholder, {"Anonymised", "Anonymisé"})
        self.assertEqual(self.interventions.mapped("note"), [placeholder if note else False for note in self.notes])
        self.assertTrue(any(self.notes))
        self.assertEqual(self.interventions.mapped("name"), [f"{placeholder} #{i.id}" for i in self.interventions])
        self.assertFalse(
            self.env["mail.message"].search_count(
                [("model", "=", "imlr.stay"), ("res_id", "in", self.h003.stay_ids.ids)]
            )
        )

    def test_no_name_remains_in_the_database(self):
        self.env.flush_all()
        self.assertEqual(len(self.old_names), 14 + len(self.expected_persons))
        self.assertEqual(find_in_database(self.env.cr, self.old_names), {})
        # the test itself finds a name that is kept
        self.assertTrue(find_in_database(self.env.cr, ["Amina PARTAGEE"]))

    def test_no_name_nor_marker_remains_in_a_file(self):
        self.env.flush_all()
        needles = [*self.old_names, *MARKERS]
        attachments = self.env["ir.attachment"].search([("res_model", "not in", ("ir.ui.view", "ir.ui.menu"))])
        holding = {
            attachment.name: [needle for needle in needles if needle in file_text(attachment.raw or b"")]
            for attachment in attachments
        }
        self.assertEqual({name: found for name, found in holding.items() if found}, {})
        self.assertIn("Amina PARTAGEE", file_text(self.kept_file.raw))
        self.assertEqual(find_in_database(self.env.cr, MARKERS), {})

    def test_validated_reports_keep_their_figures(self):
        self.report.invalidate_recordset()
        self.assertEqual(json.dumps(self.report.data, sort_keys=True), self.frozen)
        self.assertEqual(self.report._stream("html"), self.html)
        data = self.previous.data
        self.assertEqual(
            data["data_quality"],
            [{"model": "res.partner", "id": self.h003.id, "name": self.h003.name, "problem": "Ressources"}],
        )
        self.assertEqual({**data, "data_quality": None}, {**self.frozen_previous, "data_quality": None})

    def test_accounting_unchanged(self):
        self.assertEqual(len(self.invoices), 200)  # 200 sublease-months in Nov 2023 – Oct 2024
        self.assertEqual(self.trial_balance(), self.balance)
        h003_moves = self.env["account.move"].search([("partner_id", "=", self.h003.id)])
        self.assertTrue(h003_moves)
        self.assertEqual(set(h003_moves.mapped("state")), {"posted"})


class TestGdprExport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].search([("ref", "=", "P0001"), ("is_imlr_person", "=", True)])
        cls.household = cls.person.membership_ids.household_id

    def section(self, data, model):
        return next(section for section in data["sections"] if section["model"] == model)

    def test_json_export(self):
        data = self.person._imlr_gdpr_data()
        self.assertEqual(data["subject"], {"model": "res.partner", "id": self.person.id, "name": "Farid NOORI"})
        self.assertEqual(self.section(data, "res.partner")["records"][0]["values"]["birthdate"], "1991-04-12")
        memberships = self.section(data, "imlr.household.member")["records"]
        self.assertEqual(
            [
                (row["values"]["household_id"], row["values"]["role"])
                for row in memberships
                if row["values"]["partner_id"] == "Farid NOORI"
            ],
            [("Famille NOORI", "Reference person")],
        )
        statuses = self.section(data, "imlr.legal.status")["records"]
        self.assertEqual([row["values"]["date_start"] for row in statuses], ["2022-06-20", "2021-06-18"])
        stays = self.section(data, "imlr.stay")["records"]
        self.assertEqual([row["values"]["reference"] for row in stays], ["S001"])
        self.assertIn("mail.message", [section["model"] for section in data["sections"]])
        # streamed to who asks, never stored as an attachment the team could open
        attachments = self.env["ir.attachment"].search_count([])
        action = self.person.action_imlr_gdpr_export()
        self.assertEqual(action["url"], f"/imlr/gdpr_export/{self.person.id}")
        exported = json.loads(self.person._imlr_gdpr_export_json())
        self.assertEqual(exported["subject"]["name"], "Farid NOORI")
        self.assertEqual(len(exported["sections"]), len(data["sections"]))
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)

    def test_pdf_export(self):
        report = self.env.ref("imlr_odoo.imlr_gdpr_export_report_action")
        pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, self.person.ids
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        text = " ".join(text.split())  # table cells wrap lines
        self.assertIn("Données personnelles enregistrées", text)
        self.assertIn("Farid NOORI", text)
        self.assertIn("S001", text)

    def test_only_managers_export(self):
        worker = new_test_user(self.env, "gdpr_worker", groups="imlr_odoo.group_imlr_social_worker")
        with self.assertRaises(UserError):
            self.person.with_user(worker).action_imlr_gdpr_export()
        with self.assertRaises(UserError):
            self.household.with_user(worker)._imlr_anonymise(d("2030-01-01"))
        landlord = self.env["res.partner"].create({"name": "Not a household"})
        with self.assertRaises(UserError):
            landlord.action_imlr_gdpr_export()

    def test_exports_stored_by_earlier_versions_are_deleted_at_update(self):
        attachments = self.env["ir.attachment"]
        report = self.env["imlr.annual.report"].create({"date_from": P_FROM, "date_to": P_TO})
        old_exports = attachments.create(
            [
                {"name": f"gdpr-export-{self.person.id}.json", "res_model": "res.partner", "res_id": self.person.id,
                 "raw": b'{"name": "Farid NOORI"}', "mimetype": "application/json"},
                {"name": "report.json", "res_model": "imlr.annual.report", "res_id": report.id,
                 "raw": b'{"data_quality": []}', "mimetype": "application/json"},
            ]
        )  # fmt: skip
        kept = attachments.create(
            {"name": "titre-de-sejour.json", "res_model": "res.partner", "res_id": self.person.id, "raw": b"{}",
             "mimetype": "application/json"}
        )  # fmt: skip
        # what the data files of both addons run at each update
        self.env["res.partner"]._imlr_drop_stored_exports("res.partner", "gdpr-export-%.json")
        self.env["res.partner"]._imlr_drop_stored_exports("imlr.annual.report")
        self.assertFalse(old_exports.exists())
        self.assertTrue(kept.exists())
