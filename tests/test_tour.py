"""The browser tour of a household's whole path (issue #9, item 3), then what it left in the database.

The tour (imlr_odoo/static/tests/tours/imlr_workflow_tour.js) runs as admin, in French, in headless Chromium:
household with two members → orientation admitted into a vacant place with a sublease → the month's rent run
→ a payment on the household → the quittance printed → the annual report computed and printed.
"""

from datetime import date

from odoo import fields
from odoo.tests import HttpCase


class TestWorkflowTour(HttpCase):
    def test_workflow_tour(self):
        env = self.env
        today = fields.Date.context_today(env.user)
        first_of_month = today.replace(day=1)
        # the demo's running subleases are billed first: the tour's rent run then shows its own month only
        env["imlr.sublease"]._imlr_rent_run(today)
        # the document layout is chosen once per company; otherwise the first print asks for it
        if not env.company.external_report_layout_id:
            env.company.external_report_layout_id = env.ref("web.external_layout_standard")
        sector = env["imlr.sector"].create({"name": "Secteur du parcours", "code": "test_tour"})
        dwelling = env["imlr.dwelling"].create(
            {"name": "Logement du parcours", "city": "Amiens", "typology": "t2", "sector_id": sector.id}
        )
        env["imlr.lease"].create({"dwelling_id": dwelling.id, "date_start": date(2024, 1, 1), "rent": 500})
        reports_before = env["imlr.annual.report"].search([])

        # each step waits for its condition (imlr_workflow_tour.js); this is only the cap of the whole tour, wide
        # enough for a machine whose cores are busy with other work
        self.start_tour("/odoo", "imlr_workflow", login="admin", timeout=1200)

        household = env["res.partner"].search([("name", "=", "Ménage Parcours"), ("is_household", "=", True)])
        self.assertEqual(len(household), 1)
        members = household.household_member_ids.sorted("role", reverse=True)
        self.assertEqual(
            [(m.partner_id.name, m.role, m.date_start) for m in members],
            [("Awa Parcours", "reference", first_of_month), ("Moussa Parcours", "child", first_of_month)],
        )
        self.assertTrue(all(members.partner_id.mapped("is_imlr_person")))
        self.assertEqual(household.current_member_count, 2)

        orientation = env["imlr.orientation"].search([("siao_reference", "=", "SIAO-PARCOURS-1")])
        self.assertEqual(orientation.household_id, household)
        self.assertEqual(orientation.outcome, "admitted")
        self.assertEqual(orientation.decision_date, today)

        stay = household.stay_ids
        self.assertEqual(len(stay), 1)
        self.assertEqual((stay.orientation_id, stay.date_entry, stay.date_exit), (orientation, first_of_month, False))
        self.assertEqual(stay.program_id, env.ref("imlr_odoo.imlr_program_imlr"))

        sublease = stay.sublease_ids
        self.assertEqual(len(sublease), 1)
        self.assertEqual(
            (sublease.place_id, sublease.date_start, sublease.date_end, sublease.rent, sublease.charges),
            (dwelling.place_ids, first_of_month, False, 400.0, 50.0),
        )

        invoice = env["account.move"].search([("imlr_sublease_id", "=", sublease.id)])
        self.assertEqual(len(invoice), 1)
        self.assertEqual((invoice.move_type, invoice.state, invoice.partner_id), ("out_invoice", "posted", household))
        self.assertEqual((invoice.imlr_period_start, invoice.amount_total), (first_of_month, 450.0))
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        payment = env["account.payment"].search([("partner_id", "=", household.id)])
        self.assertEqual((len(payment), payment.amount, payment.state != "draft"), (1, 450.0, True))
        self.assertEqual(household.imlr_rent_balance, 0.0)

        report = env["imlr.annual.report"].search([]) - reports_before
        self.assertEqual(len(report), 1)
        self.assertEqual(report.state, "computed")
        self.assertTrue(report.data)
