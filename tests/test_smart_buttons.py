"""The smart buttons of the household and the dwelling, the admission from an orientation, the calendars
(issue #9, item 2)."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import RegistryCase, d


class TestSmartButtons(RegistryCase):
    @classmethod
    def _make_company(cls):
        # the balance's rents are billed with the accounting the demo set up for its association
        return cls.env.ref("base.main_company")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        awa, moussa, ibrahim = (cls.make_person(name) for name in ("Awa Bouton", "Moussa Bouton", "Ibrahim Bouton"))
        cls.household = cls.make_household(
            "Ménage Bouton",
            [(awa, "reference"), (moussa, "child"), (ibrahim, "other_adult", "2023-01-01", "2023-06-01", "entry")],
            "2023-01-01",
        )
        cls.other = cls.make_household("Ménage Voisin", [(cls.make_person("Voisin"), "reference")], "2023-01-01")
        cls.dwelling = cls.make_dwelling("Logement à boutons", rooms=3, lease=("2022-01-01", None))
        rooms = cls.dwelling.place_ids.sorted("room_number")
        cls.old_stay = cls.make_stay(cls.household, "2021-01-01", "2022-01-01")
        cls.stay = cls.make_stay(cls.household, "2023-01-01")
        other_stay = cls.make_stay(cls.other, "2023-01-01")
        # the household moved from room 1 to room 2; the neighbour is in room 3 until the end of 2023
        cls.subleases = cls.make_sublease(cls.stay, rooms[0], "2023-01-01", "2023-12-31") | cls.make_sublease(
            cls.stay, rooms[1], "2024-01-01"
        )
        cls.make_sublease(other_stay, rooms[2], "2023-01-01", "2023-12-31")
        cls.interventions = cls.env["imlr.intervention"].create(
            [{"name": f"Visite {n}", "stay_id": cls.stay.id, "date": d(f"2024-0{n}-10")} for n in (1, 2)]
        )
        cls.env["imlr.intervention"].create({"name": "Voisin", "stay_id": other_stay.id})
        cls.env["imlr.incident"].create(
            [
                {"name": "Fuite", "dwelling_id": cls.dwelling.id, "incident_type": "leak"},
                {
                    "name": "Fenêtre",
                    "dwelling_id": cls.dwelling.id,
                    "incident_type": "window",
                    "state": "scheduled",
                    "date_reported": d("2024-02-20"),
                    "date_intervention": d("2024-03-01"),
                },
                {
                    "name": "Chauffage",
                    "dwelling_id": cls.dwelling.id,
                    "incident_type": "heating",
                    "state": "resolved",
                    "date_reported": d("2024-01-20"),
                    "date_resolved": d("2024-02-01"),
                },
            ]
        )

    def _open(self, action):
        return self.env[action["res_model"]].search(action["domain"])

    def test_household_counts_and_what_they_open(self):
        households = self.household | self.other
        households.invalidate_recordset()
        self.assertEqual(households.mapped("current_member_count"), [2, 1])
        self.assertEqual(households.mapped("stay_count"), [2, 1])
        self.assertEqual(households.mapped("imlr_sublease_count"), [2, 1])
        self.assertEqual(households.mapped("imlr_intervention_count"), [2, 1])
        self.assertEqual(
            self._open(self.household.action_open_members()).mapped("name"), ["Awa Bouton", "Moussa Bouton"]
        )
        self.assertEqual(self._open(self.household.action_open_subleases()), self.subleases)
        action = self.household.action_open_interventions()
        self.assertEqual(self._open(action), self.interventions)
        self.assertEqual(action["context"], {"default_stay_id": self.stay.id})

    def test_counts_in_one_query_per_model(self):
        households = self.household | self.other
        households.invalidate_recordset()
        with self.assertQueryCount(2):  # subleases, interventions: one grouped query each
            households.mapped("imlr_sublease_count")
            households.mapped("imlr_intervention_count")

    def test_dwelling_counts_and_occupancy(self):
        self.dwelling.invalidate_recordset()
        self.assertEqual(
            (self.dwelling.place_count, self.dwelling.lease_count, self.dwelling.incident_count), (3, 1, 2)
        )
        # today: room 2 is let to the household, rooms 1 and 3 are vacant
        self.assertEqual((self.dwelling.occupied_place_count, self.dwelling.vacant_place_count), (1, 2))
        action = self.dwelling.action_open_occupancy()
        self.assertEqual(action["res_model"], "imlr.sublease")
        self.assertEqual(action["context"]["search_default_current"], 1)
        self.assertEqual(len(self._open(action)), 3)

    def test_balance_opens_the_open_receivable_lines(self):
        self.assertEqual(self._open(self.household.action_imlr_open_receivable()), self.env["account.move.line"])
        self.assertEqual(self.household.imlr_rent_balance, 0.0)
        # January and February 2024 billed (400 each), January paid: February's line stays open
        invoices = self.subleases[1]._imlr_bill_rents(d("2024-02-29")).sorted("imlr_period_start")
        self.assertEqual(invoices.mapped("amount_total"), [400.0, 400.0])
        journal = self.env["account.journal"].search(
            [("company_id", "=", invoices.company_id.id), ("type", "=", "bank")], limit=1
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices[0].ids
        ).create({"journal_id": journal.id, "payment_date": d("2024-01-10")})._create_payments()
        lines = self._open(self.household.action_imlr_open_receivable())
        self.assertEqual(lines.move_id, invoices[1])
        self.assertEqual(sum(lines.mapped("amount_residual")), 400.0)
        self.household.invalidate_recordset()
        self.assertEqual(self.household.imlr_rent_balance, 400.0)

    def test_inventory_calendar(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_inventory_action")
        self.assertEqual(action["view_mode"], "list,form,calendar")
        arch = self.env["imlr.inventory"].get_view(view_type="calendar")["arch"]
        self.assertIn('date_start="date"', arch)
        self.assertIn("<calendar", self.env["imlr.intervention"].get_view(view_type="calendar")["arch"])


class TestAdmission(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.household = cls.make_household("Ménage Admis", [(cls.make_person("Admis"), "reference")], "2024-01-01")
        cls.orientation = cls.env["imlr.orientation"].create(
            {
                "siao_reference": "SIAO-ADMIS-1",
                "household_id": cls.household.id,
                "program_id": cls.program.id,
                "date": d("2024-01-05"),
                "company_id": cls.company.id,
            }
        )

    def test_admit_opens_a_prefilled_stay_and_saving_it_admits(self):
        action = self.orientation.action_admit()
        self.assertEqual((action["res_model"], action["views"][0][1]), ("imlr.stay", "form"))
        form = Form(self.env["imlr.stay"].with_context(**action["context"]))
        self.assertEqual(
            (form.household_id, form.program_id, form.orientation_id, form.date_entry),
            (self.household, self.program, self.orientation, self.today),
        )
        self.assertEqual(self.orientation.outcome, "pending")  # nothing changes until the stay is saved
        form.date_entry = d("2024-02-01")
        stay = form.save()
        self.assertEqual(self.orientation.stay_ids, stay)
        self.assertEqual((self.orientation.outcome, self.orientation.decision_date), ("admitted", self.today))
        with self.assertRaisesRegex(UserError, "SIAO-ADMIS-1 already has its stay"):
            self.orientation.action_admit()

    def test_not_admitted_cannot_be_admitted(self):
        self.orientation.write({"outcome": "not_admitted", "refusal_motif": "already_housed"})
        with self.assertRaisesRegex(UserError, "SIAO-ADMIS-1 was not admitted"):
            self.orientation.action_admit()

    def test_orientation_defaults_to_the_imlr_program(self):
        orientation = self.env["imlr.orientation"].create(
            {"siao_reference": "SIAO-ADMIS-2", "household_id": self.household.id}
        )
        self.assertEqual(orientation.program_id, self.env.ref("imlr_odoo.imlr_program_imlr"))
