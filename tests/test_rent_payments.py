"""Household payments, balance and aged arrears, the impayé rule (rents issue, items 4 and 6)."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user
from odoo.tools import mute_logger

from . import test_rents
from .common import FrenchAccountingCase, d


class TestRentPayments(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector = cls.env["imlr.sector"].create({"name": "Payments sector", "code": "PAY"})
        cls.cash = cls.company_data["default_journal_cash"]
        cls.bank = cls.company_data["default_journal_bank"]
        cls.rent_manager = new_test_user(
            cls.env,
            login="imlr_rent_manager",
            groups="imlr_odoo.group_imlr_rent_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    # ------------------------------------------------------------------ helpers

    def make_sublease(self, name, ref, apl=0.0, rent=450.0, charges=50.0):
        sublease = test_rents.make_sublease(self.env, name, ref, self.sector, "2024-01-01", rent=rent, charges=charges)
        sublease.apl_expected = apl
        return sublease

    def bill(self, date):
        return self.env["imlr.sublease"].with_company(self.company)._imlr_rent_run(d(date))

    def invoices(self, household):
        return self.env["account.move"].search(
            [("partner_id", "=", household.id), ("move_type", "=", "out_invoice")], order="invoice_date_due, id"
        )

    def pay(self, household, amount, date, method="cash", user=None, **values):
        wizard = self.env["imlr.rent.payment.wizard"].with_user(user or self.env.user).with_company(self.company)
        form = Form(wizard.with_context(default_household_id=household.id))
        form.amount = amount
        form.date = d(date)
        form.method = method
        for field, value in values.items():
            setattr(form, field, value)
        return form.save()._register_payment()

    def make_invoice(self, household, amount, invoice_date, due):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": household.id,
                "invoice_date": d(invoice_date),
                "invoice_payment_term_id": False,
                "invoice_date_due": d(due),
                "invoice_line_ids": [Command.create({"name": "Loyer", "price_unit": amount, "tax_ids": []})],
            }
        )
        invoice.action_post()
        return invoice

    def household_at(self, household, date):
        return household.with_context(date=d(date))

    # ------------------------------------------------------------------ office payments

    def test_office_payment_reconciles_oldest_first(self):
        household = self.make_sublease("Office household", "H801").household_id
        self.bill("2024-04-10")
        jan, feb, mar, apr = self.invoices(household)
        # 1200 in cash: January and February in full, 200 of March
        payment = self.pay(household, 1200.0, "2024-03-10", user=self.rent_manager)
        self.assertRecordValues(
            payment,
            [
                {
                    "partner_id": household.id,
                    "payment_type": "inbound",
                    "journal_id": self.cash.id,
                    "amount": 1200.0,
                    "date": d("2024-03-10"),
                }
            ],
        )
        self.assertEqual(payment.move_id.state, "posted")
        self.assertRecordValues(
            jan + feb + mar + apr,
            [
                {"payment_state": "paid", "amount_residual": 0.0},
                {"payment_state": "paid", "amount_residual": 0.0},
                {"payment_state": "partial", "amount_residual": 300.0},
                {"payment_state": "not_paid", "amount_residual": 500.0},
            ],
        )
        # a cheque goes to the bank journal, its number in the memo; 2000 pays March and April, 1500 stays as credit
        cheque = self.pay(household, 2300.0, "2024-04-12", method="cheque", cheque_number="0012345", memo="avril")
        self.assertRecordValues(cheque, [{"journal_id": self.bank.id, "memo": "Cheque no. 0012345 — avril"}])
        self.assertRecordValues(
            mar + apr,
            [{"amount_residual": 0.0, "payment_state": "paid"}, {"amount_residual": 0.0, "payment_state": "paid"}],
        )
        household.invalidate_recordset()
        self.assertRecordValues(
            self.household_at(household, "2024-04-12"), [{"imlr_rent_balance": -1500.0, "imlr_rent_overdue": 0.0}]
        )
        credit = cheque.move_id.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual(credit.amount_residual, -1500.0)

    def test_office_payment_bad_input_writes_nothing(self):
        household = self.make_sublease("Careless household", "H802").household_id
        payments = self.env["account.payment"].search_count([])
        with self.assertRaisesRegex(UserError, "number of the cheque"):
            wizard = self.env["imlr.rent.payment.wizard"].create(
                {"household_id": household.id, "amount": 100.0, "method": "cheque"}
            )
            wizard._register_payment()
        with self.assertRaisesRegex(UserError, "must be positive"):
            self.env["imlr.rent.payment.wizard"].create(
                {"household_id": household.id, "amount": -5.0, "method": "cash"}
            )._register_payment()
        with self.assertRaisesRegex(UserError, "does not fit the payment method"):
            self.env["imlr.rent.payment.wizard"].create(
                {"household_id": household.id, "amount": 5.0, "method": "cash", "journal_id": self.bank.id}
            )._register_payment()
        self.assertEqual(self.env["account.payment"].search_count([]), payments)

    # ------------------------------------------------------------------ bank statement lines

    def test_statement_lines_matched_by_reference_and_partner(self):
        by_ref = self.make_sublease("Reference household", "H803").household_id
        by_partner = self.make_sublease("Partner household", "H804").household_id
        self.bill("2024-02-10")
        suspense = self.bank.suspense_account_id
        lines = self.env["account.bank.statement.line"].create(
            [
                {
                    "journal_id": self.bank.id,
                    "date": d("2024-02-12"),
                    "payment_ref": "VIR SEPA loyer h803 2024-01",
                    "amount": 700.0,
                },
                {
                    "journal_id": self.bank.id,
                    "date": d("2024-02-12"),
                    "payment_ref": "VIREMENT MME X",
                    "partner_id": by_partner.id,
                    "amount": 300.0,
                },
                {
                    "journal_id": self.bank.id,
                    "date": d("2024-02-12"),
                    "payment_ref": "REMISE INCONNUE",
                    "amount": 100.0,
                },
                {
                    "journal_id": self.bank.id,
                    "date": d("2024-02-12"),
                    "payment_ref": "FRAIS LOYER H803",
                    "amount": -12.0,
                },
            ]
        )
        ref_line, _partner_line, unknown_line, fee_line = lines
        action = lines.with_user(self.rent_manager).action_imlr_match_rent_payments()
        self.assertIn("2 rent payments matched", action["params"]["message"])
        self.assertIn("REMISE INCONNUE", action["params"]["message"])
        matched, unmatched = lines._imlr_match_rent_payments()  # twice: nothing more to do
        self.assertFalse(matched)
        self.assertEqual(unmatched, lines)
        # by reference: the line gets the household, its counterpart the receivable; January paid, 200 of February
        self.assertEqual(ref_line.partner_id, by_ref)
        counterpart = ref_line.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertRecordValues(counterpart, [{"partner_id": by_ref.id, "credit": 700.0, "reconciled": True}])
        self.assertEqual(counterpart.account_id.code, "411100")
        self.assertRecordValues(
            self.invoices(by_ref),
            [{"payment_state": "paid", "amount_residual": 0.0}, {"payment_state": "partial", "amount_residual": 300.0}],
        )
        self.assertTrue(ref_line.is_reconciled)
        # by partner: 300 of January
        self.assertRecordValues(
            self.invoices(by_partner),
            [
                {"payment_state": "partial", "amount_residual": 200.0},
                {"payment_state": "not_paid", "amount_residual": 500.0},
            ],
        )
        # the others are left alone: still in the suspense account, no partner
        for st_line in unknown_line + fee_line:
            self.assertFalse(st_line.partner_id)
            self.assertFalse(st_line.is_reconciled)
            self.assertEqual(st_line._seek_for_lines()[1].account_id, suspense)

    # ------------------------------------------------------------------ balance and aged arrears

    def test_aged_buckets_at_a_date(self):
        household = self.env["res.partner"].create({"name": "Aged household", "is_household": True})
        # at 2024-06-30: due that day (not late), then 1, 30, 31, 60, 61, 90, 91 days late, and due in 5 days
        for amount, due in (
            (1, "2024-06-30"),
            (2, "2024-06-29"),
            (4, "2024-05-31"),
            (8, "2024-05-30"),
            (16, "2024-05-01"),
            (32, "2024-04-30"),
            (64, "2024-04-01"),
            (128, "2024-03-31"),
            (256, "2024-07-05"),
        ):
            self.make_invoice(household, amount, min(due, "2024-06-30"), due)
        self.assertRecordValues(
            self.household_at(household, "2024-06-30"),
            [
                {
                    "imlr_rent_balance": 511.0,
                    "imlr_rent_overdue": 254.0,
                    "imlr_arrears_0_30": 6.0,
                    "imlr_arrears_31_60": 24.0,
                    "imlr_arrears_61_90": 96.0,
                    "imlr_arrears_over_90": 128.0,
                    "imlr_is_impaye": False,
                }
            ],
        )
        # 130 paid the day before: the 128 over 90 days, then 2 of the 64
        self.pay(household, 130.0, "2024-06-29")
        household.invalidate_recordset()
        expected = {
            "balance": 381.0,
            "overdue": 124.0,
            "arrears_0_30": 6.0,
            "arrears_31_60": 24.0,
            "arrears_61_90": 94.0,
            "arrears_over_90": 0.0,
        }
        self.assertRecordValues(
            self.household_at(household, "2024-06-30"),
            [
                {
                    f"imlr_{key}" if key.startswith("arrears") else f"imlr_rent_{key}": value
                    for key, value in expected.items()
                }
            ],
        )
        # the filterable list says the same
        rows = (
            self.env["imlr.household.arrears"]
            .with_context(date=d("2024-06-30"))
            .search([("household_id", "=", household.id)])
        )
        self.assertRecordValues(rows, [{**expected, "is_impaye": False}])
        # two days earlier: the invoices of 29 and 30 June not issued yet, every other one two days younger
        self.assertRecordValues(
            self.household_at(household, "2024-06-28"),
            [
                {
                    "imlr_rent_balance": 252.0,
                    "imlr_rent_overdue": 252.0,
                    "imlr_arrears_0_30": 12.0,
                    "imlr_arrears_31_60": 48.0,
                    "imlr_arrears_61_90": 192.0,
                    "imlr_arrears_over_90": 0.0,
                }
            ],
        )
        self.assertEqual(self.household_at(household, "2024-03-30").imlr_rent_balance, 0.0)
        # the "> 90 days" filter: nothing at 30 June; on 1 July the 62 left of 1 April are 91 days late, 1 May 61
        over_90 = [("household_id", "=", household.id), ("arrears_over_90", ">", 0)]
        arrears = self.env["imlr.household.arrears"]
        self.assertFalse(arrears.with_context(date=d("2024-06-30")).search(over_90))
        arrears.invalidate_model()  # the rows read at another date are in the cache under the same ids
        self.assertRecordValues(
            arrears.with_context(date=d("2024-07-01")).search(over_90),
            [{"household_id": household.id, "arrears_61_90": 16.0 + 32.0, "arrears_over_90": 62.0}],
        )

    # ------------------------------------------------------------------ the impayé rule

    def test_impaye_rule(self):
        # tiers payant: rent 450 + charges 50 − APL 200 = 300 a month for the household; the threshold is 600.
        # The APL of a month is the CAF's to pay until the end of the next month (it pays nothing here).
        under = self.make_sublease("Under household", "H811", apl=200.0).household_id
        exact = self.make_sublease("Exact household", "H812", apl=200.0).household_id
        no_apl = self.make_sublease("No APL household", "H813").household_id
        self.bill("2024-03-10")
        # January's share (due 5 Jan) and February's (due 5 Feb) unpaid: 600 overdue from 6 February
        self.pay(under, 0.01, "2024-01-10")
        households = under + exact + no_apl
        self.assertRecordValues(
            households.with_context(date=d("2024-02-20")),
            [
                {
                    "imlr_rent_overdue": 599.99,
                    "imlr_rent_monthly_share": 300.0,
                    "imlr_impaye_threshold": 600.0,
                    "imlr_is_impaye": False,
                    "imlr_impaye_date": False,
                    "imlr_impaye_deadline": False,
                },
                {
                    "imlr_rent_overdue": 600.0,
                    "imlr_rent_monthly_share": 300.0,
                    "imlr_impaye_threshold": 600.0,
                    "imlr_is_impaye": True,
                    "imlr_impaye_date": d("2024-02-06"),  # 600 on 6 February, never under since
                    "imlr_impaye_deadline": d("2024-04-06"),
                },
                {
                    "imlr_rent_overdue": 1000.0,
                    "imlr_rent_monthly_share": 0.0,
                    "imlr_impaye_threshold": 0.0,
                    "imlr_is_impaye": False,  # no tiers payant: no report to the CAF
                    "imlr_impaye_date": False,
                    "imlr_impaye_deadline": False,
                },
            ],
        )
        # the day before, February's share was not overdue yet
        self.assertFalse(exact.with_context(date=d("2024-02-05")).imlr_is_impaye)
        # January's APL, not paid by the CAF by 29 February, is the household's to pay from 1 March: the
        # household under the threshold crosses it then
        self.assertRecordValues(
            under.with_context(date=d("2024-03-01")),
            [
                {
                    "imlr_rent_overdue": 799.99,
                    "imlr_is_impaye": True,
                    "imlr_impaye_date": d("2024-03-01"),
                    "imlr_impaye_deadline": d("2024-05-01"),
                }
            ],
        )
        # filterable: on the households and on the arrears list
        Partner = self.env["res.partner"]
        domain = [("id", "in", households.ids)]
        self.assertEqual(
            Partner.with_context(date=d("2024-02-20")).search([*domain, ("imlr_is_impaye", "=", True)]), exact
        )
        self.assertEqual(
            Partner.with_context(date=d("2024-02-20")).search([*domain, ("imlr_is_impaye", "=", False)]), under + no_apl
        )
        self.assertEqual(
            Partner.with_context(date=d("2024-03-01")).search([*domain, ("imlr_is_impaye", "!=", False)]), under + exact
        )
        arrears = self.env["imlr.household.arrears"].with_context(date=d("2024-02-20"))
        self.assertRecordValues(
            arrears.search([("household_id", "in", households.ids), ("is_impaye", "=", True)]),
            [
                {
                    "household_id": exact.id,
                    "impaye_date": d("2024-02-06"),
                    "impaye_deadline": d("2024-04-06"),
                    "sector_id": self.sector.id,
                }
            ],
        )
        # the daily activity for the rent manager, once, due on the deadline
        cron = self.env["res.partner"].sudo().with_context(date=d("2024-02-20"))._cron_imlr_impaye_activities
        activities = cron().filtered(lambda activity: activity.res_id in households.ids)
        self.assertRecordValues(
            activities,
            [
                {
                    "res_id": exact.id,
                    "activity_type_id": self.env.ref("imlr_odoo.mail_activity_type_impaye").id,
                    "date_deadline": d("2024-04-06"),
                }
            ],
        )
        self.assertFalse(cron().filtered(lambda activity: activity.res_id in households.ids))
        # it goes to the company's rent manager, not to the administrator
        self.assertEqual(activities.user_id, self.rent_manager)
        # only a rent manager records the report (the banner's button)
        social_worker = new_test_user(
            self.env,
            login="imlr_impaye_social_worker",
            groups="imlr_odoo.group_imlr_social_worker",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            exact.with_user(social_worker).action_imlr_impaye_reported()
        self.assertFalse(self.env["imlr.impaye.report"].search([("household_id", "=", exact.id)]))
        # marked done: the report to the CAF is recorded, dated, and the reminder does not come back
        activities.with_user(self.rent_manager).with_context(date=d("2024-02-20")).action_feedback("Sent to the CAF")
        report = self.env["imlr.impaye.report"].search([("household_id", "=", exact.id)])
        self.assertRecordValues(
            report,
            [{"impaye_date": d("2024-02-06"), "date_reported": d("2024-02-20"), "user_id": self.rent_manager.id}],
        )
        self.assertEqual(exact.with_context(date=d("2024-02-20")).imlr_impaye_reported_date, d("2024-02-20"))
        self.assertFalse(cron().filtered(lambda activity: activity.res_id in households.ids))
        self.assertFalse(
            self.env["res.partner"]
            .sudo()
            .with_context(date=d("2024-02-25"))
            ._cron_imlr_impaye_activities()
            .filtered(lambda activity: activity.res_id in households.ids)
        )
        # paying back under the threshold clears it
        self.pay(exact, 0.01, "2024-02-21")
        self.assertFalse(exact.with_context(date=d("2024-02-21")).imlr_is_impaye)

    def test_impaye_rule_settings(self):
        """The threshold and the delay are the company's settings, named once (the CAF's 2 and 2 months)."""
        household = self.make_sublease("Settings household", "H814", apl=200.0).household_id
        self.bill("2024-03-10")
        self.pay(household, 0.01, "2024-01-10")  # 599.99 overdue on 20 February: under twice 300
        self.assertRecordValues(self.company, [{"imlr_impaye_factor": 2, "imlr_impaye_delay_months": 2}])
        self.assertFalse(household.with_context(date=d("2024-02-20")).imlr_is_impaye)
        self.company.write({"imlr_impaye_factor": 1, "imlr_impaye_delay_months": 1})
        self.assertRecordValues(
            household.with_context(date=d("2024-02-21")),
            [
                {
                    "imlr_impaye_threshold": 300.0,
                    "imlr_is_impaye": True,
                    "imlr_impaye_date": d("2024-02-06"),  # 299.99 on 6 January, 599.99 on 6 February
                    "imlr_impaye_deadline": d("2024-03-06"),
                }
            ],
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.company.imlr_impaye_factor = 0
            self.company.flush_recordset()

    def test_apl_paid_early_never_hides_the_household_debt(self):
        """The CAF's APL pays the APL part of the invoices; an advance of it does not pay the household's share."""
        household = self.make_sublease("Early APL household", "H814", apl=200.0).household_id
        self.bill("2024-03-10")
        statement = self.env["imlr.caf.statement"].create(
            {
                "date_month": d("2024-01-01"),
                "date_payment": d("2024-02-06"),
                "line_ids": [
                    Command.create({"household_id": household.id, "date_month": d(month), "amount": 200.0})
                    for month in ("2024-01-01", "2024-02-01")
                ],
            }
        )
        statement.line_ids.filtered(lambda line: line.check_result != "ok").decision = "accept"
        statement.action_post()
        # on 20 February: the January and February shares (2 × 300) are overdue, whatever the CAF paid
        self.assertRecordValues(
            household.with_context(date=d("2024-02-20")),
            [{"imlr_rent_overdue": 600.0, "imlr_is_impaye": True, "imlr_impaye_date": d("2024-02-06")}],
        )

    # ------------------------------------------------------------------ views

    def test_views_load(self):
        household = self.make_sublease("View household", "H820").household_id
        form = self.env["res.partner"].get_views([(self.env.ref("imlr_odoo.imlr_household_view_form").id, "form")])
        arch = form["views"]["form"]["arch"]
        for name in ("action_imlr_register_payment", "imlr_arrears_over_90", "imlr_is_impaye", "imlr_impaye_deadline"):
            self.assertIn(name, arch)
        action = self.env.ref("imlr_odoo.imlr_household_arrears_action")
        views = self.env["imlr.household.arrears"].get_views([(False, "list"), (False, "pivot"), (False, "search")])
        self.assertEqual(set(views["views"]), {"list", "pivot", "search"})
        self.assertEqual(action.res_model, "imlr.household.arrears")
        opened = household.action_imlr_register_payment()
        self.assertEqual(opened["context"], {"default_household_id": household.id})
        self.bill("2024-02-10")
        invoices = self.env["account.move"].search(household.action_imlr_open_rent_invoices()["domain"])
        self.assertEqual(len(invoices), 2)
        self.assertEqual(household.imlr_rent_invoice_count, 2)
