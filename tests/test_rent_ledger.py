"""The rent ledger by month: two receivable items per rent invoice, the APL matched with its own month,
arrears read from the open items, quittances and repayment plans that say which month was paid."""

from odoo import Command
from odoo.tests import Form

from .common import FrenchAccountingCase, d
from .test_rents import make_sublease


class TestRentLedger(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector = cls.env["imlr.sector"].create({"name": "Ledger sector", "code": "LEDG"})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        cls.Sublease = cls.env["imlr.sublease"].with_company(cls.company)

    # ------------------------------------------------------------------ helpers

    def make_household(self, name, ref, start, *, rent, charges, apl):
        sublease = make_sublease(self.env, name, ref, self.sector, start, rent=rent, charges=charges)
        sublease.apl_expected = apl
        sublease.household_id.imlr_caf_number = f"9{ref[1:]:0>6}"
        return sublease

    def bill(self, date):
        return self.Sublease._imlr_rent_run(d(date))

    def invoice(self, sublease, month):
        return self.env["account.move"].search(
            [
                ("imlr_sublease_id", "=", sublease.id),
                ("imlr_period_start", "=", d(month)),
                ("move_type", "=", "out_invoice"),
            ]
        )

    def items(self, invoice):
        """The receivable items of ``invoice``: household share first, then the CAF part."""
        return invoice.line_ids.filtered(lambda line: line.display_type == "payment_term").sorted("date_maturity")

    def caf_statement(self, paid_on, lines, decisions=None):
        """Post a CAF statement paid on ``paid_on``; ``lines``: [(sublease, month, amount)]."""
        statement = self.env["imlr.caf.statement"].create(
            {
                "date_month": d(lines[0][1]),
                "date_payment": d(paid_on),
                "line_ids": [
                    Command.create(
                        {
                            "caf_number": sublease.household_id.imlr_caf_number,
                            "date_month": d(month),
                            "amount": amount,
                            "decision": (decisions or {}).get(index),
                        }
                    )
                    for index, (sublease, month, amount) in enumerate(lines)
                ],
            }
        )
        statement.action_post()
        return statement

    def pay(self, sublease, amount, date, month=None):
        wizard = Form(self.env["imlr.rent.payment.wizard"].with_context(default_household_id=sublease.household_id.id))
        wizard.amount = amount
        wizard.date = d(date)
        wizard.method = "transfer"
        if month:
            wizard.rent_month = d(month)
        return wizard.save()._register_payment()

    def arrears(self, sublease, date=None):
        household = sublease.household_id
        return household.with_context(date=d(date)) if date else household

    def assert_arrears_are_open_items(self, sublease):
        """Today: balance, overdue and buckets are those of Odoo's open items, overdue ≤ balance."""
        household = sublease.household_id
        self.env.invalidate_all()
        open_items = self.env["account.move.line"].search(
            [
                ("partner_id", "=", household.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ]
        )
        today = d("2026-12-05")
        overdue = sum(
            open_items.filtered(lambda line: line.amount_residual > 0 and line.date_maturity < today).mapped(
                "amount_residual"
            )
        )
        household = household.with_context(date=today)
        self.assertAlmostEqual(household.imlr_rent_balance, sum(open_items.mapped("amount_residual")), places=2)
        if not open_items.filtered(lambda line: line.amount_residual < 0):
            self.assertAlmostEqual(household.imlr_rent_overdue, overdue, places=2)
        self.assertLessEqual(household.imlr_rent_overdue, max(household.imlr_rent_balance, 0.0) + 0.001)
        buckets = (
            household.imlr_arrears_0_30
            + household.imlr_arrears_31_60
            + household.imlr_arrears_61_90
            + household.imlr_arrears_over_90
        )
        self.assertAlmostEqual(buckets, household.imlr_rent_overdue, places=2)

    # ------------------------------------------------------------------ two items

    def test_rent_invoice_has_household_share_and_caf_part(self):
        with_apl = self.make_household("Ledger Alpha", "H701", "2024-01-01", rent=450.0, charges=50.0, apl=300.0)
        without_apl = self.make_household("Ledger Bravo", "H702", "2024-01-01", rent=400.0, charges=0.0, apl=0.0)
        entering = self.make_household("Ledger Charlie", "H703", "2024-01-12", rent=450.0, charges=50.0, apl=300.0)
        with_apl.household_id.lang = "fr_FR"  # its documents and items in French
        self.bill("2024-01-10")
        invoice = self.invoice(with_apl, "2024-01-01")
        self.assertEqual(invoice.invoice_date_due, d("2024-01-05"))
        self.assertRecordValues(
            self.items(invoice),
            [
                {"imlr_rent_part": "household", "balance": 200.0, "date_maturity": d("2024-01-05")},
                {"imlr_rent_part": "caf", "balance": 300.0, "date_maturity": d("2024-02-29")},
            ],
        )
        self.assertEqual(self.items(invoice).mapped("name"), ["Part du ménage", "APL attendue de la CAF"])
        self.assertRecordValues(
            self.items(self.invoice(without_apl, "2024-01-01")),
            [{"imlr_rent_part": "household", "balance": 400.0, "date_maturity": d("2024-01-05")}],
        )
        # the month of entry expects no APL (never pro rata): one item, 20/31 of 500
        self.assertRecordValues(
            self.items(self.invoice(entering, "2024-01-01")),
            [{"imlr_rent_part": "household", "balance": 322.58, "date_maturity": d("2024-01-12")}],
        )

    # ------------------------------------------------------------------ KIDANE: stops paying in March

    def test_apl_pays_its_own_month_when_household_stops_paying(self):
        kidane = self.make_household("KIDANE Yonas", "H711", "2024-01-01", rent=480.0, charges=15.0, apl=199.0)
        self.bill("2024-06-10")
        for month, paid_on in (
            ("2024-01-01", "2024-02-05"),
            ("2024-02-01", "2024-03-05"),
            ("2024-03-01", "2024-04-05"),
            ("2024-04-01", "2024-05-05"),
            ("2024-05-01", "2024-06-05"),
        ):
            self.caf_statement(paid_on, [(kidane, month, 199.0)])
        self.pay(kidane, 296.0, "2024-01-08", month="2024-01-01")
        self.pay(kidane, 296.0, "2024-02-08", month="2024-02-01")
        # every month's APL is on its own invoice; the household shares from March on are unpaid
        for month in ("2024-03-01", "2024-04-01", "2024-05-01"):
            invoice = self.invoice(kidane, month)
            self.assertRecordValues(self.items(invoice), [{"amount_residual": 296.0}, {"amount_residual": 0.0}])
            details = invoice._imlr_payment_details()[invoice.id]
            self.assertEqual([(item["kind"], item["amount"]) for item in details], [("apl", 199.0)])
        june = self.invoice(kidane, "2024-06-01")
        self.assertRecordValues(self.items(june), [{"amount_residual": 296.0}, {"amount_residual": 199.0}])
        # February is paid: its quittance says what the CAF and the household paid for February
        february = self.invoice(kidane, "2024-02-01")
        values = february._imlr_rent_document_values()[february.id]
        self.assertEqual((values["paid_apl"], values["paid_household"]), (199.0, 296.0))
        self.assertEqual(february._imlr_receipt_report(), self.env.ref("imlr_odoo.imlr_rent_quittance_report_action"))
        # March: a reçu of the APL received, not a quittance
        march = self.invoice(kidane, "2024-03-01")
        self.assertEqual(march._imlr_receipt_report(), self.env.ref("imlr_odoo.imlr_rent_receipt_report_action"))
        self.assertEqual(march._imlr_rent_document_values()[march.id]["paid_apl"], 199.0)
        # on 15 June: four household shares overdue (ageing by due date), June's APL not yet due
        household = self.arrears(kidane, "2024-06-15")
        self.assertRecordValues(
            household,
            [
                {
                    "imlr_rent_balance": 1383.0,
                    "imlr_rent_overdue": 1184.0,
                    "imlr_arrears_0_30": 296.0,
                    "imlr_arrears_31_60": 296.0,
                    "imlr_arrears_61_90": 296.0,
                    "imlr_arrears_over_90": 296.0,
                    "imlr_impaye_threshold": 592.0,
                    "imlr_is_impaye": True,
                    "imlr_impaye_date": d("2024-04-06"),
                    "imlr_impaye_deadline": d("2024-06-06"),
                }
            ],
        )
        # on 1 April only March's share is overdue: not an impayé yet
        self.assertRecordValues(
            self.arrears(kidane, "2024-04-01"),
            [{"imlr_rent_overdue": 296.0, "imlr_is_impaye": False}],
        )
        self.assert_arrears_are_open_items(kidane)

    # ------------------------------------------------------------------ NOORI: the CAF pays late

    def test_household_paying_the_whole_rent_is_paid_and_late_apl_becomes_an_advance(self):
        noori = self.make_household("NOORI Farid", "H721", "2024-11-01", rent=520.0, charges=48.0, apl=180.0)
        self.bill("2024-12-10")
        november, december = self.invoice(noori, "2024-11-01"), self.invoice(noori, "2024-12-01")
        # the CAF pays nothing for November (its statement of early December leaves NOORI out); once the APL
        # is overdue, the household pays the whole 568 € of November
        self.pay(noori, 568.0, "2025-01-03", month="2024-11-01")
        self.assertRecordValues(november, [{"payment_state": "paid", "amount_residual": 0.0}])
        # December's share is overdue (388 €), under the threshold of two months' shares: not flagged
        self.assertRecordValues(
            self.arrears(noori, "2025-01-04"),
            [{"imlr_rent_balance": 568.0, "imlr_rent_overdue": 388.0, "imlr_is_impaye": False}],
        )
        # the CAF's November APL comes on 6 January: November is paid, so it pays December's household share
        self.caf_statement("2025-01-06", [(noori, "2024-11-01", 180.0)])
        self.assertRecordValues(self.items(december), [{"amount_residual": 208.0}, {"amount_residual": 180.0}])
        values = november._imlr_rent_document_values()[november.id]
        self.assertEqual((values["paid_apl"], values["paid_household"]), (0.0, 568.0))
        self.assertFalse(self.arrears(noori, "2025-01-10").imlr_is_impaye)
        self.assert_arrears_are_open_items(noori)

    def test_payment_for_a_month_pays_its_share_and_the_rest_goes_to_the_oldest_debts(self):
        sublease = self.make_household("Ledger Plan", "H722", "2024-01-01", rent=450.0, charges=50.0, apl=300.0)
        self.bill("2024-03-10")
        # 300 for March: March's share (200); the 100 left pay January's share, not March's CAF part (not due)
        self.pay(sublease, 300.0, "2024-03-08", month="2024-03-01")
        january, march = self.invoice(sublease, "2024-01-01"), self.invoice(sublease, "2024-03-01")
        self.assertRecordValues(self.items(march), [{"amount_residual": 0.0}, {"amount_residual": 300.0}])
        self.assertRecordValues(self.items(january), [{"amount_residual": 100.0}, {"amount_residual": 300.0}])

    # ------------------------------------------------------------------ early APL, advances

    def test_apl_before_its_invoice_waits_for_it(self):
        sublease = self.make_household("Ledger Early", "H731", "2024-01-01", rent=450.0, charges=50.0, apl=300.0)
        self.bill("2024-01-10")
        statement = self.caf_statement("2024-01-25", [(sublease, "2024-02-01", 300.0)])
        apl = statement.line_ids.move_line_id
        self.assertRecordValues(apl, [{"imlr_rent_month": d("2024-02-01"), "amount_residual": -300.0}])
        self.assertRecordValues(self.items(self.invoice(sublease, "2024-01-01"))[1], [{"amount_residual": 300.0}])
        self.bill("2024-02-10")
        february = self.invoice(sublease, "2024-02-01")
        self.assertRecordValues(self.items(february), [{"amount_residual": 200.0}, {"amount_residual": 0.0}])
        self.assertTrue(apl.reconciled)

    def test_overpayment_is_carried_to_the_next_invoices(self):
        sublease = self.make_household("Ledger Advance", "H741", "2024-01-01", rent=400.0, charges=0.0, apl=0.0)
        self.bill("2024-01-10")
        payment = self.pay(sublease, 1000.0, "2024-01-08", month="2024-01-01")
        credit = payment.move_id.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual(credit.amount_residual, -600.0)
        self.bill("2024-02-10")
        self.assertRecordValues(self.invoice(sublease, "2024-02-01"), [{"payment_state": "paid"}])
        self.bill("2024-03-10")
        self.assertRecordValues(
            self.invoice(sublease, "2024-03-01"), [{"payment_state": "partial", "amount_residual": 200.0}]
        )
        self.assertTrue(credit.reconciled)
        self.assert_arrears_are_open_items(sublease)

    def test_household_money_pays_household_shares_then_the_caf_parts_due(self):
        sublease = self.make_household("Ledger Order", "H751", "2024-01-01", rent=450.0, charges=50.0, apl=300.0)
        self.bill("2024-03-10")
        january, february, march = (self.invoice(sublease, f"2024-0{month}-01") for month in (1, 2, 3))
        # no month named: the three shares, then January's CAF part (due 29 February, the CAF has not paid);
        # February's is not due yet: 100 € stay as an advance
        payment = self.pay(sublease, 1000.0, "2024-03-08")
        self.assertRecordValues(self.items(january), [{"amount_residual": 0.0}, {"amount_residual": 0.0}])
        self.assertRecordValues(self.items(february), [{"amount_residual": 0.0}, {"amount_residual": 300.0}])
        self.assertRecordValues(self.items(march), [{"amount_residual": 0.0}, {"amount_residual": 300.0}])
        credit = payment.move_id.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        self.assertEqual(credit.amount_residual, -100.0)
        # the arrears set the advance against the oldest items: nothing overdue on 8 March
        self.assertRecordValues(
            self.arrears(sublease, "2024-03-08"), [{"imlr_rent_balance": 500.0, "imlr_rent_overdue": 0.0}]
        )

    def test_receipt_needs_a_payment(self):
        sublease = self.make_household("Ledger Unpaid", "H761", "2024-01-01", rent=400.0, charges=0.0, apl=0.0)
        self.bill("2024-01-10")
        january = self.invoice(sublease, "2024-01-01")
        with self.assertRaisesRegex(Exception, "Nothing has been paid yet"):
            january._imlr_receipt_report()

    # ------------------------------------------------------------------ rappel and indus

    def test_rappel_tops_up_its_month_and_indus_reopens_it(self):
        sublease = self.make_household("Ledger Rappel", "H771", "2024-01-01", rent=450.0, charges=50.0, apl=300.0)
        self.bill("2024-03-10")
        january, february, march = (self.invoice(sublease, f"2024-0{month}-01") for month in (1, 2, 3))
        self.caf_statement("2024-02-05", [(sublease, "2024-01-01", 300.0)])
        # the CAF pays 250 for February (amount differs: accepted)
        self.caf_statement("2024-03-05", [(sublease, "2024-02-01", 250.0)], decisions={0: "accept"})
        self.assertRecordValues(self.items(february), [{"amount_residual": 200.0}, {"amount_residual": 50.0}])
        # March's statement: March, a rappel of 50 for February, an indus of January's 300
        statement = self.caf_statement(
            "2024-04-05",
            [(sublease, "2024-03-01", 300.0), (sublease, "2024-02-01", 50.0), (sublease, "2024-01-01", -300.0)],
            decisions={1: "accept"},
        )
        self.assertEqual(statement.line_ids.mapped("posted_as"), ["regular", "rappel", "indus"])
        self.assertRecordValues(self.items(march), [{"amount_residual": 200.0}, {"amount_residual": 0.0}])
        self.assertRecordValues(self.items(february), [{"amount_residual": 200.0}, {"amount_residual": 0.0}])
        # January is open again for the APL taken back; the indus is settled by January's APL
        self.assertRecordValues(self.items(january), [{"amount_residual": 200.0}, {"amount_residual": 300.0}])
        indus = statement.line_ids[2].move_line_id
        self.assertRecordValues(indus, [{"imlr_rent_month": d("2024-01-01"), "balance": 300.0, "reconciled": True}])
        self.assert_arrears_are_open_items(sublease)

    # ------------------------------------------------------------------ HADDAD's repayment plan

    def test_repayment_plan_lists_the_unpaid_months(self):
        haddad = self.make_household("HADDAD Samira", "H781", "2023-11-01", rent=450.0, charges=50.0, apl=326.0)
        self.bill("2024-03-10")
        for month, paid_on in (
            ("2023-11-01", "2023-12-05"),
            ("2023-12-01", "2024-01-05"),
            ("2024-01-01", "2024-02-05"),
            ("2024-02-01", "2024-03-05"),
        ):
            self.caf_statement(paid_on, [(haddad, month, 326.0)])
        # nothing paid from November to February; March's share is paid on time
        self.pay(haddad, 174.0, "2024-03-08", month="2024-03-01")
        wizard = (
            self.env["imlr.repayment.plan.wizard"]
            .with_context(date=d("2024-03-20"))
            .create(
                {
                    "household_id": haddad.household_id.id,
                    "date_start": d("2024-03-20"),
                    "date_first_due": d("2024-04-10"),
                    "split_mode": "count",
                    "instalment_count": 8,
                }
            )
        )
        self.assertEqual(wizard.overdue_amount, 696.0)
        plan = self.env["imlr.repayment.plan"].browse(wizard.action_create_plan()["res_id"])
        self.assertEqual(plan.debt, 696.0)
        self.assertRecordValues(
            plan.debt_ids,
            [
                {"period_start": d(month), "part": "household", "amount": 174.0}
                for month in ("2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01")
            ],
        )

    # ------------------------------------------------------------------ corrections

    def test_an_exit_moved_into_a_billed_month_corrects_it(self):
        diallo = self.make_household("DIALLO Mamadou", "H791", "2024-10-01", rent=465.0, charges=0.0, apl=0.0)
        self.bill("2024-10-10")
        self.pay(diallo, 465.0, "2024-10-05", month="2024-10-01")
        # he leaves on 15 October: the sublease's last day is the 14th; October is corrected at once
        diallo.date_end = d("2024-10-14")
        moves = self.env["account.move"].search([("imlr_sublease_id", "=", diallo.id)], order="id")
        self.assertRecordValues(
            moves,
            [
                {
                    "move_type": "out_invoice",
                    "imlr_period_start": d("2024-10-01"),
                    "amount_total": 465.0,
                    "payment_state": "reversed",
                    "payment_reference": "LOYER H791 2024-10",
                },
                {
                    "move_type": "out_refund",
                    "imlr_period_start": d("2024-10-01"),
                    "amount_total": 465.0,
                    "payment_state": "paid",
                    "payment_reference": "LOYER H791 2024-10",
                },
                {
                    "move_type": "out_invoice",
                    "imlr_period_start": d("2024-10-01"),
                    "amount_total": 210.0,
                    "payment_state": "paid",
                    "payment_reference": "LOYER H791 2024-10",
                },
            ],
        )
        # his payment paid the corrected month; the rest is his advance; October is billed once
        self.assertEqual(moves.imlr_sublease_id, diallo)
        self.assertEqual(diallo.household_id.imlr_rent_balance, -255.0)
        self.assertFalse(self.bill("2024-10-20"))
        self.assertEqual(moves[2]._imlr_receipt_report(), self.env.ref("imlr_odoo.imlr_rent_quittance_report_action"))
        self.assertIn("dates of the sublease changed", moves[1].ref)

    def test_correct_a_month_in_one_step(self):
        sublease = self.make_household("Ledger Correct", "H793", "2024-10-01", rent=465.0, charges=0.0, apl=0.0)
        self.bill("2024-10-10")
        october = self.invoice(sublease, "2024-10-01")
        sublease.rent = 450.0  # the rent was typed wrong
        wizard = Form(self.env["imlr.rent.correction.wizard"].with_context(default_sublease_id=sublease.id))
        wizard.invoice_id = october
        wizard.reason = "rent typed wrong"
        self.assertEqual(wizard.amount_corrected, 450.0)
        action = wizard.save().action_correct()
        self.assertRecordValues(
            self.env["account.move"].search(action["domain"], order="id"),
            [
                {"move_type": "out_invoice", "amount_total": 465.0, "payment_state": "reversed"},
                {"move_type": "out_refund", "amount_total": 465.0, "payment_state": "paid"},
                {"move_type": "out_invoice", "amount_total": 450.0, "payment_state": "not_paid"},
            ],
        )

    def test_reverse_and_create_new_keeps_the_month(self):
        sublease = self.make_household("Ledger Modify", "H792", "2024-01-01", rent=450.0, charges=50.0, apl=300.0)
        self.bill("2024-01-10")
        january = self.invoice(sublease, "2024-01-01")
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=january.ids)
            .create({"journal_id": january.journal_id.id, "date": d("2024-01-20"), "reason": "wrong rent"})
        )
        new_invoice = self.env["account.move"].browse(reversal.modify_moves()["res_id"])
        self.assertRecordValues(
            new_invoice,
            [
                {
                    "state": "draft",
                    "imlr_sublease_id": sublease.id,
                    "imlr_period_start": d("2024-01-01"),
                    "imlr_apl_expected": 300.0,
                    "payment_reference": "LOYER H792 2024-01",
                }
            ],
        )
        new_invoice.action_post()
        self.assertRecordValues(self.items(new_invoice), [{"imlr_rent_part": "household"}, {"imlr_rent_part": "caf"}])
        self.assertEqual(january.payment_state, "reversed")
        # a month wholly credited is billed again by the run, unless re-billed already
        self.assertFalse(self.bill("2024-01-20"))

    def test_apl_from_the_month_of_entry_for_a_household_coming_from_a_structure(self):
        from_cada = self.make_household("Ledger CADA", "H794", "2024-03-12", rent=450.0, charges=50.0, apl=300.0)
        from_cada.stay_id.entry_situation_id = self.env.ref("imlr_odoo.imlr_entry_situation_specialised")
        from_street = self.make_household("Ledger Street", "H795", "2024-03-12", rent=450.0, charges=50.0, apl=300.0)
        from_street.stay_id.entry_situation_id = self.env.ref("imlr_odoo.imlr_entry_situation_emergency")
        self.assertRecordValues(from_cada + from_street, [{"apl_from_entry": True}, {"apl_from_entry": False}])
        self.bill("2024-03-20")
        # 500 × 20/31 = 322.58; the CAF pays the whole month's APL from the month of entry
        self.assertRecordValues(
            self.items(self.invoice(from_cada, "2024-03-01")),
            [{"imlr_rent_part": "household", "balance": 22.58}, {"imlr_rent_part": "caf", "balance": 300.0}],
        )
        self.assertRecordValues(self.items(self.invoice(from_street, "2024-03-01")), [{"balance": 322.58}])
        # the CAF's statement expects it too
        statement = self.env["imlr.caf.statement"].create(
            {
                "date_month": d("2024-03-01"),
                "date_payment": d("2024-04-05"),
                "line_ids": [
                    Command.create(
                        {
                            "caf_number": sublease.household_id.imlr_caf_number,
                            "date_month": d("2024-03-01"),
                            "amount": 300.0,
                        }
                    )
                    for sublease in from_cada + from_street
                ],
            }
        )
        self.assertEqual(statement.line_ids.mapped("check_result"), ["ok", "amount"])
