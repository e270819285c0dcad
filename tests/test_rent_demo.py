"""The demo database's year of rents (DOMAIN §4 period 2023-11-01 – 2024-10-31), as the rents issue asks."""

from odoo.tests.common import TransactionCase

from .common import d

P_TO = d("2024-10-31")


class TestRentDemo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.stays = {stay.reference: stay for stay in cls.env["imlr.stay"].search([("reference", "!=", False)])}
        cls.Move = cls.env["account.move"].with_company(cls.company)

    def household(self, reference):
        return self.stays[reference].household_id.with_context(date=P_TO)

    def test_generators_are_no_models(self):
        """The demo's generators are plain code under demo/ that the demo data runs: no model of any database."""
        self.assertNotIn("imlr.rent.demo", self.env)
        self.assertNotIn("imlr.support.demo", self.env)
        with self.assertRaisesRegex(ValueError, "unknown demo generator"):
            self.env["res.company"]._imlr_load_demo("imlr_import")

    def test_a_year_of_rents(self):
        invoices = self.Move.search([("imlr_sublease_id", "!=", False), ("move_type", "=", "out_invoice")])
        months = sorted(set(invoices.mapped("imlr_period_start")))
        self.assertEqual((months[0], months[-1], len(months)), (d("2023-11-01"), d("2024-10-01"), 12))
        self.assertTrue(all(invoice.state == "posted" for invoice in invoices))
        # every sublease covering a day of a month of the period has that month billed, once
        for month in months:
            subleases = self.env["imlr.sublease"].search(
                [("date_start", "<=", month.replace(day=28)), "|", ("date_end", "=", False), ("date_end", ">=", month)]
            )
            billed = invoices.filtered(lambda invoice, m=month: invoice.imlr_period_start == m).imlr_sublease_id
            self.assertEqual(billed, subleases, month)
        # 17 households present on 31 October 2024: 17 invoices for October
        self.assertEqual(len(invoices.filtered(lambda invoice: invoice.imlr_period_start == d("2024-10-01"))), 17)

    def test_apl_statements_posted_and_paid(self):
        statements = self.env["imlr.caf.statement"].search([])
        self.assertEqual(len(statements), 12)  # November 2023 to October 2024 (paid on the 5th of the next month)
        self.assertEqual(set(statements.mapped("state")), {"posted"})
        self.assertEqual(statements.mapped("mismatch_count"), [0] * 12)
        self.assertEqual(max(statements.mapped("date_payment")), d("2024-11-05"))
        # each statement's CAF line is matched by the CAF's transfer
        caf_lines = statements.move_id.line_ids.filtered(lambda line: line.partner_id == statements.caf_partner_id)
        self.assertEqual(len(caf_lines), 12)
        self.assertTrue(all(caf_lines.mapped("reconciled")))

    def test_only_the_households_of_the_stories_owe_anything(self):
        present = self.env["imlr.stay"].search(self.env["imlr.stay"]._domain_present_at(P_TO))
        debtors = present.household_id.with_context(date=P_TO).filtered(lambda h: h.imlr_rent_overdue > 0)
        self.assertEqual(debtors, self.household("S019") + self.household("S022"))
        # S019 stopped paying in March 2024 (eviction procedure since June): 8 months of its share (97 €)
        evicted = self.household("S019")
        self.assertRecordValues(
            evicted,
            [{"imlr_rent_overdue": 776.0, "imlr_rent_monthly_share": 97.0, "imlr_is_impaye": True,
              "imlr_impaye_date": d("2024-04-06"), "imlr_impaye_deadline": d("2024-06-06")}],
        )  # fmt: skip
        self.assertTrue(self.stays["S019"]._in_eviction_at(P_TO))
        # October's APL is still to come from the CAF: in the balance, not overdue
        self.assertEqual(evicted.imlr_rent_balance, 776.0 + 199.0)

    def test_one_active_repayment_plan(self):
        plan = self.env["imlr.repayment.plan"].with_context(date=P_TO).search([])
        self.assertRecordValues(
            plan,
            [{"household_id": self.household("S022").id, "state": "active", "debt": 696.0, "amount_repaid": 609.0,
              "is_late": False}],
        )  # fmt: skip
        self.assertEqual(plan.instalment_ids.mapped("state"), ["paid"] * 7 + ["to_come"])

    def test_the_books_balance(self):
        self.env.cr.execute(
            "SELECT SUM(debit) - SUM(credit), COUNT(*) FROM account_move_line WHERE parent_state = 'posted'"
        )
        difference, count = self.env.cr.fetchone()
        self.assertEqual(difference, 0)
        self.assertGreater(count, 1000)
        bills = self.Move.search([("imlr_lease_id", "!=", False), ("move_type", "=", "in_invoice")])
        self.assertEqual(sorted(set(bills.mapped("imlr_period_start")))[0], d("2023-11-01"))

    def test_every_apl_pays_its_own_month(self):
        """Every CAF statement's item is matched with the rent invoice of the month it pays."""
        apl_items = self.env["account.move.line"].search(
            [("move_id.imlr_caf_statement_id", "!=", False), ("imlr_rent_month", "!=", False), ("balance", "<", 0)]
        )
        partials = apl_items.matched_debit_ids
        self.assertGreater(len(partials), 150)
        wrong = partials.filtered(
            lambda partial: partial.debit_move_id.move_id.imlr_period_start != partial.credit_move_id.imlr_rent_month
        )
        self.assertFalse(wrong.mapped(lambda partial: partial.debit_move_id.move_id.name))
        self.assertTrue(all(partials.debit_move_id.mapped(lambda line: line.imlr_rent_part == "caf")))

    def test_arrears_are_the_open_items(self):
        """For every household, at the end of the period and today: overdue ≤ balance (when it owes), the
        buckets add up to the overdue amount, an impayé only at the threshold."""
        households = self.env["res.partner"].search([("is_household", "=", True)])
        for date in (P_TO, d("2024-03-31"), None):
            for household in households.with_context(date=date) if date else households:
                overdue = household.imlr_rent_overdue
                self.assertLessEqual(overdue, max(household.imlr_rent_balance, 0.0) + 0.001, household.name)
                buckets = sum(
                    household[name]
                    for name in (
                        "imlr_arrears_0_30",
                        "imlr_arrears_31_60",
                        "imlr_arrears_61_90",
                        "imlr_arrears_over_90",
                    )
                )
                self.assertAlmostEqual(buckets, overdue, places=2, msg=household.name)
                if household.imlr_is_impaye:
                    self.assertGreaterEqual(overdue, household.imlr_impaye_threshold, household.name)
