"""Rents in the books (rent compliance issue, items 1 and 8): journals secured by the hash chain, security deposits
on 165, an analytic account per dwelling, cash in the till, landlord bills with their reference, the FEC."""

import csv
import io

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user
from odoo.tests.common import TransactionCase

from . import test_rents
from .common import FrenchAccountingCase, d

P_TO = d("2024-10-31")


class TestRentBooks(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector = cls.env["imlr.sector"].create({"name": "Books sector", "code": "BOOK"})
        cls.sublease = test_rents.make_sublease(
            cls.env, "Books household", "H951", cls.sector, "2024-01-01", end="2024-03-15", stay_exit="2024-03-16"
        )
        cls.sublease.deposit = 450.0
        cls.household = cls.sublease.household_id
        cls.lease = cls.sublease.dwelling_id.lease_ids
        cls.lease.landlord_id = cls.env["res.partner"].create({"name": "Books landlord"})

    def pay(self, amount, date, method="transfer", purpose="rent"):
        context = {"default_household_id": self.household.id, "default_purpose": purpose}
        if purpose != "rent":
            context["default_sublease_id"] = self.sublease.id
        form = Form(self.env["imlr.rent.payment.wizard"].with_company(self.company).with_context(**context))
        form.amount = amount
        form.date = d(date)
        form.method = method
        return form.save()._register_payment()

    def test_french_chart_sets_up_secured_journals(self):
        company = self.company
        self.assertRecordValues(
            company.imlr_rent_journal_id + company.imlr_landlord_journal_id + company.imlr_apl_journal_id,
            [
                {"code": "LOY", "type": "sale", "restrict_mode_hash_table": True},
                {"code": "PROP", "type": "purchase", "restrict_mode_hash_table": True},
                {"code": "APL", "type": "general", "restrict_mode_hash_table": True},
            ],
        )
        journals = company.imlr_rent_journal_id.search([("company_id", "=", company.id), ("code", "=", "LOY")])
        company._imlr_setup_accounting()  # a second time changes nothing
        self.assertEqual(journals.search_count([("company_id", "=", company.id), ("code", "=", "LOY")]), 1)

    def test_posted_rents_are_hashed_and_final(self):
        invoices = self.env["imlr.sublease"].with_company(self.company)._imlr_rent_run(d("2024-02-10"))
        self.assertEqual(invoices.journal_id, self.company.imlr_rent_journal_id)
        self.assertEqual(len(invoices), 2)
        self.assertTrue(all(invoices.mapped("inalterable_hash")))
        with self.assertRaises(UserError):
            invoices[0].button_draft()
        # the secured fields cannot be written either, whoever tries
        with self.assertRaises(UserError):
            invoices[0].sudo().write({"date": d("2024-01-02")})
        payment = self.pay(450.0, "2024-01-08")
        with self.assertRaises(UserError):
            payment.action_draft()
        with self.assertRaises(UserError):
            payment.action_cancel()

    def test_payments_of_past_months_are_secured(self):
        past = self.pay(450.0, "2024-01-08")
        today = self.pay(10.0, fields.Date.to_string(fields.Date.context_today(past)))
        self.env["account.journal"]._cron_imlr_secure_payments()
        self.assertTrue(past.move_id.inalterable_hash)
        self.assertFalse(today.move_id.inalterable_hash)
        with self.assertRaises(UserError):
            past.move_id.sudo().line_ids[0].write({"partner_id": self.lease.landlord_id.id})

    def test_analytic_per_dwelling_and_landlord_reference(self):
        invoices = self.env["imlr.sublease"].with_company(self.company)._imlr_rent_run(d("2024-01-10"))
        bills = self.lease.with_company(self.company)._imlr_bill_landlord(d("2024-01-10"))
        dwelling = self.sublease.dwelling_id
        self.assertEqual(dwelling.analytic_account_id.plan_id, self.env.ref("imlr_odoo.imlr_analytic_plan_dwellings"))
        lines = (invoices | bills).invoice_line_ids
        self.assertEqual(len(lines), 3)  # loyer and charges; the landlord's rent (the lease has no charges)
        distribution = {str(dwelling.analytic_account_id.id): 100.0}
        self.assertEqual([line.analytic_distribution for line in lines], [distribution] * 3)
        # the dwelling's result: 500 € of rent and charges billed, 500 € paid to the landlord
        analytic = self.env["account.analytic.line"].search([("auto_account_id", "=", dwelling.analytic_account_id.id)])
        self.assertEqual(sorted(analytic.mapped("amount")), [-500.0, 50.0, 450.0])
        self.assertEqual(bills.ref, f"Bail {self.lease.name} — janvier 2024")
        self.assertEqual(bills.journal_id, self.company.imlr_landlord_journal_id)

    def test_cash_goes_to_the_till(self):
        payment = self.pay(100.0, "2024-01-08", method="cash")
        liquidity = payment.move_id.line_ids.filtered(lambda line: line.debit)
        self.assertEqual(liquidity.account_id, self.company_data["default_journal_cash"].default_account_id)
        self.assertEqual(liquidity.account_id.code[:2], "53")
        self.assertEqual(payment.state, "paid")

    def test_deposit_received_and_returned_on_165(self):
        deposits = self.company._imlr_deposit_account()
        self.assertEqual(deposits.code, "165100")
        received = self.pay(450.0, "2024-01-03", purpose="deposit")
        self.assertEqual(received.imlr_deposit_sublease_id, self.sublease)
        self.assertEqual(self.sublease.deposit_held, 450.0)
        lines = received.move_id.line_ids
        self.assertEqual(lines.filtered("credit").account_id, deposits)
        self.assertEqual(lines.filtered("credit").partner_id, self.household)
        # the deposit is not rent: the household's rent balance does not move
        self.assertEqual(self.household.with_context(date=d("2024-01-31")).imlr_rent_balance, 0.0)
        with self.assertRaisesRegex(UserError, "holds 450"):
            self.pay(500.0, "2024-04-10", purpose="deposit_return")
        self.assertEqual(self.sublease.deposit_held, 450.0)
        returned = self.pay(450.0, "2024-04-10", purpose="deposit_return")
        self.assertEqual(returned.payment_type, "outbound")
        self.assertEqual(self.sublease.deposit_held, 0.0)
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT SUM(balance) FROM account_move_line WHERE account_id = %s AND parent_state = 'posted'",
            [deposits.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0.0)
        # a social worker reads the sublease's form, the deposit held included, without access to payments
        social_worker = new_test_user(
            self.env, login="imlr_books_social", groups="imlr_odoo.group_imlr_social_worker", company_id=self.company.id
        )
        sublease = self.sublease.with_user(social_worker)
        sublease.get_views([(False, "form")])
        self.assertEqual(sublease.read(["deposit", "deposit_held"])[0]["deposit_held"], 0.0)
        # the sublease's buttons offer what is left to do
        self.assertEqual(self.sublease.action_imlr_deposit_received()["context"]["default_amount"], 450.0)


class TestDemoBooks(TransactionCase):
    """On the demo database, as the issue's acceptance reads."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.Move = cls.env["account.move"].with_company(cls.company)
        cls.rent_documents = cls.Move.search(
            [
                "|",
                "|",
                ("imlr_sublease_id", "!=", False),
                ("imlr_lease_id", "!=", False),
                ("imlr_caf_statement_id", "!=", False),
                ("state", "=", "posted"),
            ]
        )

    def test_no_rent_journal_without_the_hash_lock(self):
        self.assertGreater(len(self.rent_documents), 300)
        journals = self.rent_documents.journal_id
        self.assertEqual(set(journals.mapped("code")), {"LOY", "PROP", "APL"})
        self.assertTrue(all(journals.mapped("restrict_mode_hash_table")))
        self.assertTrue(all(self.rent_documents.mapped("inalterable_hash")))

    def test_every_posted_rent_document_refuses_reset(self):
        payments = self.Move.search([("origin_payment_id", "!=", False), ("partner_id.is_household", "=", True)])
        self.assertGreater(len(payments), 100)
        for move in self.rent_documents | payments:
            with self.assertRaises(UserError, msg=move.name):
                move._check_draftable()

    def test_deposits_balance_on_165(self):
        subleases = self.env["imlr.sublease"].search([("deposit", ">", 0)])
        held = sum(subleases.mapped("deposit_held"))
        kept = subleases.filtered(lambda sublease: not sublease.date_end or sublease.date_end > d("2024-09-30"))
        self.assertEqual(held, sum(kept.mapped("deposit")))
        self.assertGreater(held, 0)
        deposits = self.company._imlr_deposit_account()
        self.env.cr.execute(
            "SELECT -SUM(balance) FROM account_move_line WHERE account_id = %s AND parent_state = 'posted'",
            [deposits.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], held)

    def test_analytic_on_every_rent_invoice_and_landlord_bill(self):
        lines = self.rent_documents.filtered(lambda move: move.is_invoice()).invoice_line_ids
        self.assertGreater(len(lines), 300)

        def dwelling_account(line):
            contract = line.move_id.imlr_sublease_id or line.move_id.imlr_lease_id
            return str(contract.dwelling_id.analytic_account_id.id)

        missing = lines.filtered(lambda line: line.analytic_distribution != {dwelling_account(line): 100.0})
        self.assertFalse(missing.move_id.mapped("name"))

    def test_fec_export_runs_and_balances(self):
        wizard = (
            self.env["l10n_fr.fec.export.wizard"]
            .with_company(self.company)
            .create({"date_from": d("2023-01-01"), "date_to": P_TO, "test_file": True})
        )
        content = wizard.generate_fec()["file_content"].decode()
        rows = list(csv.reader(io.StringIO(content), delimiter="|"))
        header, rows = rows[0], rows[1:]
        debit, credit = header.index("Debit"), header.index("Credit")

        def total(column):
            return round(sum(float(row[column].replace(",", ".")) for row in rows), 2)

        self.assertGreater(len(rows), 1000)
        self.assertEqual(total(debit), total(credit))
        self.assertIn("LOY", {row[0] for row in rows})
        self.assertFalse(self.company.fiscalyear_lock_date)  # a test file locks nothing
