"""A social worker's day without a dead end (issue #20): French from the database up, roles a director gives
on the user form, forms that fill themselves, the landlord run that asks before posting."""

from datetime import date

from odoo import fields
from odoo.tests import Form, new_test_user
from odoo.tools.translate import code_translations

from .common import FrenchAccountingCase, RegistryCase, d


class TestFrenchEverywhere(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env.company.partner_id.lang = "fr_FR"
        # whoever records reads English: the records still take the association's language
        cls.english = cls.env(context=dict(cls.env.context, lang="en_US"))

    def test_new_contacts_and_users_take_the_company_language(self):
        household = self.english["res.partner"].create({"name": "Famille Langue", "is_household": True})
        landlord = self.english["res.partner"].create({"name": "Bailleur Langue"})
        self.assertEqual((household | landlord).mapped("lang"), ["fr_FR", "fr_FR"])
        # a contact of a company keeps its parent's language
        parent = self.english["res.partner"].create({"name": "Agence", "is_company": True, "lang": "en_US"})
        with Form(self.english["res.partner"].with_context(default_parent_id=parent.id)) as form:
            form.name = "Agent"
        self.assertEqual(form.record.lang, "en_US")
        with Form(self.english["res.users"], view="base.view_users_form") as form:
            form.name = "Financeur Langue"
            form.login = "financeur.langue"
        self.assertEqual(form.record.lang, "fr_FR")

    def test_names_in_the_association_language(self):
        dwelling = self.english["imlr.dwelling"].create(
            {"name": "Coloc Langue", "city": "Amiens", "typology": "t4", "sector_id": self.sector_a.id}
        )
        with Form(dwelling, view="imlr_odoo.imlr_dwelling_view_form") as form:
            form.place_ids.remove(0)
            with form.place_ids.new() as place:
                place.kind = "room"
                place.room_number = 1
        self.assertEqual(dwelling.place_ids.name, "Coloc Langue — chambre 1")
        household = self.make_household("Famille Dates", [(self.make_person("Dates Mère"), "reference")], "2026-12-05")
        stay = self.english["imlr.stay"].browse(self.make_stay(household, "2026-12-05").id)
        self.assertEqual(stay.name, "Famille Dates — TEST 05/12/2026")
        self.assertEqual(stay.display_name, "Famille Dates — TEST 05/12/2026")

    def test_migration_makes_english_records_french(self):
        household = self.env["res.partner"].create({"name": "Famille Ancienne", "is_household": True})
        self.env.company.partner_id.lang = "en_US"
        household.lang = "en_US"
        self.env.company.partner_id.country_id = self.env.ref("base.fr")
        self.env["res.company"]._imlr_adopt_french()
        self.assertEqual(self.env.company.partner_id.lang, "fr_FR")
        self.assertEqual(household.lang, "fr_FR")
        self.assertEqual(self.env["ir.default"]._get("res.partner", "lang"), "fr_FR")


class TestFormsFillThemselves(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social_worker = new_test_user(
            cls.env, login="imlr_workday_sw", groups="base.group_user,imlr_odoo.group_imlr_social_worker"
        )
        cls.dwelling = cls.make_dwelling("Rue des Défauts", typology="t4", rooms=2, lease=None)
        cls.lease = cls.make_lease(cls.dwelling, "2024-01-01")  # rent 500 for two rooms
        cls.room_1, cls.room_2 = cls.dwelling.place_ids.sorted("room_number")

    def test_stay_referent_is_the_social_worker_who_records_it(self):
        household = self.make_household(
            "Famille Référente", [(self.make_person("Réf Mère"), "reference")], "2024-02-01"
        )
        form = Form(self.env["imlr.stay"].with_user(self.social_worker), view="imlr_odoo.imlr_stay_view_form")
        self.assertEqual(form.social_worker_id, self.social_worker)
        # the superuser (imports, demo data) names no referent
        self.assertFalse(self.make_stay(household, "2024-02-01").social_worker_id)

    def test_sublease_start_and_amounts_fill_themselves(self):
        household = self.make_household(
            "Famille Défaut", [(self.make_person("Défaut Mère"), "reference")], "2024-03-04"
        )
        stay = self.make_stay(household, "2024-03-04")
        with Form(stay, view="imlr_odoo.imlr_stay_view_form") as form:
            with form.sublease_ids.new() as sublease:
                self.assertEqual(sublease.date_start, date(2024, 3, 4))
                sublease.place_id = self.room_1
                # no sublease of the dwelling yet: the main lease's share per place
                self.assertEqual((sublease.rent, sublease.charges), (250.0, 0.0))
                sublease.rent = 260
                sublease.charges = 30
        form = Form(self.env["imlr.sublease"], view="imlr_odoo.imlr_sublease_view_form")
        form.stay_id = stay
        self.assertEqual(form.date_start, date(2024, 3, 4))
        form.place_id = self.room_2
        # the dwelling's last sublease
        self.assertEqual((form.rent, form.charges), (260.0, 30.0))

    def test_place_choice_says_each_state_free_first(self):
        household = self.make_household(
            "Famille Occupe", [(self.make_person("Occupe Mère"), "reference")], "2024-03-01"
        )
        self.make_sublease(self.make_stay(household, "2024-03-01"), self.room_1, "2024-03-01")
        outside = self.make_dwelling("Hors bail", lease=None).place_ids
        Place = self.env["imlr.place"].with_context(imlr_place_choice=True, date="2024-04-01")
        found = Place.name_search("", [("id", "in", (self.room_1 | self.room_2 | outside).ids)])
        self.assertEqual(
            found,
            [
                (self.room_2.id, "Rue des Défauts — chambre 2 — Vacant"),
                (self.room_1.id, "Rue des Défauts — chambre 1 — Occupied"),
                (outside.id, "Hors bail — Not under lease"),
            ],
        )
        free = self.env["imlr.place"].with_context(date="2024-04-01").search([("state", "=", "vacant")])
        self.assertIn(self.room_2, free)
        self.assertNotIn(self.room_1, free)
        # a place out of any lease: the sublease says which lease to create, the place's button creates it
        form = Form(self.env["imlr.sublease"], view="imlr_odoo.imlr_sublease_view_form")
        form.stay_id = self.make_stay(
            self.make_household("Famille Hors", [(self.make_person("Hors Mère"), "reference")], "2024-05-01"),
            "2024-05-01",
        )
        form.place_id = outside
        self.assertEqual(
            form.missing_lease_message,
            "No main lease of Hors bail covers 01/05/2024: create the main lease of Hors bail from 01/05/2024 "
            "first (the place's form has a button for it), or choose a free place.",
        )
        action = outside.action_new_lease()
        self.assertEqual(
            (action["res_model"], action["context"]["default_dwelling_id"]), ("imlr.lease", outside.dwelling_id.id)
        )

    def test_member_lines_and_objectives_never_lack_a_value(self):
        household = self.make_household("Famille Lignes", [], "2024-01-01")
        self.make_stay(household, "2024-01-08")
        person = self.make_person("Lignes Mère")
        with Form(household, view="imlr_odoo.imlr_household_view_form") as form:
            with form.household_member_ids.new() as member:
                member.partner_id = person
                self.assertEqual(member.date_start, date(2024, 1, 8))  # the stay's entry: present at entry
        later = (
            self.env["imlr.household.member"]
            .with_context(default_household_id=household.id)
            .default_get(["date_start"])
        )
        # a joiner: today, in the user's time zone
        self.assertEqual(later["date_start"], fields.Date.context_today(self.env["imlr.household.member"]))
        contract = self.env["imlr.support.contract"].create({"stay_id": household.stay_ids.id})
        with Form(contract, view="imlr_odoo.imlr_support_contract_view_form") as form:
            with form.objective_ids.new() as objective:
                self.assertEqual(objective.state, "in_progress")
                objective.area = "housing"
                objective.name = "Trouver un logement social"
        self.assertRecordValues(contract.objective_ids, [{"state": "in_progress", "amendment_id": False}])


class TestRoles(RegistryCase):
    def test_director_gives_a_role_on_the_user_form(self):
        account_groups = self.env["res.groups"].search(
            [("category_id", "=", self.env.ref("base.module_category_accounting_accounting").id)]
        )
        with Form(self.env["res.users"], view="base.view_users_form") as form:
            form.name = "Financeur Rôle"
            form.login = "financeur.role"
            form.imlr_role = "reader"
        funder = form.record
        self.assertEqual(funder.imlr_role, "reader")
        self.assertTrue(funder.has_group("imlr_odoo.group_imlr_reader"))
        self.assertFalse(funder.groups_id & account_groups)
        self.assertFalse(funder.has_group("imlr_odoo.group_imlr_user"))
        with Form(funder, view="base.view_users_form") as form:
            form.imlr_role = "social_worker"
        self.assertEqual(funder.imlr_role, "social_worker")
        self.assertFalse(funder.has_group("imlr_odoo.group_imlr_reader"))
        self.assertTrue(funder.has_group("imlr_odoo.group_imlr_user"))
        with Form(funder, view="base.view_users_form") as form:
            form.imlr_role = False
        self.assertFalse(funder.imlr_role)
        self.assertFalse(funder.has_group("imlr_odoo.group_imlr_user"))


class TestLandlordBillWizard(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.company.partner_id.lang = "fr_FR"
        sector = cls.env["imlr.sector"].create({"name": "Landlord wizard sector", "code": "LWIZ"})
        landlord = cls.env["res.partner"].create({"name": "Bailleur Assistant"})
        dwelling = cls.env["imlr.dwelling"].create(
            {"name": "T2 Assistant", "city": "Amiens", "typology": "t2", "sector_id": sector.id}
        )
        cls.lease = cls.env["imlr.lease"].create(
            {
                "dwelling_id": dwelling.id,
                "landlord_id": landlord.id,
                "date_start": d("2024-09-16"),
                "rent": 600,
                "charges": 60,
            }
        )

    def test_preview_writes_nothing_until_confirmed(self):
        Move = self.env["account.move"]
        wizard = self.env["imlr.landlord.bill.wizard"].with_context(lang="en_US").create({"date": d("2024-10-10")})
        self.assertFalse(Move.search([("imlr_lease_id", "=", self.lease.id)]))
        self.assertRecordValues(
            wizard.line_ids,
            [
                {"lease_id": self.lease.id, "month": "September 2024", "days": 15, "rent": 300.0, "charges": 30.0},
                {"lease_id": self.lease.id, "month": "October 2024", "days": 31, "rent": 600.0, "charges": 60.0},
            ],
        )
        self.assertEqual((wizard.bill_count, wizard.total), (2, 990.0))
        self.assertEqual(wizard.with_context(lang="fr_FR").line_ids[1].month, "octobre 2024")
        wizard.action_create_bills()
        bills = Move.search([("imlr_lease_id", "=", self.lease.id)], order="imlr_period_start")
        self.assertEqual(bills.mapped("state"), ["posted", "posted"])
        # in the landlord's language (the association's): « Loyer bailleur » once fr.po holds the term
        french = code_translations.get_python_translations("imlr_odoo", "fr_FR")
        self.assertEqual(
            bills[1].invoice_line_ids.mapped("name"),
            [
                f"{french.get('Landlord rent', 'Landlord rent')} — T2 Assistant — octobre 2024",
                f"{french.get('Landlord charges', 'Landlord charges')} — T2 Assistant — octobre 2024",
            ],
        )
        self.assertEqual(bills.partner_id.lang, "fr_FR")


class TestOdooPatterns(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.social_worker = new_test_user(
            cls.env, login="imlr_patterns_sw", groups="base.group_user,imlr_odoo.group_imlr_social_worker"
        )
        cls.dwelling = cls.make_dwelling("Rue des Étapes", sector=cls.sector_b)
        cls.household = cls.make_household(
            "Famille Étapes", [(cls.make_person("Étapes Mère"), "reference")], "2024-01-10"
        )
        cls.stay = cls.make_stay(cls.household, "2024-01-10", "2024-07-01", social_worker_id=cls.social_worker.id)
        cls.sublease = cls.make_sublease(cls.stay, cls.dwelling.place_ids, "2024-01-10", "2024-06-30")

    def test_stages_of_stays_subleases_and_contracts(self):
        contract = self.env["imlr.support.contract"].create({"stay_id": self.stay.id})
        for day, stay_stage, sublease_stage, contract_stage in (
            ("2024-01-09", "upcoming", "upcoming", "to_sign"),
            ("2024-03-01", "present", "in_force", "to_sign"),
            ("2024-07-01", "exited", "ended", "to_sign"),
        ):
            with self.subTest(day=day):
                self.assertEqual(self.stay.with_context(date=day).stage, stay_stage)
                self.assertEqual(self.sublease.with_context(date=day).stage, sublease_stage)
                self.assertEqual(contract.with_context(date=day).stage, contract_stage)
        contract.date_signature = d("2024-01-15")
        self.assertEqual(contract.with_context(date="2024-03-01").stage, "in_force")
        self.assertEqual(contract.with_context(date="2024-08-01").stage, "ended")

    def test_stay_smart_buttons_count_and_households_group(self):
        self.env["imlr.intervention"].create(
            [{"stay_id": self.stay.id, "name": f"Rendez-vous {n}", "date": d("2024-02-01")} for n in (1, 2)]
        )
        self.env["imlr.support.contract"].create({"stay_id": self.stay.id})
        self.assertRecordValues(
            self.stay,
            [{"support_contract_count": 1, "intervention_count": 2, "inventory_count": 0}],
        )
        self.assertRecordValues(
            self.household, [{"imlr_social_worker_id": self.social_worker.id, "imlr_sector_id": self.sector_b.id}]
        )
        groups = self.env["res.partner"]._read_group(
            [("id", "=", self.household.id)], ["imlr_sector_id", "imlr_social_worker_id"], ["__count"]
        )
        self.assertEqual(groups, [(self.sector_b, self.social_worker, 1)])

    def test_a_role_lands_on_the_dashboard(self):
        user = new_test_user(self.env, login="imlr_patterns_landing", groups="base.group_user")
        self.assertFalse(user.action_id)
        user.imlr_role = "rent_manager"
        self.assertEqual(user.action_id.id, self.env.ref("imlr_odoo.imlr_dashboard_action").id)
