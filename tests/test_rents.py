"""The monthly rent run (rents issue, items 1-2), on a company with the French chart of accounts."""

import threading
from unittest.mock import patch

from psycopg2 import errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .common import FrenchAccountingCase, d

RUN_DATE = d("2024-07-10")


def make_sublease(env, name, ref, sector, start, *, end=None, stay_exit=None, rent=450.0, charges=50.0):
    """A household (reference ``ref``), its stay, a dwelling under lease from 2024-01-01 (or the sublease's
    start, if earlier) and the sublease."""
    household = env["res.partner"].create({"name": name, "ref": ref, "is_household": True, "is_company": True})
    stay = env["imlr.stay"].create(
        {"household_id": household.id, "date_entry": d(start), "date_exit": stay_exit and d(stay_exit)}
    )
    dwelling = env["imlr.dwelling"].create(
        {"name": f"Flat of {name}", "city": "Amiens", "typology": "t2", "sector_id": sector.id}
    )
    lease_start = min(d("2024-01-01"), d(start))
    env["imlr.lease"].create({"dwelling_id": dwelling.id, "date_start": lease_start, "rent": 500})
    return env["imlr.sublease"].create(
        {
            "stay_id": stay.id,
            "place_id": dwelling.place_ids.id,
            "date_start": d(start),
            "date_end": end and d(end),
            "rent": rent,
            "charges": charges,
        }
    )


class TestRentRun(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector = cls.env["imlr.sector"].create({"name": "Rent sector", "code": "RENT"})
        # enters on 12 March, leaves on 18 June: the sublease's last day is 17 June
        cls.sublease = make_sublease(
            cls.env, "Rent household", "H901", cls.sector, "2024-03-12", end="2024-06-17", stay_exit="2024-06-18"
        )
        # running since 1 January, no charges
        cls.running = make_sublease(cls.env, "Running household", "H902", cls.sector, "2024-01-01", charges=0.0)
        cls.Sublease = cls.env["imlr.sublease"].with_company(cls.company)

    def rent_invoices(self, sublease=None, **values):
        domain = [("imlr_sublease_id", "in", (sublease or self.sublease + self.running).ids)]
        domain += [(field, "=", value) for field, value in values.items()]
        return self.env["account.move"].search(domain, order="imlr_period_start, id")

    def test_settings_defaults_from_the_french_chart(self):
        settings = self.company._imlr_rent_settings()
        # the rents' own journal, made with the French chart and secured by the hash chain
        self.assertRecordValues(
            settings["journal"], [{"code": "LOY", "type": "sale", "restrict_mode_hash_table": True}]
        )
        self.assertEqual(settings["rent_product"], self.env.ref("imlr_odoo.imlr_product_rent"))
        self.assertEqual(settings["charges_product"], self.env.ref("imlr_odoo.imlr_product_charges"))
        self.assertEqual(settings["rent_account"].code, "706000")
        self.assertEqual(settings["charges_account"].code, "708800")
        self.assertEqual(settings["caf_partner"], self.env.ref("imlr_odoo.imlr_partner_caf"))
        self.assertEqual(settings["due_day"], 5)
        # what is set wins over the defaults
        other = self.company_data["default_account_revenue"]
        self.company.imlr_charges_account_id = other
        self.assertEqual(self.company._imlr_rent_settings()["charges_account"], other)
        # what is missing is named
        with self.assertRaisesRegex(UserError, "incomplete: APL clearing account"):
            self.company._imlr_rent_settings(required=("journal", "apl_account"))

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.imlr_rent_due_day = 10
        settings.save().execute()
        self.assertEqual(self.company.imlr_rent_due_day, 10)
        with self.assertRaises(errors.CheckViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.company.imlr_rent_due_day = 31
            self.env.flush_all()

    def test_prorata_months_exact_amounts(self):
        moves = self.Sublease._imlr_rent_run(RUN_DATE)
        self.assertEqual(len(moves), 4 + 7)  # March-June, January-July
        self.assertTrue(all(move.state == "posted" for move in moves))
        invoices = self.rent_invoices(self.sublease)
        self.assertRecordValues(
            invoices,
            [
                {
                    "imlr_period_start": d("2024-03-01"),
                    "invoice_date": d("2024-03-12"),  # the entry day
                    "invoice_date_due": d("2024-03-12"),  # due day 5, never before the invoice
                    "amount_total": 322.58,
                    "payment_reference": "LOYER H901 2024-03",
                },
                {
                    "imlr_period_start": d("2024-04-01"),
                    "invoice_date": d("2024-04-01"),
                    "invoice_date_due": d("2024-04-05"),
                    "amount_total": 500.0,
                    "payment_reference": "LOYER H901 2024-04",
                },
                {
                    "imlr_period_start": d("2024-05-01"),
                    "invoice_date": d("2024-05-01"),
                    "invoice_date_due": d("2024-05-05"),
                    "amount_total": 500.0,
                    "payment_reference": "LOYER H901 2024-05",
                },
                {
                    "imlr_period_start": d("2024-06-01"),
                    "invoice_date": d("2024-06-01"),
                    "invoice_date_due": d("2024-06-05"),
                    "amount_total": 283.33,
                    "payment_reference": "LOYER H901 2024-06",
                },
            ],
        )
        self.assertTrue(all(invoice.partner_id == self.sublease.household_id for invoice in invoices))
        rent_product = self.env.ref("imlr_odoo.imlr_product_rent")
        # 450 × 20/31 and 50 × 20/31 (12 to 31 March)
        self.assertRecordValues(
            invoices[0].invoice_line_ids,
            [
                {"product_id": rent_product.id, "price_subtotal": 290.32, "tax_ids": []},
                {
                    "product_id": self.env.ref("imlr_odoo.imlr_product_charges").id,
                    "price_subtotal": 32.26,
                    "tax_ids": [],
                },
            ],
        )
        self.assertEqual(invoices[0].invoice_line_ids.account_id.mapped("code"), ["706000", "708800"])
        self.assertIn("(20/31 jours)", invoices[0].invoice_line_ids[0].name)
        # 450 × 17/30 and 50 × 17/30 (1 to 17 June)
        self.assertEqual(invoices[3].invoice_line_ids.mapped("price_subtotal"), [255.0, 28.33])
        # the household's receivable: 411100 of the French chart
        receivable = invoices[0].line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable.account_id.code, "411100")
        # no charges: a single line; the month of the run date is billed
        running = self.rent_invoices(self.running)
        self.assertEqual(running.mapped("imlr_period_start")[-1], d("2024-07-01"))
        self.assertEqual(running[0].invoice_line_ids.mapped("price_subtotal"), [450.0])
        self.assertEqual(self.sublease.rent_move_count, 4)

    def test_run_twice_bills_nothing_more(self):
        first = self.Sublease._imlr_rent_run(RUN_DATE)
        self.assertEqual(len(first), 11)
        self.assertFalse(self.Sublease._imlr_rent_run(RUN_DATE))
        # a later run bills only the new month
        self.assertEqual(self.Sublease._imlr_rent_run(d("2024-08-01")).mapped("imlr_period_start"), [d("2024-08-01")])

    def test_no_month_is_skipped_however_old(self):
        moves = self.Sublease._imlr_rent_run(d("2025-03-15"))
        # every month since each start: January 2024 to March 2025 for the running sublease; March-June for the
        # other
        self.assertEqual(min(self.rent_invoices(self.running).mapped("imlr_period_start")), d("2024-01-01"))
        self.assertEqual(len(moves), 15 + 4)

    def test_billing_start_and_the_catch_up_in_the_preview(self):
        self.company.imlr_billing_start = d("2024-05-20")  # from May 2024 on
        wizard = self.env["imlr.rent.run.wizard"].with_company(self.company).create({"date": d("2024-07-10")})
        self.assertEqual(
            sorted(set(wizard.line_ids.mapped("period_start"))), [d("2024-05-01"), d("2024-06-01"), d("2024-07-01")]
        )
        self.assertEqual(
            wizard.with_context(lang="en_US").catch_up_warning,
            "2 invoices of months before last month are not billed yet (the oldest: May 2024): this run bills "
            "them too. Check the list below, or set the billing start in the settings.",
        )
        self.assertEqual(len(self.Sublease._imlr_rent_run(d("2024-07-10"))), 5)  # May-July, May-June
        # a month wholly credited long ago is billed again by the next run, not skipped
        may = self.rent_invoices(self.running, imlr_period_start=d("2024-05-01"))
        may._reverse_moves([{"invoice_date": d("2024-07-15")}], cancel=True)
        self.assertEqual(self.Sublease._imlr_rent_run(d("2026-01-10")).mapped("imlr_period_start")[0], d("2024-05-01"))

    def test_unique_key_in_postgresql(self):
        self.Sublease._imlr_rent_run(RUN_DATE)
        settings = self.company._imlr_rent_settings()
        vals = self.sublease._prepare_rent_invoice_vals(d("2024-04-01"), settings)
        with self.assertRaises(errors.UniqueViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["account.move"].create(vals)
        # a credit note keeps the link without colliding; a copy drops it
        april = self.rent_invoices(self.sublease, imlr_period_start=d("2024-04-01"))
        credit_note = april._reverse_moves([{"invoice_date": d("2024-04-20")}])
        credit_note.action_post()
        self.assertRecordValues(
            credit_note,
            [{"move_type": "out_refund", "imlr_sublease_id": self.sublease.id, "imlr_period_start": d("2024-04-01")}],
        )
        self.assertFalse(april.copy().imlr_sublease_id)
        # the month is wholly credited: the next run bills it again (corrected from the sublease as it is)
        again = self.Sublease._imlr_rent_run(RUN_DATE)
        self.assertRecordValues(again, [{"imlr_sublease_id": self.sublease.id, "imlr_period_start": d("2024-04-01")}])
        self.assertEqual(april.payment_state, "reversed")

    def test_posted_rent_invoice_is_never_reset_nor_cancelled(self):
        self.Sublease._imlr_rent_run(RUN_DATE)
        april = self.rent_invoices(self.sublease, imlr_period_start=d("2024-04-01"))
        for action in (april.button_draft, april.button_cancel):
            with self.assertRaisesRegex(UserError, "is a posted rent document: it cannot be reset to draft"):
                action()
        self.assertEqual(april.state, "posted")
        # its credit note neither
        credit_note = april._reverse_moves([{"invoice_date": d("2024-04-20")}], cancel=True)
        with self.assertRaisesRegex(UserError, "is a posted rent document"):
            credit_note.button_draft()
        # the month, wholly credited, is billed again
        again = self.Sublease._imlr_rent_run(RUN_DATE)
        self.assertRecordValues(again, [{"imlr_sublease_id": self.sublease.id, "imlr_period_start": d("2024-04-01")}])

    def test_credit_reconciled_oldest_first(self):
        self.Sublease._imlr_rent_run(RUN_DATE)
        march, april, may, june = self.rent_invoices(self.sublease)
        household = self.sublease.household_id
        receivable = march.line_ids.filtered(lambda line: line.display_type == "payment_term").account_id
        # 600 paid: March (322.58) in full, then 277.42 of April; May and June untouched
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": d("2024-05-10"),
                "journal_id": self.company_data["default_journal_bank"].id,
                "line_ids": [
                    Command.create(
                        {"account_id": self.company_data["default_journal_bank"].default_account_id.id, "debit": 600.0}
                    ),
                    Command.create({"account_id": receivable.id, "partner_id": household.id, "credit": 600.0}),
                ],
            }
        )
        entry.action_post()
        credit = entry.line_ids.filtered(lambda line: line.account_id == receivable)
        self.env["imlr.rent.ledger"]._allocate(credit)
        self.assertRecordValues(
            march + april + may + june,
            [
                {"payment_state": "paid", "amount_residual": 0.0},
                {"payment_state": "partial", "amount_residual": 222.58},
                {"payment_state": "not_paid", "amount_residual": 500.0},
                {"payment_state": "not_paid", "amount_residual": 283.33},
            ],
        )
        self.assertTrue(credit.reconciled)

    def test_posted_rent_invoice_cannot_be_deleted(self):
        invoice = self.Sublease._imlr_rent_run(RUN_DATE)[0]
        with self.assertRaises(UserError):
            invoice.unlink()
        # not even reset to draft (then deleted)
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            invoice.button_draft()
        self.assertTrue(invoice.exists())

    def test_wizard_preview_then_create(self):
        wizard = Form(self.env["imlr.rent.run.wizard"].with_company(self.company))
        wizard.date = RUN_DATE
        wizard = wizard.save()
        march = wizard.line_ids.filtered(lambda line: line.sublease_id == self.sublease)[:1]
        self.assertRecordValues(
            march,
            [{"period_start": d("2024-03-01"), "days": 20, "month_days": 31, "rent": 290.32, "charges": 32.26}],
        )
        self.assertEqual(len(wizard.line_ids), 11)
        self.assertAlmostEqual(wizard.total, 322.58 + 500 + 500 + 283.33 + 7 * 450)
        self.assertFalse(self.rent_invoices())  # the preview creates nothing
        action = wizard.action_create_invoices()
        moves = self.env["account.move"].search(action["domain"])
        self.assertEqual(moves, self.rent_invoices())
        self.assertAlmostEqual(sum(moves.mapped("amount_total")), wizard.total)
        # nothing left: the preview is empty and the button says so
        second = self.env["imlr.rent.run.wizard"].with_company(self.company).create({"date": RUN_DATE})
        self.assertFalse(second.line_ids)
        self.assertEqual(second.action_create_invoices()["tag"], "display_notification")

    def test_rent_views_load(self):
        action = self.env.ref("imlr_odoo.imlr_rent_invoice_action")
        views = self.env["account.move"].get_views(
            [(view.view_id.id, view.view_mode) for view in action.view_ids] + [(action.search_view_id.id, "search")]
        )
        self.assertEqual(set(views["views"]), {"list", "form", "search"})
        self.assertIn("imlr_period_start", views["views"]["list"]["arch"])
        self.assertIn("imlr_sublease_id", views["views"]["form"]["arch"])
        form = self.env["imlr.sublease"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_open_rent_moves", form)
        self.Sublease._imlr_rent_run(RUN_DATE)
        opened = self.sublease.action_open_rent_moves()
        self.assertEqual(self.env["account.move"].search(opened["domain"]), self.rent_invoices(self.sublease))

    def test_cron_runs_every_company(self):
        companies = []

        def fake_run(model, date=None):
            companies.append(model.env.company)
            if model.env.company == self.env.ref("base.main_company"):  # the first one
                raise UserError("no settings")
            return model.env["account.move"]

        with patch.object(type(self.Sublease), "_imlr_rent_run", fake_run):
            self.env["imlr.sublease"].sudo()._cron_rent_run()  # as the cron's user, the superuser
        with_subleases = self.env["imlr.sublease"].sudo().search([]).company_id
        self.assertEqual(set(companies), set(with_subleases))
        self.assertIn(self.company, companies)  # one company failing does not stop the others


class TestRentRunConcurrency(TransactionCase):
    """Two rent runs at the same time, each in its own transaction, bill each month once.

    The data must be committed for other cursors to see it: it is created in a cursor of its own, in the
    database's main company (French chart) with a journal of its own, and deleted at the end."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            journal = env["account.journal"].create(
                {"name": "Concurrent rents", "code": "CRT", "type": "sale", "company_id": company.id}
            )
            sector = env["imlr.sector"].create({"name": "Concurrency sector", "code": "CONC"})
            sublease = make_sublease(
                env(context={"allowed_company_ids": company.ids}), "Concurrent household", "H999", sector, "2024-03-12"
            )
            self.data = {
                "company_id": company.id,
                "journal_id": journal.id,
                "former_journal_id": company.imlr_rent_journal_id.id,
                "sector_id": sector.id,
                "sublease_id": sublease.id,
                "stay_id": sublease.stay_id.id,
                "dwelling_id": sublease.dwelling_id.id,
                "partner_ids": (sublease.household_id + sublease.dwelling_id.partner_id).ids,
            }
            company.imlr_rent_journal_id = journal
            cr.commit()
        self.addCleanup(self.clean_up)

    def clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            data = self.data
            moves = env["account.move"].search([("journal_id", "=", data["journal_id"])])
            moves.filtered(lambda move: move.state != "draft").with_context(
                imlr_allow_reset_to_draft=True
            ).button_draft()
            moves.posted_before = False
            moves.with_context(force_delete=True).unlink()
            env["res.company"].browse(data["company_id"]).imlr_rent_journal_id = data["former_journal_id"]
            env["imlr.sublease"].browse(data["sublease_id"]).unlink()
            env["imlr.stay"].browse(data["stay_id"]).unlink()
            env["imlr.dwelling"].browse(data["dwelling_id"]).unlink()
            env["res.partner"].browse(data["partner_ids"]).unlink()
            env["imlr.sector"].browse(data["sector_id"]).unlink()
            env["account.journal"].browse(data["journal_id"]).unlink()
            cr.commit()

    def run_in(self, cr, date):
        """The rent run, on the test's sublease only: the main company also has the demo's."""
        env = api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [self.data["company_id"]]})
        return env["imlr.sublease"].browse(self.data["sublease_id"])._imlr_bill_rents(d(date)).ids

    def billed_months(self):
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT imlr_period_start, count(*) FROM account_move
                   WHERE imlr_sublease_id = %s AND move_type = 'out_invoice' AND state = 'posted'
                   GROUP BY imlr_period_start ORDER BY imlr_period_start""",
                [self.data["sublease_id"]],
            )
            return [(str(month), count) for month, count in cr.fetchall()]

    def test_two_cursors(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            cr_b.execute("SELECT 1")  # B's snapshot is taken now, before A bills anything
            self.assertEqual(len(self.run_in(cr_a, "2024-04-10")), 2)  # March, April; not committed yet
            # A holds the company's rent-run lock: B skips
            self.assertEqual(self.run_in(cr_b, "2024-04-10"), [])
            cr_a.commit()
            # the lock is free, but B's snapshot does not show A's invoices: the unique key stops B, and
            # the server's log keeps no "bad query" with the household's name and amounts
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                mute_logger("odoo.addons.imlr_odoo.models.rents.imlr_sublease"),
            ):
                self.assertEqual(self.run_in(cr_b, "2024-04-10"), [])
            cr_b.commit()
        self.assertEqual(self.billed_months(), [("2024-03-01", 1), ("2024-04-01", 1)])

    def test_two_threads(self):
        barrier = threading.Barrier(2)
        results, failures = [], []

        def run():
            try:
                with self.registry.cursor() as cr:
                    cr.execute("SELECT 1")
                    barrier.wait(timeout=30)
                    results.append(self.run_in(cr, "2024-06-10"))
                    cr.commit()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(error)

        threads = [threading.Thread(target=run) for _i in range(2)]
        with mute_logger("odoo.sql_db", "odoo.addons.imlr_odoo.models.rents.imlr_sublease"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertEqual(failures, [])
        self.assertEqual(sorted(len(ids) for ids in results), [0, 4])  # March to June, by one of them
        self.assertEqual(
            self.billed_months(), [("2024-03-01", 1), ("2024-04-01", 1), ("2024-05-01", 1), ("2024-06-01", 1)]
        )
