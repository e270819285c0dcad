"""The OCA's accounting addons on the demo database (issue #22): the accountant's Aged Partner Balance and Open
Items agree with the household arrears, the bank's files of October 2024 are imported and matched with the rents,
the tenant account statement prints in French, and the rent relances write their letters."""

import base64

import lxml.html
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase
from odoo.tools.misc import file_open

from .common import d

OCA_ADDONS = (
    "account_financial_report",
    "account_statement_import_camt",
    "account_statement_import_ofx",
    "partner_statement",
    "account_credit_control",
)
BANK_FILES = {
    "camt": "imlr_odoo/demo/bank/releve_octobre_2024.camt053.xml",
    "ofx": "imlr_odoo/demo/bank/releve_octobre_2024.ofx",
}
# the Aged Partner Balance's columns that make each bucket of the arrears (its last two: over 90 days)
AGED_COLUMNS = {
    "arrears_0_30": ("30_days",),
    "arrears_31_60": ("60_days",),
    "arrears_61_90": ("90_days",),
    "arrears_over_90": ("120_days", "older"),
}


def report_text(env, report_name, ids, data=None):
    """The text of a report as its HTML renders it: its PDF's text is drawn in a web font that pdftotext cannot
    read back here."""
    html = env["ir.actions.report"]._render_qweb_html(report_name, ids, data=data)[0]
    return " ".join(lxml.html.fromstring(html).text_content().split())


def render_pdf(env, report_name, ids, data=None):
    """One PDF per record: several records in one PDF fail with this machine's wkhtmltopdf (unpatched Qt), for
    Odoo's own invoices too."""
    return (
        env["ir.actions.report"]
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(report_name, ids, data=data)[0]
    )


class OcaDemoCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        stays = cls.env["imlr.stay"].search([("reference", "in", ("S019", "S022"))])
        # H019 pays nothing since March 2024
        cls.evicted = stays.filtered(lambda stay: stay.reference == "S019").household_id
        cls.plan = stays.filtered(lambda stay: stay.reference == "S022").household_id  # H022, 87 € of February left

    def arrears(self, date):
        """{household id: (balance, overdue, buckets…)} of the household arrears at ``date``."""
        Arrears = self.env["imlr.household.arrears"]
        Arrears._flush_sources()
        rows = self.env.execute_query_dict(Arrears._arrears_sql(date, company_ids=self.company.ids))
        return {
            row["household_id"]: (float(row["balance"]), float(row["overdue"]), *(float(row[b]) for b in AGED_COLUMNS))
            for row in rows
        }

    def open_items_of(self, household):
        """{invoice name: residual} of the household's open rent items, today."""
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", household.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]
        )
        return {line.move_id.name: line.amount_residual for line in lines}


class TestOcaAccountantReports(OcaDemoCase):
    HOUSEHOLDS = [("is_household", "=", True)]

    def test_oca_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", OCA_ADDONS)])
        self.assertEqual(sorted(modules.mapped("name")), sorted(OCA_ADDONS))
        self.assertEqual(set(modules.mapped("state")), {"installed"})

    def aged_partner_balance(self, date):
        """{household id: (balance, overdue, buckets…)} of the OCA's Aged Partner Balance at ``date``, receivable
        accounts, posted entries, as its wizard asks for it."""
        wizard = self.env["aged.partner.balance.report.wizard"].create(
            {"company_id": self.company.id, "date_at": date, "receivable_accounts_only": True, "target_move": "posted"}
        )
        wizard.onchange_type_accounts_only()
        data = wizard._prepare_report_data()
        data["date_at"] = str(date)
        report = self.env["report.account_financial_report.aged_partner_balance"]._get_report_values(wizard.ids, data)
        # the report names its partners: the demo's households have names of their own
        households = {household.name: household.id for household in self.env["res.partner"].search(self.HOUSEHOLDS)}
        result = {}
        for account in report["aged_partner_balance"]:
            for partner in account["partners"]:
                partner_id = households.get(partner["name"])
                if not partner_id:
                    continue
                figures = (
                    partner["residual"],
                    partner["residual"] - partner["current"],
                    *(sum(partner[column] for column in columns) for columns in AGED_COLUMNS.values()),
                )
                previous = result.get(partner_id, (0.0,) * len(figures))
                result[partner_id] = tuple(round(a + b, 2) for a, b in zip(previous, figures, strict=True))
        return result

    def open_items(self, date):
        """{household id: residual} of the OCA's Open Items report at ``date``."""
        wizard = self.env["open.items.report.wizard"].create(
            {"company_id": self.company.id, "date_at": date, "receivable_accounts_only": True, "target_move": "posted"}
        )
        wizard.onchange_type_accounts_only()
        data = wizard._prepare_report_data()
        data["date_at"] = str(date)
        report = self.env["report.account_financial_report.open_items"]._get_report_values(wizard.ids, data)
        households = set(self.env["res.partner"].search(self.HOUSEHOLDS).ids)
        result = {}
        for per_partner in report["total_amount"].values():
            for partner_id, total in per_partner.items():
                if partner_id in households:
                    result[partner_id] = round(result.get(partner_id, 0.0) + total["residual"], 2)
        return result

    def test_arrears_equal_aged_partner_balance_and_open_items(self):
        # every household housed at the date has open items (its rent, the CAF's part still to come)
        for date, households in ((d("2024-06-15"), 18), (d("2024-10-31"), 17)):
            with self.subTest(date=date):
                arrears = self.arrears(date)
                self.assertEqual(len(arrears), households)
                self.assertEqual(self.aged_partner_balance(date), arrears)
                self.assertEqual(self.open_items(date), {household: row[0] for household, row in arrears.items()})
        # what is compared is not nothing: the two households in arrears, at both dates
        june, october = self.arrears(d("2024-06-15")), self.arrears(d("2024-10-31"))
        self.assertEqual(june[self.evicted.id], (587.0, 388.0, 97.0, 97.0, 97.0, 97.0))
        self.assertEqual(june[self.plan.id], (856.0, 435.0, 0.0, 0.0, 0.0, 435.0))
        self.assertEqual(october[self.evicted.id], (975.0, 776.0, 97.0, 97.0, 97.0, 485.0))
        self.assertEqual(october[self.plan.id], (508.0, 87.0, 0.0, 0.0, 0.0, 87.0))


class TestOcaBankFiles(OcaDemoCase):
    def import_file(self, kind):
        with file_open(BANK_FILES[kind], "rb") as handle:
            content = handle.read()
        wizard = self.env["account.statement.import"].create(
            {"statement_file": base64.b64encode(content), "statement_filename": BANK_FILES[kind].rsplit("/", 1)[1]}
        )
        return wizard.import_file_button()

    def check_october_matched(self, kind):
        before = self.open_items_of(self.evicted)
        self.assertEqual(len(before), 8)  # March to October, 97 € each
        action = self.import_file(kind)
        self.assertIn("2 rent payments matched and reconciled.", action["params"]["message"])
        statement = self.env["account.bank.statement"].search(action["params"]["next"]["domain"])
        self.assertEqual(statement.journal_id, self.env.ref("account.1_bank"))
        lines = statement.line_ids.sorted("date")
        self.assertEqual(lines.mapped("amount"), [150.0, 87.0, 50.0, -4.5])
        self.assertEqual(lines.mapped("partner_id"), self.evicted + self.plan)
        self.assertEqual(lines.mapped("is_reconciled"), [True, True, False, False])
        # H019 names October: October's share paid first, the rest (53 €) pays March, the oldest
        self.assertEqual(
            self.open_items_of(self.evicted),
            {
                "LOY/2024/00046": 44.0,
                **{name: 97.0 for name in before if name not in ("LOY/2024/00046", "LOY/2024/00173")},
            },
        )
        # H022 names no month: its 87 € pay what is left of February, its last debt
        self.assertEqual(self.open_items_of(self.plan), {})
        october = self.arrears(d("2024-10-31"))
        self.assertEqual(october[self.evicted.id][:2], (975.0 - 150.0, 776.0 - 150.0))
        self.assertEqual(october[self.plan.id][1], 0.0)
        # the same file again: nothing imported twice
        with self.assertRaises(UserError):
            self.import_file(kind)

    def test_caf_transfer_matched_with_its_statement(self):
        household = self.evicted
        statement = self.env["imlr.caf.statement"].create(
            {
                "date_month": d("2024-11-01"),
                "date_payment": d("2024-12-05"),
                "line_ids": [
                    Command.create(
                        {"caf_number": household.imlr_caf_number, "date_month": d("2024-11-01"), "amount": 199.0}
                    )
                ],
            }
        )
        statement.action_post()
        caf_entry = statement.move_id.line_ids.filtered(lambda line: line.partner_id == statement.caf_partner_id)
        self.assertFalse(caf_entry.reconciled)
        bank = self.env.ref("account.1_bank")
        lines = self.env["account.bank.statement.line"].create(
            [
                {
                    "journal_id": bank.id,
                    "date": d("2024-12-05"),
                    "payment_ref": "VIR CAF DE LA SOMME APL",
                    "amount": 199.0,
                },
                {"journal_id": bank.id, "date": d("2024-12-05"), "payment_ref": "VIR CAF DE LA SOMME", "amount": 150.0},
                {"journal_id": bank.id, "date": d("2024-12-05"), "payment_ref": "VIREMENT DON", "amount": 199.0},
            ]
        )
        matched = lines._imlr_match_caf_transfers()
        self.assertEqual(matched, lines[0])
        self.assertTrue(caf_entry.reconciled)
        self.assertEqual(lines[0].partner_id, statement.caf_partner_id)
        self.assertEqual(lines.mapped("is_reconciled"), [True, False, False])

    def test_camt_october(self):
        self.check_october_matched("camt")

    def test_ofx_october(self):
        self.check_october_matched("ofx")


class TestOcaTenantStatement(OcaDemoCase):
    def test_statement_in_french(self):
        household = self.evicted.with_context(force_report_rendering=True)
        pdf, filename = household._imlr_render_statement(d("2024-10-31"))
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(filename.endswith(" KIDANE Yonas 2024-10-31.pdf"), filename)
        data = household._imlr_statement_wizard(d("2024-10-31"))._prepare_statement()
        text = report_text(self.env, "partner_statement.activity_statement", household.ids, data)
        for expected in (
            "Relevé entre le 01/11/2023 et le 31/10/2024 en EUR",
            "Solde reporté",
            "APL CAF de la Somme 2024-09",
            "Paiement",
        ):
            self.assertIn(expected, text)
        # its twelve months: each rent's two parts, the APL, the household's payments while it paid (to February)
        self.assertEqual(text.count("Part du ménage"), 12)
        self.assertEqual(text.count("APL attendue de la CAF"), 12)
        self.assertEqual(text.count("APL CAF de la Somme"), 11)  # October's comes on 5 November
        self.assertEqual(text.count("Paiement"), 4)

    def test_statement_from_the_household_form(self):
        action = self.evicted.action_imlr_account_statement()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.account_type, "asset_receivable")
        self.assertEqual(wizard.date_start, wizard.date_end.replace(day=1) - relativedelta(months=11))
        self.assertEqual(action["context"]["active_ids"], self.evicted.ids)
        mail = self.evicted.with_context(force_report_rendering=True).action_imlr_send_account_statement()
        self.assertEqual(mail["res_model"], "mail.compose.message")
        attachment = self.env["ir.attachment"].browse(mail["context"]["default_attachment_ids"][0][1])
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))


class TestOcaRentRelances(OcaDemoCase):
    def run_relances(self, date):
        policy = self.env.ref("imlr_odoo.imlr_credit_policy_rent")
        run = self.env["credit.control.run"].create(
            {"date": date, "policy_ids": policy.ids, "company_id": self.company.id}
        )
        run.generate_credit_lines()
        return run

    def print_letters(self, run):
        run.set_to_ready_lines()
        run.env["credit.control.printer"].create({"line_ids": run.line_ids.ids}).print_lines()
        return run.line_ids.communication_id

    def test_a_rent_manager_runs_the_relances_and_the_statements(self):
        manager = self.env["res.users"].search([("login", "=", "julien.morel")])
        self.assertTrue(manager.has_group("imlr_odoo.group_imlr_rent_manager"))
        policy = self.env.ref("imlr_odoo.imlr_credit_policy_rent")
        run = (
            self.env["credit.control.run"]
            .with_user(manager)
            .create({"date": d("2024-10-31"), "policy_ids": policy.ids, "company_id": self.company.id})
        )
        run.generate_credit_lines()
        self.assertEqual(self.print_letters(run).partner_id, self.evicted | self.plan)
        action = self.evicted.with_user(manager).action_imlr_account_statement()
        self.assertEqual(action["res_model"], "activity.statement.wizard")

    def test_policy_levels_in_the_data(self):
        policy = self.env.ref("imlr_odoo.imlr_credit_policy_rent")
        self.assertEqual(
            [(level.level, level.delay_days, level.computation_mode, level.channel) for level in policy.level_ids],
            [(1, 15, "net_days", "letter"), (2, 30, "net_days", "letter"), (3, 45, "net_days", "letter")],
        )

    def test_letters_for_the_households_in_arrears(self):
        run = self.run_relances(d("2024-10-31"))
        in_arrears = {household for household, row in self.arrears(d("2024-10-31")).items() if row[1] > 0}
        self.assertEqual(in_arrears, {self.evicted.id, self.plan.id})
        self.assertEqual(set(run.line_ids.partner_id.ids), in_arrears)
        # one letter per household, every open rent item overdue by 15 days or more on it (first relance)
        self.assertEqual(
            sorted((line.partner_id.id, line.move_line_id.move_id.name, line.balance_due) for line in run.line_ids),
            sorted(
                [(self.plan.id, "LOY/2024/00019", 87.0)]
                + [(self.evicted.id, name, 97.0) for name in self.open_items_of(self.evicted)]
            ),
        )
        # printed in one batch, as the run's lines list offers it: one letter per household, marked sent
        letters = self.print_letters(run)
        self.assertEqual(letters.partner_id, self.evicted | self.plan)
        self.assertEqual(set(run.line_ids.mapped("state")), {"sent"})
        self.assertEqual(letters.filtered(lambda letter: letter.partner_id == self.evicted).total_due, 776.0)
        text = report_text(self.env, "account_credit_control.report_credit_control_summary", letters.ids)
        self.assertIn("Liste des factures en attente de règlement", text)
        self.assertIn("Total dû", text)
        for letter in letters:
            self.assertTrue(render_pdf(self.env, "account_credit_control.report_credit_control_summary", letter.ids))

    def test_reminder_second_reminder_formal_notice(self):
        """March's share of H019 is due on 5 March: reminder from the 20th, second reminder from 4 April, formal
        notice from 19 April, each run after the previous level."""
        levels = []
        for date in ("2024-03-21", "2024-04-05", "2024-04-20"):
            run = self.run_relances(d(date))
            self.print_letters(run)  # the next level follows a letter sent, not one still in draft
            march = run.line_ids.filtered(lambda line: line.move_line_id.move_id.name == "LOY/2024/00046")
            levels.append(march.policy_level_id.level)
        self.assertEqual(levels, [1, 2, 3])
