"""Échéancier / plan d'apurement (rents issue, item 5): made from a household's overdue balance, repaid through
Odoo's reconciliation, reminded when late, closed when the debt is cleared, printed for signature."""

import subprocess

from psycopg2 import errors

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user
from odoo.tools import mute_logger

from .common import FrenchAccountingCase, d
from .test_rents import make_sublease

# the rent run of 3 April bills January to April; April falls due on the 5th: January-March are overdue
TODAY = "2024-04-03"


class TestRepaymentPlan(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, date=TODAY))
        cls.company.partner_id.lang = "fr_FR"
        sector = cls.env["imlr.sector"].create({"name": "Plan sector", "code": "PLAN"})
        # 450 rent + 50 charges a month since January
        cls.sublease = make_sublease(cls.env, "Plan household", "H801", sector, "2024-01-01")
        cls.household = cls.sublease.household_id
        cls.household.lang = "fr_FR"
        cls.reference = cls.env["res.partner"].create({"name": "Awa Plan", "is_imlr_person": True})
        cls.env["imlr.household.member"].create(
            {"household_id": cls.household.id, "partner_id": cls.reference.id, "role": "reference",
             "date_start": d("2024-01-01")}
        )  # fmt: skip
        cls.invoices = cls.env["imlr.sublease"].with_company(cls.company)._imlr_rent_run(d(TODAY))
        cls.Plan = cls.env["imlr.repayment.plan"].with_company(cls.company)

    # ------------------------------------------------------------------ helpers

    def wizard(self, household=None, **values):
        form = Form(
            self.env["imlr.repayment.plan.wizard"]
            .with_company(self.company)
            .with_context(active_model="res.partner", active_id=(household or self.household).id)
        )
        for field, value in values.items():
            setattr(form, field, value)
        return form.save()

    def make_plan(self, **values):
        action = self.wizard(**values).action_create_plan()
        return self.Plan.browse(action["res_id"])

    def pay(self, amount, date):
        """A bank payment of the household, reconciled with its open debts oldest first."""
        payment = self.register_payment(self.household, amount, date)
        self.env.invalidate_all()  # the plans' amounts are computed, not stored
        return payment

    def at(self, plan, date):
        return plan.with_context(date=date)

    # ------------------------------------------------------------------ creation

    def test_overdue_balance(self):
        self.assertEqual(len(self.invoices), 4)
        wizard = self.wizard()
        self.assertEqual(wizard.overdue_amount, 1500.0)  # April is billed, but not due yet
        self.assertEqual(wizard.overdue_line_ids.move_id, self.invoices[:3])
        self.assertEqual(wizard.date_start, d(TODAY))
        self.assertEqual(wizard.date_first_due, d("2024-05-03"))

    def test_create_by_count_sums_to_the_cent(self):
        wizard = self.wizard(instalment_count=7, date_first_due=d("2024-04-15"))
        # 1500 / 7 = 214.2857…: six of 214.28, the last takes the rest
        self.assertEqual(wizard.line_ids.mapped("amount"), [214.28] * 6 + [214.32])
        plan = self.Plan.browse(wizard.action_create_plan()["res_id"])
        self.assertRecordValues(
            plan,
            [{"household_id": self.household.id, "state": "draft", "debt": 1500.0, "date_start": d(TODAY),
              "instalment_count": 7, "user_id": self.env.user.id}],
        )  # fmt: skip
        self.assertEqual(plan.move_ids, self.invoices[:3])
        self.assertEqual(round(sum(plan.instalment_ids.mapped("amount")), 2), 1500.0)
        self.assertEqual(
            plan.instalment_ids.mapped("date_due"),
            [d(f"2024-{month:02d}-15") for month in range(4, 11)],
        )
        self.assertEqual(plan.instalment_ids.mapped("sequence"), list(range(1, 8)))
        self.assertTrue(plan.name.startswith("PA/2024/"))
        self.assertEqual(self.household.imlr_repayment_plan_count, 1)

    def test_create_by_amount(self):
        wizard = self.wizard(split_mode="amount", instalment_amount=400.0)
        self.assertEqual(wizard.line_ids.mapped("amount"), [400.0, 400.0, 400.0, 300.0])
        # a plan starting on the 31st falls due on the last day of the shorter months
        wizard = self.wizard(split_mode="amount", instalment_amount=333.33, date_first_due=d("2024-05-31"))
        self.assertEqual(wizard.line_ids.mapped("amount"), [333.33, 333.33, 333.33, 333.33, 166.68])
        self.assertEqual(
            wizard.line_ids.mapped("date_due"),
            [d("2024-05-31"), d("2024-06-30"), d("2024-07-31"), d("2024-08-31"), d("2024-09-30")],
        )
        plan = self.Plan.browse(wizard.action_create_plan()["res_id"])
        self.assertEqual(plan.instalment_ids.mapped("amount"), [333.33, 333.33, 333.33, 333.33, 166.68])

    def test_at_most_36_instalments(self):
        self.assertEqual(len(self.wizard(instalment_count=36).line_ids), 36)
        wizard = self.wizard(instalment_count=37)
        self.assertFalse(wizard.line_ids)
        self.assertIn("at most 36 monthly instalments", wizard.warning)
        with self.assertRaisesRegex(UserError, "at most 36 monthly instalments .* would have 37"):
            wizard.action_create_plan()
        # 1500 / 40 → 38 instalments
        with self.assertRaisesRegex(UserError, "would have 38"):
            self.wizard(split_mode="amount", instalment_amount=40.0).action_create_plan()
        self.assertFalse(self.Plan.search([("household_id", "=", self.household.id)]))
        # the last instalment falls due 36 months after the start at the latest
        with self.assertRaisesRegex(ValidationError, "within 36 months of its start date"), self.env.cr.savepoint():
            self.wizard(instalment_count=36, date_first_due=d("2024-05-04")).action_create_plan()
        # PostgreSQL stops a 37th instalment whatever the code does
        plan = self.make_plan(instalment_count=36)
        self.assertEqual(plan.instalment_ids[-1].date_due, d("2027-04-03"))
        with self.assertRaises(errors.CheckViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            plan.instalment_ids[-1].sequence = 37
            self.env.flush_all()
        with self.assertRaises(ValidationError):
            plan.instalment_ids[-1].date_due = d("2027-04-04")  # 36 months and a day after the start

    def test_no_debt_refused(self):
        other = self.env["res.partner"].create({"name": "Debtless household", "is_household": True})
        wizard = self.wizard(household=other)
        self.assertEqual(wizard.overdue_amount, 0.0)
        self.assertIn("no overdue debt", wizard.warning)
        with self.assertRaisesRegex(UserError, "Debtless household has no overdue debt"):
            wizard.action_create_plan()
        # paid in full: no debt either
        self.pay(2000.0, TODAY)
        with self.assertRaisesRegex(UserError, "no overdue debt"):
            self.wizard().action_create_plan()

    def test_one_plan_in_progress(self):
        plan = self.make_plan(instalment_count=3)
        with self.assertRaisesRegex(UserError, "already has a repayment plan in progress"):
            self.make_plan(instalment_count=3)
        with self.assertRaises(errors.UniqueViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            plan.copy()
            self.env.flush_all()
        plan.action_cancel()
        self.assertEqual(plan.state, "cancelled")
        with self.assertRaisesRegex(UserError, "starts today at the latest"):
            self.make_plan(date_start=d("2024-04-04"))
        self.assertEqual(self.make_plan(instalment_count=3).state, "draft")

    def test_confirmed_schedule_is_frozen(self):
        plan = self.make_plan(instalment_count=3)
        plan.instalment_ids[0].amount = 400.0
        with self.assertRaisesRegex(UserError, "add up to .*400.* not to the debt"):
            plan.action_confirm()
        plan.instalment_ids[1].amount = 600.0
        plan.action_confirm()
        self.assertEqual(plan.state, "active")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            plan.instalment_ids[0].amount = 500.0
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            plan.unlink()

    # ------------------------------------------------------------------ states

    def test_instalment_states(self):
        plan = self.make_plan(instalment_count=3, date_first_due=d("2024-04-15"))
        plan.action_confirm()
        self.assertEqual(plan.instalment_ids.mapped("state"), ["to_come"] * 3)
        # 1100 on 10 April, before the first due date: April's rent (500, due on the 5th) and 600 of the debt;
        # the payment pays the oldest invoices first: January, February, then 100 of March
        self.pay(1100.0, "2024-04-10")
        self.assertRecordValues(
            self.at(plan, "2024-04-20"),
            [{"amount_repaid": 600.0, "amount_remaining": 900.0, "amount_late": 0.0, "is_late": False}],
        )
        self.assertRecordValues(
            self.at(plan, "2024-04-20").instalment_ids,
            [
                {"amount": 500.0, "amount_paid": 500.0, "amount_due": 0.0, "state": "paid"},
                {"amount": 500.0, "amount_paid": 100.0, "amount_due": 400.0, "state": "partial"},
                {"amount": 500.0, "amount_paid": 0.0, "amount_due": 500.0, "state": "to_come"},
            ],
        )
        # on 16 May the second instalment (due the 15th) is late; on the 15th it is not yet
        self.assertEqual(self.at(plan, "2024-05-15").instalment_ids.mapped("state"), ["paid", "partial", "to_come"])
        late = self.at(plan, "2024-05-16")
        self.assertEqual(late.instalment_ids.mapped("state"), ["paid", "late", "to_come"])
        self.assertRecordValues(late, [{"amount_late": 400.0, "is_late": True}])
        self.assertEqual(self.Plan.with_context(date="2024-05-16").search([("is_late", "=", True)]), plan)
        self.assertFalse(self.Plan.with_context(date="2024-05-15").search([("is_late", "=", True)]))
        # the rest (and 100 more, a credit): every instalment paid, the plan closes by itself
        self.pay(1000.0, "2024-05-20")
        plan.invalidate_recordset()
        self.assertEqual(self.at(plan, "2024-05-20").instalment_ids.mapped("state"), ["paid"] * 3)
        self.assertRecordValues(
            self.at(plan, "2024-05-20"), [{"state": "closed", "amount_repaid": 1500.0, "amount_remaining": 0.0}]
        )
        self.assertEqual(self.invoices.mapped("payment_state"), ["paid", "paid", "paid", "paid"])

    def test_debt_of_a_plan_started_earlier(self):
        # a plan started on 1 April: its debt is the overdue debt of that day (200 paid that day included)
        self.pay(200.0, "2024-04-01")
        self.assertEqual(self.wizard(date_start=d("2024-03-31")).overdue_amount, 1500.0)
        plan = self.make_plan(instalment_count=2, date_start=d("2024-04-01"))
        plan.action_confirm()
        self.assertRecordValues(plan, [{"debt": 1300.0, "amount_repaid": 0.0, "amount_remaining": 1300.0}])
        # what is paid after the start repays it
        self.pay(100.0, "2024-04-02")
        self.assertRecordValues(plan, [{"amount_repaid": 100.0, "amount_remaining": 1200.0}])
        self.assertEqual(plan.instalment_ids.mapped("amount_paid"), [100.0, 0.0])

    def test_closes_when_cleared_and_reopens_when_unreconciled(self):
        plan = self.make_plan(instalment_count=2)
        plan.action_confirm()
        payment = self.pay(1500.0, "2024-04-05")
        self.assertRecordValues(plan, [{"state": "closed", "date_closed": d("2024-04-05")}])
        self.assertIn("debt is cleared", plan.message_ids[0].body)
        # the payment unreconciled: the debt is back, so is the plan
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertRecordValues(plan, [{"state": "active", "date_closed": False, "amount_repaid": 0.0}])
        # the daily cron closes a plan whose invoices were paid another way too
        self.pay(1500.0, "2024-04-06")
        plan.write({"state": "active", "date_closed": False})
        self.Plan.with_context(date="2024-04-07")._cron_update_plans()
        self.assertRecordValues(plan, [{"state": "closed", "date_closed": d("2024-04-07")}])
        with self.assertRaisesRegex(UserError, "is closed"):
            plan.action_cancel()

    # ------------------------------------------------------------------ reminders

    def test_late_activity_once(self):
        plan = self.make_plan(instalment_count=3, date_first_due=d("2024-04-15"))
        plan.action_confirm()
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.Plan.with_context(date="2024-04-15")._cron_update_plans()
        self.assertFalse(plan.activity_ids)  # due today is not late
        self.Plan.with_context(date="2024-04-16")._cron_update_plans()
        self.assertRecordValues(
            plan.activity_ids,
            [{"activity_type_id": todo.id, "user_id": self.env.user.id, "date_deadline": d("2024-04-16")}],
        )
        self.assertIn("500,00", plan.activity_ids.note)
        # still late the next days: not a second one while it is open
        self.Plan.with_context(date="2024-04-17")._cron_update_plans()
        self.Plan.with_context(date="2024-05-20")._cron_update_plans()
        self.assertEqual(len(plan.activity_ids), 1)
        # done: the next run, still late, schedules a new one
        plan.activity_ids.action_feedback(feedback="Called the household")
        self.Plan.with_context(date="2024-05-21")._cron_update_plans()
        self.assertRecordValues(plan.activity_ids, [{"date_deadline": d("2024-05-21")}])
        # cleared (the debt, and April's rent due meanwhile): the plan closes, its open reminder goes
        self.pay(2000.0, "2024-05-22")
        self.assertEqual(plan.state, "closed")
        self.assertFalse(plan.activity_ids)

    # ------------------------------------------------------------------ agreement

    def test_agreement_pdf(self):
        plan = self.make_plan(instalment_count=3, date_first_due=d("2024-04-15"))
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _format = report._render_qweb_pdf("imlr_odoo.imlr_repayment_plan_report_action", plan.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
        text = " ".join(text.stdout.decode().split())
        for expected in (
            "Plan d'apurement",
            plan.name,
            "Entre les soussignés",
            "Plan household",
            "Personne de",
            "Awa Plan",
            "Représentée par Because I am accountman!",
            "reconnaît devoir à l'association la somme de 1 500,00 €",
            self.invoices[0].name,
            "en 3 mensualités",
            "15/04/2024",
            "15/06/2024",
            "Fait en deux exemplaires",
            "lu et approuvé",
        ):
            self.assertIn(expected, text.replace("\u202f", " ").replace("\xa0", " "))
        self.assertNotIn("Between the undersigned", text)
        action = plan.with_context(discard_logo_check=True).action_print_agreement()
        self.assertEqual(action["report_name"], "imlr_odoo.report_repayment_plan")
        self.assertEqual(action["context"]["active_ids"], plan.ids)

    def test_views_and_buttons(self):
        views = self.env["imlr.repayment.plan"].get_views([(False, "list"), (False, "form"), (False, "search")])
        self.assertIn("instalment_ids", views["views"]["form"]["arch"])
        form = self.env["res.partner"].get_views([(self.env.ref("imlr_odoo.imlr_household_view_form").id, "form")])
        self.assertIn("action_create_repayment_plan", form["views"]["form"]["arch"])
        self.assertIn("imlr_repayment_plan_count", form["views"]["form"]["arch"])
        action = self.household.action_create_repayment_plan()
        self.assertEqual(action["res_model"], "imlr.repayment.plan.wizard")
        plan = self.make_plan(instalment_count=2)
        opened = self.household.action_open_repayment_plans()
        self.assertEqual(self.Plan.search(opened["domain"]), plan)
        # a plain team member reads the plans, does not make nor change them
        member = new_test_user(self.env, login="imlr_plan_member", groups="base.group_user,imlr_odoo.group_imlr_user")
        self.assertEqual(plan.with_user(member).read(["debt"])[0]["debt"], 1500.0)
        with self.assertRaises(AccessError):
            plan.with_user(member).write({"note": "no"})
        with self.assertRaises(AccessError):
            self.env["imlr.repayment.plan.wizard"].with_user(member).create({"household_id": self.household.id})
