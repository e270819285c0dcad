"""A browser tour per role (issue #20): each demo user logs in, lands on its first screen without error and
walks its main screens (imlr_odoo/static/tests/tours/imlr_role_tours.js). The social worker's tour does the
whole workflow from the SIAO orientation to the first intervention in at most 60 clicks; what it recorded is
checked here."""

from datetime import date

from odoo import fields
from odoo.tests import HttpCase


class TestRoleTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sector = cls.env["imlr.sector"].create({"name": "Secteur des rôles", "code": "test_roles_tour"})
        cls.dwelling = cls.env["imlr.dwelling"].create(
            {"name": "Logement des rôles", "city": "Amiens", "typology": "t3", "sector_id": sector.id}
        )
        cls.env["imlr.lease"].create({"dwelling_id": cls.dwelling.id, "date_start": date(2024, 1, 1), "rent": 520})
        if not cls.env.company.external_report_layout_id:
            cls.env.company.external_report_layout_id = cls.env.ref("web.external_layout_standard")

    def test_social_worker(self):
        social_worker = self.env.ref("imlr_odoo.imlr_demo_user_social_worker")
        today = fields.Date.context_today(social_worker)
        self.start_tour("/odoo", "imlr_role_social_worker", login=social_worker.login, timeout=300)

        household = self.env["res.partner"].search([("name", "=", "Famille Rôles"), ("is_household", "=", True)])
        self.assertRecordValues(
            household.household_member_ids.sorted("id"),
            [
                {"role": "reference", "date_start": today},
                {"role": "child", "date_start": today},
                {"role": "child", "date_start": today},
            ],
        )
        self.assertEqual(household.lang, "fr_FR")
        stay = household.stay_ids
        self.assertRecordValues(
            stay,
            [{"date_entry": today, "social_worker_id": social_worker.id, "orientation_id": stay.orientation_id.id}],
        )
        self.assertEqual(stay.orientation_id.outcome, "admitted")
        self.assertRecordValues(
            stay.sublease_ids,
            [{"place_id": self.dwelling.place_ids.id, "date_start": today, "rent": 520.0, "charges": 0.0}],
        )
        contract = self.env["imlr.support.contract"].search([("stay_id", "=", stay.id)])
        self.assertRecordValues(contract.objective_ids, [{"area": "housing", "state": "in_progress"}])
        intervention = self.env["imlr.intervention"].search([("stay_id", "=", stay.id)])
        self.assertRecordValues(intervention, [{"name": "Premier rendez-vous", "date": today}])

    def test_rent_manager(self):
        bills_before = self.env["account.move"].search_count([("imlr_lease_id", "!=", False)])
        login = self.env.ref("imlr_odoo.imlr_demo_user_rent_manager").login
        self.start_tour("/odoo", "imlr_role_rent_manager", login=login, timeout=300)
        # opening the landlord bill run posted nothing
        self.assertEqual(self.env["account.move"].search_count([("imlr_lease_id", "!=", False)]), bills_before)

    def test_psychologist(self):
        login = self.env.ref("imlr_odoo.imlr_demo_user_psychologist").login
        self.start_tour("/odoo", "imlr_role_psychologist", login=login, timeout=300)

    def test_manager(self):
        self.start_tour("/odoo", "imlr_role_manager", login="admin", timeout=300)

    def test_reader(self):
        funder = self.env.ref("imlr_odoo.imlr_demo_user_funder")
        self.assertEqual(funder.imlr_role, "reader")
        self.start_tour("/odoo", "imlr_role_reader", login=funder.login, timeout=300)
