"""Roles and record rules: each role sees exactly what it should, through the ORM and through XML-RPC.

One association (the main company, A) with a household, its stay, sublease and support, a validated and a
draft annual report, and one user per role; a second association (B) with a user and a household of its own.
"""

import io
import json
import zipfile
from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user

from .common import RegistryCase, d

# seeded markers: where each is written, and who may read it
PSY_MARKER = "PSY-NOTE-MARKER-7f3a"  # psychological support notes: the psychologist in charge only
SESSION_MARKER = "PSY-SESSION-MARKER-91c2"  # psychological session notes: idem
INTERVENTION_MARKER = "INTERVENTION-MARKER-2c9d"  # a home visit's note: the support team, not the rent manager
CHATTER_MARKER = "CHATTER-MARKER-5e1b"  # a note in a stay's chatter: the team of the association
ACCESS_ERROR = 4  # XML-RPC fault code of an AccessError (odoo/addons/base/controllers/rpc.py)
ROLES = {
    "user": "imlr_odoo.group_imlr_user",
    "social_worker": "imlr_odoo.group_imlr_social_worker",
    "rent_manager": "imlr_odoo.group_imlr_rent_manager",
    "psychologist": "imlr_odoo.group_imlr_psychologist",
    "manager": "imlr_odoo.group_imlr_manager",
    "reader": "imlr_odoo.group_imlr_reader",
}
# models of the support the rent manager must not open
SUPPORT_MODELS = ("imlr.support.contract", "imlr.support.amendment", "imlr.support.objective")
# the registry: none of it is open to a reader or funder
REGISTRY_MODELS = (
    "imlr.stay",
    "imlr.sublease",
    "imlr.dwelling",
    "imlr.lease",
    "imlr.household.member",
    "imlr.legal.status",
    "imlr.household.resource",
    "imlr.support.contract",
    "imlr.intervention",
    "imlr.psychological.support",
    "imlr.stay.movement",
)


class RolesMixin:
    """The data of both associations and the users; ``cls`` is a TransactionCase (or HttpCase)."""

    @classmethod
    def setup_roles(cls):
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company_a = env.company
        cls.company_b = env["res.company"].create({"name": "Association B"})
        cls.users = {
            role: new_test_user(
                env, login=f"roles_{role}", password=f"roles_{role}_pw", groups=group, company_id=cls.company_a.id
            )
            for role, group in ROLES.items()
        }
        cls.other = new_test_user(
            env,
            login="roles_other",
            password="roles_other_pw",
            groups="imlr_odoo.group_imlr_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

        cls.program = env["imlr.program"].create({"name": "Roles program", "code": "ROLES"})
        cls.mother = env["res.partner"].create(
            {"name": "Amina Roles", "is_imlr_person": True, "gender": "female", "birthdate": d("1988-04-02")}
        )
        cls.status = env["imlr.legal.status"].create(
            {"partner_id": cls.mother.id, "status": "refugee", "date_start": d("2023-01-01"),
             "permit_expiry_date": d("2033-01-01")}
        )  # fmt: skip
        cls.household = env["res.partner"].create({"name": "Famille ROLES", "is_household": True, "is_company": True})
        env["imlr.household.member"].create(
            {"household_id": cls.household.id, "partner_id": cls.mother.id, "role": "reference",
             "date_start": d("2024-01-10")}
        )  # fmt: skip
        cls.resource = env["imlr.household.resource"].create(
            {"household_id": cls.household.id, "resource_type_id": env.ref("imlr_odoo.imlr_resource_type_aah").id,
             "date_start": d("2024-01-01"), "amount": 1016}
        )  # fmt: skip
        cls.stay = env["imlr.stay"].create(
            {"household_id": cls.household.id, "program_id": cls.program.id, "date_entry": d("2024-01-10")}
        )
        cls.dwelling = env["imlr.dwelling"].create(
            {"name": "Roles — 3 rue des Droits", "city": "Amiens", "typology": "t2",
             "sector_id": env["imlr.sector"].create({"name": "Roles sector", "code": "ROLES"}).id}
        )  # fmt: skip
        env["imlr.lease"].create({"dwelling_id": cls.dwelling.id, "date_start": d("2020-01-01"), "rent": 500})
        cls.sublease = env["imlr.sublease"].create(
            {"stay_id": cls.stay.id, "place_id": cls.dwelling.place_ids.id, "date_start": d("2024-01-10"),
             "rent": 400}
        )  # fmt: skip
        cls.contract = env["imlr.support.contract"].create(
            {"stay_id": cls.stay.id, "objective_ids": [Command.create({"area": "rights", "name": "Open rights"})]}
        )
        interventions = env["imlr.intervention"]
        cls.visit = interventions.create(
            {"stay_id": cls.stay.id, "name": "Home visit", "intervention_type": "home_visit",
             "date": d("2024-02-01"), "user_ids": [Command.set(cls.users["social_worker"].ids)],
             "note": f"Talked about the family reunification. {INTERVENTION_MARKER}"}
        )  # fmt: skip
        cls.rent_meeting = interventions.create(
            {"stay_id": cls.stay.id, "name": "Rent of February", "intervention_type": "office",
             "date": d("2024-02-05"), "user_ids": [Command.set(cls.users["rent_manager"].ids)]}
        )  # fmt: skip
        cls.psy_support = env["imlr.psychological.support"].create(
            {"stay_id": cls.stay.id, "partner_id": cls.mother.id, "date_proposed": d("2024-02-01"),
             "state": "accepted", "date_decision": d("2024-02-08"),
             "psychologist_id": cls.users["psychologist"].id, "notes": f"Nightmares since the crossing. {PSY_MARKER}"}
        )  # fmt: skip
        cls.psy_session = env["imlr.psychological.session"].create(
            {"support_id": cls.psy_support.id, "date": d("2024-02-15"), "note": f"First session. {SESSION_MARKER}"}
        )
        # the household's chatter, for the team only
        cls.stay.message_post(body=CHATTER_MARKER, message_type="comment", subtype_xmlid="mail.mt_note")
        reports = env["imlr.annual.report"]
        cls.validated = reports.create({"program_id": cls.program.id, "date_from": d("2024-01-01"),
                                        "date_to": d("2024-12-31")})  # fmt: skip
        cls.validated.action_compute()
        cls.validated.action_validate()
        cls.draft = reports.create({"program_id": cls.program.id, "date_from": d("2025-01-01"),
                                    "date_to": d("2025-12-31")})  # fmt: skip

        # association B: its own household and stay, recorded by its own user
        env_b = env(user=cls.other)
        cls.household_b = env_b["res.partner"].create({"name": "Famille AUTRE", "is_household": True})
        cls.program_b = env_b["imlr.program"].create({"name": "Program B", "code": "ROLES_B"})
        cls.stay_b = env_b["imlr.stay"].create(
            {"household_id": cls.household_b.id, "program_id": cls.program_b.id, "date_entry": d("2024-03-01")}
        )

    @classmethod
    def own_partners(cls):
        return [cls.household.id, cls.mother.id, cls.household_b.id]


class TestRolesOrm(RolesMixin, RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_roles()

    def as_(self, role, model):
        self.env.invalidate_all()
        user = self.other if role == "other" else self.users[role]
        return self.env[model].with_user(user)

    def assertRefused(self, records, fields=("display_name",)):
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            records.read(list(fields))

    def test_households_take_the_company_of_who_records_them(self):
        self.assertRecordValues(
            self.household | self.mother | self.household_b,
            [{"company_id": self.company_a.id}, {"company_id": self.company_a.id}, {"company_id": self.company_b.id}],
        )
        self.assertEqual(self.stay_b.company_id, self.company_b)
        self.assertFalse(self.env["res.partner"].create({"name": "Plumber"}).company_id)  # contacts stay shared

    def test_reader_sees_validated_reports_and_aggregates_only(self):
        partners = self.as_("reader", "res.partner")
        self.assertEqual(partners.search_count([("is_household", "=", True)]), 0)
        self.assertEqual(partners.search_count([("is_imlr_person", "=", True)]), 0)
        self.assertEqual(partners.search_count([("id", "in", self.own_partners())]), 0)
        self.assertTrue(partners.search_count([("id", "=", self.company_a.partner_id.id)]))  # plain contacts
        for partner in (self.household, self.mother):
            self.assertRefused(partner.with_user(self.users["reader"]), ["name"])
        for model in REGISTRY_MODELS:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.as_("reader", model).search([])

        reports = self.as_("reader", "imlr.annual.report")
        self.assertEqual(reports.search([("id", "in", (self.validated | self.draft).ids)]), self.validated)
        self.assertRefused(self.draft.with_user(self.users["reader"]), ["name"])
        validated = self.validated.with_user(self.users["reader"])
        self.assertEqual(validated.read(["name", "state", "program_id"])[0]["program_id"][1], "Roles program")
        with self.assertRaises(AccessError):
            validated.write({"intro_text": "<p>Changed</p>"})
        with self.assertRaises(AccessError):
            reports.create({"program_id": self.program.id})
        # prints and exports the validated report from its frozen figures
        html = (
            self.env["ir.actions.report"]
            .with_user(self.users["reader"])
            .with_context(force_report_rendering=True)
            ._render_qweb_html("imlr_odoo_reports.report_annual", validated.ids)[0]
            .decode()
        )
        layout = self.env["imlr.annual.report.data"].with_context(lang="fr_FR").layout(self.validated.data)
        self.assertIn(layout["title"], html)
        self.assertIn("Rendez-vous au bureau", html)
        # the data-quality list names households: for the team only, never printed for a reader
        self.assertIn("Famille ROLES", self.validated.data["data_quality"][0]["name"])
        self.assertNotIn("Famille ROLES", html)
        self.assertEqual(validated.action_export_json()["url"], f"/imlr/annual_report/{validated.id}/export/json")
        exported = json.loads(validated._export("json")[0])  # what the export's URL streams to the reader
        self.assertIsNone(exported["data_quality"])
        self.assertEqual(exported["present"], self.validated.data["present"])
        self.assertTrue(validated.action_export_xlsx()["url"].endswith("/export/xlsx"))
        self.assertRefused(validated, ["data"])  # the stored snapshot itself is the team's
        with self.assertRaises(AccessError):
            self.draft.with_user(self.users["reader"]).action_export_json()
        # the occupancy analysis carries no name of a household: open to readers
        occupancy = self.as_("reader", "imlr.place.occupancy")
        self.assertEqual(
            occupancy.search_count([("dwelling_id", "=", self.dwelling.id)]),
            self.env["imlr.place.occupancy"].search_count([("dwelling_id", "=", self.dwelling.id)]),
        )
        occupancy.web_read_group([], ["occupied_days:sum"], ["company_id"])

    def test_rent_manager_sees_housing_not_the_support(self):
        for model, record in (
            ("res.partner", self.household),
            ("res.partner", self.mother),
            ("imlr.stay", self.stay),
            ("imlr.sublease", self.sublease),
            ("imlr.dwelling", self.dwelling),
        ):
            with self.subTest(model=model):
                self.assertEqual(self.as_("rent_manager", model).search([("id", "=", record.id)]), record)
        self.as_("rent_manager", "imlr.sublease").browse(self.sublease.id).write({"rent": 410})
        self.assertEqual(self.sublease.rent, 410)
        for model in SUPPORT_MODELS:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.as_("rent_manager", model).search([])
        # the interventions they took part in only
        interventions = self.as_("rent_manager", "imlr.intervention")
        self.assertEqual(interventions.search([("stay_id", "=", self.stay.id)]), self.rent_meeting)
        self.assertRefused(self.visit.with_user(self.users["rent_manager"]), ["note"])
        # the legal status and the resources (AAH) are the social workers'
        self.assertRefused(self.mother.with_user(self.users["rent_manager"]), ["legal_status"])
        self.assertRefused(self.mother.with_user(self.users["rent_manager"]), ["permit_expiry_date"])
        self.assertRefused(self.household.with_user(self.users["rent_manager"]), ["household_resource_ids"])
        for model in ("imlr.legal.status", "imlr.household.resource"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.as_("rent_manager", model).search([])
        # the psychological orientation is known to the team, its notes are not
        support = self.psy_support.with_user(self.users["rent_manager"])
        self.assertEqual(support.read(["state"])[0]["state"], "accepted")
        self.assertRefused(support, ["notes"])
        # the person's form opens without the restricted fields
        arch = self.as_("rent_manager", "res.partner").get_view(self.env.ref("imlr_odoo.imlr_person_view_form").id)
        self.assertNotIn('name="legal_status"', arch["arch"])
        self.assertNotIn('name="legal_status_ids"', arch["arch"])
        self.assertIn('name="birthdate"', arch["arch"])

    def test_social_worker_sees_the_support_not_the_psychologist_notes(self):
        self.assertEqual(
            self.as_("social_worker", "imlr.support.contract").search([("stay_id", "=", self.stay.id)]), self.contract
        )
        self.assertEqual(
            self.as_("social_worker", "imlr.intervention").search([("stay_id", "=", self.stay.id)]),
            self.visit | self.rent_meeting,
        )
        mother = self.mother.with_user(self.users["social_worker"])
        self.assertEqual(mother.read(["legal_status", "permit_expiry_date"])[0]["legal_status"], "refugee")
        self.assertEqual(self.household.with_user(self.users["social_worker"]).household_resource_ids, self.resource)
        self.assertRefused(self.psy_support.with_user(self.users["social_worker"]), ["notes"])
        with self.assertRaises(AccessError):
            self.as_("social_worker", "imlr.psychological.session").search([])
        with self.assertRaises(AccessError):  # no rents
            self.as_("social_worker", "account.move").create({"move_type": "out_invoice"})
        with self.assertRaises(AccessError):  # nor validation of the annual report
            self.draft.with_user(self.users["social_worker"]).write({"intro_text": "<p>x</p>"})

    def test_psychologist_alone_reads_the_notes(self):
        support = self.psy_support.with_user(self.users["psychologist"])
        self.assertEqual(support.read(["notes"])[0]["notes"], f"Nightmares since the crossing. {PSY_MARKER}")
        self.assertEqual(
            self.as_("psychologist", "imlr.psychological.session").search([("support_id", "=", self.psy_support.id)]),
            self.psy_session,
        )
        # reads the support (read-only), not the legal status nor the resources
        contract = self.as_("psychologist", "imlr.support.contract").search([("stay_id", "=", self.stay.id)])
        self.assertEqual(contract, self.contract)
        with self.assertRaises(AccessError):
            contract.write({"wants_sliding_lease": True})
        self.assertRefused(self.mother.with_user(self.users["psychologist"]), ["legal_status"])
        with self.assertRaises(AccessError):
            self.as_("psychologist", "imlr.legal.status").search([])
        # not even the manager reads the notes
        self.assertRefused(self.psy_support.with_user(self.users["manager"]), ["notes"])
        with self.assertRaises(AccessError):
            self.as_("manager", "imlr.psychological.session").search([])

    def test_manager_sees_all_of_the_association(self):
        for model, records in (
            ("imlr.support.contract", self.contract),
            ("imlr.intervention", self.visit | self.rent_meeting),
            ("imlr.legal.status", self.status),
            ("imlr.household.resource", self.resource),
            ("imlr.annual.report", self.validated | self.draft),
        ):
            with self.subTest(model=model):
                found = self.as_("manager", model).search([("id", "in", records.ids)])
                self.assertEqual(found, records)
        self.draft.with_user(self.users["manager"]).write({"intro_text": "<p>Intro</p>"})

    def test_companies_do_not_see_each_other(self):
        a_records = {
            "res.partner": self.household | self.mother,
            "imlr.stay": self.stay,
            "imlr.sublease": self.sublease,
            "imlr.dwelling": self.dwelling,
            "imlr.place": self.dwelling.place_ids,
            "imlr.support.contract": self.contract,
            "imlr.intervention": self.visit | self.rent_meeting,
            "imlr.household.member": self.household.household_member_ids,
            "imlr.legal.status": self.status,
            "imlr.household.resource": self.resource,
            "imlr.annual.report": self.validated | self.draft,
            "imlr.program": self.program,
        }
        for model, records in a_records.items():
            with self.subTest(model=model):
                self.assertEqual(self.as_("other", model).search_count([("id", "in", records.ids)]), 0)
                self.assertRefused(records.with_user(self.other))
        self.assertEqual(self.as_("other", "imlr.stay").search([]), self.stay_b)
        self.assertEqual(self.as_("other", "res.partner").search([("id", "in", self.own_partners())]), self.household_b)
        self.assertEqual(self.as_("other", "imlr.stay.movement").search([]).stay_id, self.stay_b)
        # and the other way round
        self.assertEqual(self.as_("manager", "imlr.stay").search_count([("id", "=", self.stay_b.id)]), 0)
        self.assertRefused(self.household_b.with_user(self.users["manager"]))

    def test_menus_of_each_role(self):
        menu_ids = self.env["ir.model.data"].search(
            [("model", "=", "ir.ui.menu"), ("module", "in", ("imlr_odoo", "imlr_odoo_reports"))]
        )
        by_id = {data.res_id: f"{data.module}.{data.name}" for data in menu_ids}

        def visible(role):
            """The menus the web client shows: visible, and under visible parents up to the root."""
            self.env.invalidate_all()
            menus = self.env["ir.ui.menu"].with_user(self.users[role])
            ids = menus._visible_menu_ids()
            reachable = {
                menu.id
                for menu in menus.sudo().browse(ids)
                if not (set(map(int, menu.parent_path.split("/")[:-1])) - ids)
            }
            return {by_id[menu_id] for menu_id in reachable if menu_id in by_id}

        reader = visible("reader")
        self.assertEqual(
            reader,
            {
                "imlr_odoo.imlr_menu_root",
                "imlr_odoo.imlr_menu_reporting",
                "imlr_odoo_reports.imlr_annual_report_menu",
                "imlr_odoo_reports.imlr_place_occupancy_menu",
            },
        )
        rent = visible("rent_manager")
        self.assertTrue(
            {
                "imlr_odoo.imlr_household_menu",
                "imlr_odoo.imlr_stay_menu",
                "imlr_odoo.imlr_sublease_menu",
                "imlr_odoo.imlr_inventory_menu",
                "imlr_odoo.imlr_incident_menu",
                "imlr_odoo.imlr_rent_run_wizard_menu",
                "imlr_odoo.imlr_rent_invoice_menu",
            }
            <= rent
        )
        self.assertFalse({name for name in rent if name.startswith("imlr_odoo.imlr_support")})
        self.assertNotIn("imlr_odoo.imlr_menu_support", rent)
        self.assertNotIn("imlr_odoo.imlr_menu_config", rent)
        social = visible("social_worker")
        self.assertTrue({"imlr_odoo.imlr_support_contract_menu", "imlr_odoo.imlr_intervention_menu"} <= social)
        self.assertFalse({"imlr_odoo.imlr_rent_run_wizard_menu", "imlr_odoo.imlr_menu_config"} & social)
        psychologist = visible("psychologist")
        self.assertIn("imlr_odoo.imlr_psychological_support_menu", psychologist)
        self.assertNotIn("imlr_odoo.imlr_rent_run_wizard_menu", psychologist)
        manager = visible("manager")
        self.assertTrue(
            {"imlr_odoo.imlr_menu_config", "imlr_odoo.imlr_import_wizard_menu", "imlr_odoo.imlr_rent_run_wizard_menu",
             "imlr_odoo.imlr_support_contract_menu", "imlr_odoo_reports.imlr_stay_movement_menu"} <= manager
        )  # fmt: skip


class TestRolesXmlRpc(RolesMixin, HttpCase):
    """The same rules through the external API of the running server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_roles()

    def call(self, role, model, method, *args, **kwargs):
        user = self.other if role == "other" else self.users[role]
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, f"roles_{role}_pw", model, method, list(args), kwargs
        )

    def assertRefused(self, role, model, method, *args, **kwargs):
        with self.assertRaises(Fault) as refused:
            self.call(role, model, method, *args, **kwargs)
        self.assertEqual(refused.exception.faultCode, ACCESS_ERROR, refused.exception.faultString)

    def test_login(self):
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.assertEqual(self.xmlrpc_common.login(self.env.cr.dbname, user.login, f"roles_{role}_pw"), user.id)

    def test_reader(self):
        self.assertEqual(self.call("reader", "res.partner", "search_count", [("is_household", "=", True)]), 0)
        self.assertEqual(self.call("reader", "res.partner", "search_count", [("id", "in", self.own_partners())]), 0)
        self.assertRefused("reader", "res.partner", "read", [self.household.id], ["name"])
        self.assertRefused("reader", "res.partner", "read", [self.mother.id], ["name"])
        for model in REGISTRY_MODELS:
            with self.subTest(model=model):
                self.assertRefused("reader", model, "search", [])
        found = self.call(
            "reader", "imlr.annual.report", "search_read", [("id", "in", [self.validated.id, self.draft.id])], ["state"]
        )
        self.assertEqual(found, [{"id": self.validated.id, "state": "validated"}])
        self.assertRefused("reader", "imlr.annual.report", "read", [self.draft.id], ["name"])
        self.assertRefused("reader", "imlr.annual.report", "write", [self.validated.id], {"intro_text": "<p>x</p>"})
        url = self.call("reader", "imlr.annual.report", "action_export_json", [self.validated.id])["url"]
        self.assertEqual(url, f"/imlr/annual_report/{self.validated.id}/export/json")
        self.assertRefused("reader", "imlr.annual.report", "read", [self.validated.id], ["data"])
        self.assertRefused("reader", "imlr.annual.report", "action_export_json", [self.draft.id])
        # prints the validated report through the web client's report route, not the draft one
        self.authenticate("roles_reader", "roles_reader_pw")
        response = self.url_open(url, timeout=300)  # the export, streamed under the reader's access
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.json()["data_quality"])
        self.assertNotEqual(self.url_open(f"/imlr/annual_report/{self.draft.id}/export/json").status_code, 200)
        # url_open's 12 s default is too short when the machine is busy: the answer is waited for
        response = self.url_open(f"/report/html/imlr_odoo_reports.report_annual/{self.validated.id}", timeout=300)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Rendez-vous au bureau", response.text)
        self.assertNotIn("Famille ROLES", response.text)
        response = self.url_open(f"/report/html/imlr_odoo_reports.report_annual/{self.draft.id}", timeout=300)
        self.assertNotEqual(response.status_code, 200)

    def test_rent_manager(self):
        self.assertEqual(self.call("rent_manager", "imlr.stay", "search", [("id", "=", self.stay.id)]), self.stay.ids)
        self.assertEqual(
            self.call("rent_manager", "res.partner", "read", [self.household.id], ["name"]),
            [{"id": self.household.id, "name": "Famille ROLES"}],
        )
        self.call("rent_manager", "imlr.sublease", "write", [self.sublease.id], {"rent": 420})
        self.assertEqual(self.sublease.rent, 420)
        for model in SUPPORT_MODELS:
            with self.subTest(model=model):
                self.assertRefused("rent_manager", model, "search", [])
        self.assertEqual(
            self.call("rent_manager", "imlr.intervention", "search", [("stay_id", "=", self.stay.id)]),
            self.rent_meeting.ids,
        )
        self.assertRefused("rent_manager", "imlr.intervention", "read", [self.visit.id], ["note"])
        self.assertRefused("rent_manager", "res.partner", "read", [self.mother.id], ["legal_status"])
        self.assertRefused("rent_manager", "imlr.legal.status", "search", [])
        self.assertRefused("rent_manager", "imlr.psychological.support", "read", [self.psy_support.id], ["notes"])

    def test_social_worker_and_psychologist(self):
        self.assertEqual(
            self.call("social_worker", "res.partner", "read", [self.mother.id], ["legal_status"]),
            [{"id": self.mother.id, "legal_status": "refugee"}],
        )
        self.assertEqual(
            self.call("social_worker", "imlr.support.contract", "search", [("stay_id", "=", self.stay.id)]),
            self.contract.ids,
        )
        self.assertRefused("social_worker", "imlr.psychological.support", "read", [self.psy_support.id], ["notes"])
        self.assertRefused("social_worker", "imlr.psychological.session", "search", [])
        self.assertEqual(
            self.call("psychologist", "imlr.psychological.support", "read", [self.psy_support.id], ["notes"]),
            [{"id": self.psy_support.id, "notes": f"Nightmares since the crossing. {PSY_MARKER}"}],
        )
        self.assertEqual(
            self.call(
                "psychologist", "imlr.psychological.session", "search", [("support_id", "=", self.psy_support.id)]
            ),
            self.psy_session.ids,
        )
        self.assertRefused("manager", "imlr.psychological.session", "search", [])
        self.assertRefused("psychologist", "imlr.legal.status", "search", [])

    def test_other_company(self):
        for model, record in (
            ("imlr.stay", self.stay),
            ("imlr.sublease", self.sublease),
            ("imlr.dwelling", self.dwelling),
            ("res.partner", self.household),
            ("imlr.annual.report", self.validated),
        ):
            with self.subTest(model=model):
                self.assertEqual(self.call("other", model, "search_count", [("id", "=", record.id)]), 0)
                self.assertRefused("other", model, "read", [record.id], ["display_name"])
        self.assertEqual(self.call("other", "imlr.stay", "search", []), self.stay_b.ids)


# ---------------------------------------------------------------------------------------------- the matrix
TEAM = {"user", "social_worker", "rent_manager", "psychologist", "manager"}
SUPPORT_TEAM = {"social_worker", "psychologist", "manager"}
RENTS = {"rent_manager", "manager"}
# every IML model, and the roles that may read it (the others are refused); a new model must be placed here
READERS_OF_MODEL = {
    "imlr.program": TEAM | {"reader"},
    "imlr.sector": TEAM | {"reader"},
    "imlr.annual.report": TEAM | {"reader"},
    "imlr.place.occupancy": TEAM | {"reader"},
    "imlr.stay.movement": TEAM,
    "imlr.entry.situation": TEAM,
    "imlr.exit.destination": TEAM,
    "imlr.resource.type": TEAM,
    "imlr.partner.category": TEAM,
    "imlr.household.member": TEAM,
    "imlr.household.contact": TEAM,
    "imlr.dwelling": TEAM,
    "imlr.place": TEAM,
    "imlr.place.block": TEAM,
    "imlr.lease": TEAM,
    "imlr.orientation": TEAM,
    "imlr.stay": TEAM,
    "imlr.reinforced.support": TEAM,
    "imlr.eviction.stage": TEAM,
    "imlr.sublease": TEAM,
    "imlr.incident": TEAM,
    "imlr.inventory": TEAM,
    "imlr.inventory.line": TEAM,
    "imlr.irl.index": TEAM,
    "imlr.rent.revision": TEAM,
    "imlr.repayment.plan": TEAM,
    "imlr.repayment.instalment": TEAM,
    "imlr.repayment.plan.debt": TEAM,
    "imlr.impaye.report": RENTS,
    "imlr.dashboard.tile": TEAM,
    "imlr.psychological.support": TEAM,
    "imlr.psychological.session": {"psychologist"},
    "imlr.support.contract": SUPPORT_TEAM,
    "imlr.support.amendment": SUPPORT_TEAM,
    "imlr.support.objective": SUPPORT_TEAM,
    "imlr.support.objective.review": SUPPORT_TEAM,
    "imlr.intervention": SUPPORT_TEAM | {"rent_manager"},
    "imlr.legal.status": {"social_worker", "manager"},
    "imlr.household.resource": {"social_worker", "manager"},
    "imlr.caf.statement": RENTS,
    "imlr.caf.statement.line": RENTS,
    "imlr.household.arrears": RENTS,
    "imlr.vacancy.cost": RENTS,
}
# the dashboard figures each role sees
TILES_OF_ROLE = {
    "user": {"households_present", "entries", "exits", "vacant_places", "late_plans", "impayes"},
    "social_worker": {"households_present", "entries", "exits", "vacant_places", "late_plans", "impayes",
                      "contracts_ending"},
    "psychologist": {"households_present", "entries", "exits", "vacant_places", "late_plans", "impayes",
                     "contracts_ending"},
    "rent_manager": {"households_present", "entries", "exits", "vacant_places", "late_plans", "impayes", "arrears"},
    "manager": {"households_present", "entries", "exits", "vacant_places", "late_plans", "impayes",
                "contracts_ending", "arrears"},
    "reader": set(),
}  # fmt: skip
PSY_MARKERS = (PSY_MARKER, SESSION_MARKER)


class TestRolesMatrix(RolesMixin, HttpCase):
    """Each role × each IML model and each side door (exports, report data, followers, report URLs, dashboard,
    the first screen in the browser), allowed and refused, over the ORM and over XML-RPC; the seeded markers
    never reach a role that may not read them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_roles()
        env = cls.env
        # a second psychologist, in charge of nobody here; and the spouse, with a support of her own
        cls.other_psychologist = new_test_user(
            env, login="roles_psy2", password="roles_psy2_pw", groups="imlr_odoo.group_imlr_psychologist"
        )
        cls.spouse = env["res.partner"].create(
            {"name": "Yonas Roles", "is_imlr_person": True, "gender": "male", "birthdate": d("1985-01-01")}
        )
        env["imlr.household.member"].create(
            {"household_id": cls.household.id, "partner_id": cls.spouse.id, "role": "spouse",
             "date_start": d("2024-01-10")}
        )  # fmt: skip
        cls.spouse_support = env["imlr.psychological.support"].create(
            {"stay_id": cls.stay.id, "partner_id": cls.spouse.id, "date_proposed": d("2024-03-01"),
             "state": "accepted", "date_decision": d("2024-03-02"),
             "psychologist_id": cls.users["psychologist"].id, "notes": "SPOUSE-NOTE-MARKER-44d0"}
        )  # fmt: skip
        cls.unassigned = env["imlr.psychological.support"].create(
            {"stay_id": cls.stay.id, "date_proposed": d("2024-04-01")}
        )

    def user_of(self, role):
        return self.other if role == "other" else self.users[role]

    def call(self, role, model, method, *args, **kwargs):
        user = self.user_of(role)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, f"roles_{role}_pw", model, method, list(args), kwargs
        )

    def refused_over_rpc(self, role, model, method, *args, **kwargs):
        try:
            self.call(role, model, method, *args, **kwargs)
        except Fault as fault:
            self.assertEqual(fault.faultCode, ACCESS_ERROR, fault.faultString)
            return True
        return False

    def refused_over_orm(self, role, model):
        self.env.invalidate_all()
        try:
            self.env[model].with_user(self.user_of(role)).search_count([])
        except AccessError:
            return True
        return False

    def test_every_iml_model_for_every_role(self):
        models = {
            name
            for name, model in self.env.registry.items()
            if name.startswith("imlr.") and not model._abstract and not model._transient
        }
        self.assertEqual(models, set(READERS_OF_MODEL), "every IML model has its line in the matrix")
        for model, readers in sorted(READERS_OF_MODEL.items()):
            for role in ROLES:
                with self.subTest(model=model, role=role):
                    expected = role not in readers
                    self.assertEqual(self.refused_over_orm(role, model), expected, "ORM")
                    self.assertEqual(self.refused_over_rpc(role, model, "search_count", []), expected, "XML-RPC")

    def readable_texts(self, role):
        """Everything ``role`` can read of the text columns of every model, through the ORM with its rights."""
        user = self.user_of(role)
        texts = []
        for name, model_class in self.env.registry.items():
            if model_class._abstract or model_class._transient:
                continue
            model = self.env[name].with_user(user)
            if not model.has_access("read"):
                continue
            names = [
                field_name
                for field_name, field in model._fields.items()
                if field.store and field.type in ("char", "text", "html", "json") and field.is_accessible(model.env)
            ]
            if not names:
                continue
            try:
                with self.env.cr.savepoint():
                    texts.append(str(model.with_context(active_test=False).search_read([], names)))
            except AccessError:
                continue  # a field or a record rule of the model refuses this role: nothing read
        return "\n".join(texts)

    def test_markers_reach_only_who_may_read_them(self):
        self.env.flush_all()
        expected = {
            # role: the markers it reads
            "user": {CHATTER_MARKER},
            "social_worker": {CHATTER_MARKER, INTERVENTION_MARKER},
            "rent_manager": {CHATTER_MARKER},
            "psychologist": {CHATTER_MARKER, INTERVENTION_MARKER, PSY_MARKER, SESSION_MARKER},
            "manager": {CHATTER_MARKER, INTERVENTION_MARKER},
            "reader": set(),
            "other": set(),
        }
        markers = (PSY_MARKER, SESSION_MARKER, INTERVENTION_MARKER, CHATTER_MARKER)
        for role, readable in expected.items():
            with self.subTest(role=role):
                texts = self.readable_texts(role)
                self.assertEqual({marker for marker in markers if marker in texts}, readable)
                # over XML-RPC: the notes and the messages
                found = set()
                for model, domain, fields in (
                    ("imlr.psychological.support", [("notes", "ilike", "MARKER")], ["notes"]),
                    ("imlr.psychological.session", [("note", "ilike", "MARKER")], ["note"]),
                    ("imlr.intervention", [("note", "ilike", "MARKER")], ["note"]),
                    ("mail.message", [("body", "ilike", "MARKER")], ["body"]),
                ):
                    try:
                        found |= {marker for marker in markers if marker in str(self.call(
                            role, model, "search_read", domain, fields))}  # fmt: skip
                    except Fault as fault:
                        self.assertEqual(fault.faultCode, ACCESS_ERROR, fault.faultString)
                self.assertEqual(found, readable)
        # the other psychologist reads neither the supports nor the sessions of a colleague
        self.assertNotIn(PSY_MARKER, self.readable_texts_of(self.other_psychologist))

    def readable_texts_of(self, user):
        supports = self.env["imlr.psychological.support"].with_user(user)
        sessions = self.env["imlr.psychological.session"].with_user(user)
        return str(supports.search_read([], ["notes"])) + str(sessions.search_read([], ["note"]))

    def test_psychologists_and_their_supports(self):
        psy, other = self.users["psychologist"], self.other_psychologist
        supports = self.env["imlr.psychological.support"]
        # each psychologist reads the supports assigned to them, and those not assigned yet
        self.assertEqual(
            supports.with_user(psy).search([("stay_id", "=", self.stay.id)]),
            self.psy_support | self.spouse_support | self.unassigned,
        )
        self.assertEqual(supports.with_user(other).search([("stay_id", "=", self.stay.id)]), self.unassigned)
        with self.assertRaises(AccessError):
            self.psy_support.with_user(other).write({"notes": "Overwritten"})
        self.assertEqual(
            self.env["imlr.psychological.session"].with_user(other).search([("support_id", "=", self.psy_support.id)]),
            self.env["imlr.psychological.session"],
        )
        # a psychologist takes an unassigned support for themselves, not for a colleague, nor an assigned one
        with self.assertRaises(AccessError):
            self.unassigned.with_user(other).write({"psychologist_id": psy.id})
        with self.assertRaises(AccessError):
            self.psy_support.with_user(psy).write({"psychologist_id": other.id})
        self.unassigned.with_user(other).write({"psychologist_id": other.id, "notes": "Taken"})
        self.assertEqual(self.unassigned.psychologist_id, other)
        self.assertFalse(supports.with_user(psy).search([("id", "=", self.unassigned.id)]))
        # the social worker proposes, the manager assigns
        proposal = {"stay_id": self.stay.id, "date_proposed": d("2024-05-01")}
        with self.assertRaises(AccessError):
            supports.with_user(self.users["social_worker"]).create({**proposal, "psychologist_id": psy.id})
        proposed = supports.with_user(self.users["social_worker"]).create(proposal)
        with self.assertRaises(AccessError):
            proposed.with_user(self.users["social_worker"]).write({"psychologist_id": psy.id})
        proposed.with_user(self.users["manager"]).write({"psychologist_id": other.id})
        self.assertEqual(proposed.psychologist_id, other)
        # the same over XML-RPC
        self.assertTrue(
            self.refused_over_rpc("social_worker", "imlr.psychological.support", "write", [self.unassigned.id],
                                  {"psychologist_id": psy.id})
        )  # fmt: skip
        self.assertTrue(
            self.refused_over_rpc("psychologist", "imlr.psychological.support", "read", [self.unassigned.id], ["notes"])
        )

    def test_right_of_access_export(self):
        attachments_before = self.env["ir.attachment"].search_count([])
        url = self.call("manager", "res.partner", "action_imlr_gdpr_export", [self.mother.id])["url"]
        self.assertEqual(url, f"/imlr/gdpr_export/{self.mother.id}")
        # the manager's export: everything but the psychological notes, which it says exist and who holds them
        self.authenticate("roles_manager", "roles_manager_pw")
        response = self.url_open(url, timeout=300)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        export = response.json()
        self.assertEqual(export["subject"]["name"], "Amina Roles")
        text = response.text
        for marker in (*PSY_MARKERS, "SPOUSE-NOTE-MARKER-44d0"):
            self.assertNotIn(marker, text)
        self.assertIn(INTERVENTION_MARKER, text)
        psychological = next(s for s in export["sections"] if s["model"] == "imlr.psychological.support")
        # hers and the household's, not her husband's
        rows = {row["id"]: row["values"] for row in psychological["records"]}
        self.assertEqual(set(rows), {self.psy_support.id, self.unassigned.id})
        self.assertNotIn("notes", psychological["labels"])
        self.assertIn(self.users["psychologist"].name, rows[self.psy_support.id]["confidential_part"])
        self.assertIn("1 séance(s)", rows[self.psy_support.id]["confidential_part"])
        self.assertIn("0 séance(s)", rows[self.unassigned.id]["confidential_part"])
        memberships = next(s for s in export["sections"] if s["model"] == "imlr.household.member")["records"]
        self.assertEqual([row["values"]["partner_id"] for row in memberships], ["Amina Roles"])
        self.assertNotIn("imlr.psychological.session", [s["model"] for s in export["sections"]])
        # the psychologist answers the confidential part: her notes and sessions, not the spouse's
        self.authenticate("roles_psychologist", "roles_psychologist_pw")
        response = self.url_open(url, timeout=300)
        self.assertEqual(response.status_code, 200)
        self.assertIn(PSY_MARKER, response.text)
        self.assertIn(SESSION_MARKER, response.text)
        self.assertNotIn("SPOUSE-NOTE-MARKER-44d0", response.text)
        self.assertNotIn(INTERVENTION_MARKER, response.text)
        self.assertNotIn("imlr.legal.status", response.text)
        # nobody else; and no file is left behind
        for role in ("user", "social_worker", "rent_manager", "reader"):
            with self.subTest(role=role):
                self.authenticate(f"roles_{role}", f"roles_{role}_pw")
                self.assertNotEqual(self.url_open(url, timeout=300).status_code, 200)
                response = self.url_open(f"/report/pdf/imlr_odoo.report_gdpr_export/{self.mother.id}", timeout=300)
                self.assertNotEqual(response.status_code, 200)
                with self.assertRaises(Fault):  # refused (UserError, or AccessError for a reader)
                    self.call(role, "res.partner", "action_imlr_gdpr_export", [self.mother.id])
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments_before)

    def test_report_data_and_urls(self):
        reader = self.users["reader"]
        attachments_before = self.env["ir.attachment"].search_count([("res_model", "=", "imlr.annual.report")])
        with self.assertRaises(AccessError):
            self.validated.with_user(reader).read(["data"])
        self.assertTrue(self.refused_over_rpc("reader", "imlr.annual.report", "read", [self.validated.id], ["data"]))
        self.env.invalidate_all()
        self.assertEqual(self.validated.with_user(self.users["manager"]).read(["data"])[0]["data"], self.validated.data)
        # the exports, downloaded: the names of the data-quality list for the team only, nothing stored
        self.assertIn("Famille ROLES", json.dumps(self.validated.data["data_quality"], ensure_ascii=False))
        for role, names in (("reader", False), ("manager", True), ("rent_manager", True)):
            with self.subTest(role=role):
                self.authenticate(f"roles_{role}", f"roles_{role}_pw")
                for fmt in ("json", "xlsx"):
                    response = self.url_open(f"/imlr/annual_report/{self.validated.id}/export/{fmt}", timeout=300)
                    self.assertEqual(response.status_code, 200)
                    content = response.content if fmt == "json" else xlsx_text(response.content).encode()
                    self.assertEqual(b"Famille ROLES" in content, names, fmt)
                self.assertNotEqual(
                    self.url_open(f"/imlr/annual_report/{self.validated.id}/export/csv", timeout=300).status_code, 200
                )
        self.authenticate("roles_reader", "roles_reader_pw")
        self.assertNotEqual(
            self.url_open(f"/imlr/annual_report/{self.draft.id}/export/json", timeout=300).status_code, 200
        )
        self.authenticate("roles_other", "roles_other_pw")
        self.assertNotEqual(
            self.url_open(f"/imlr/annual_report/{self.validated.id}/export/json", timeout=300).status_code, 200
        )
        self.assertEqual(
            self.env["ir.attachment"].search_count([("res_model", "=", "imlr.annual.report")]), attachments_before
        )

    def test_followers(self):
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.household.id, "invoice_date": d("2024-02-01"),
             "invoice_line_ids": [Command.create({"name": "Loyer", "quantity": 1, "price_unit": 400})]}
        )  # fmt: skip
        invoice.action_post()
        self.assertNotIn(self.household, invoice.message_partner_ids)
        # what is left (a household following a record of the team): hidden from readers and other associations
        self.stay.message_subscribe(partner_ids=(self.household | self.mother).ids)
        domain = [("partner_id", "in", (self.household | self.mother).ids)]
        self.assertEqual(len(self.env["mail.followers"].search(domain)), 2)
        for role, count in (("reader", 0), ("other", 0), ("user", 2), ("rent_manager", 2)):
            with self.subTest(role=role):
                self.env.invalidate_all()
                self.assertEqual(self.env["mail.followers"].with_user(self.user_of(role)).search_count(domain), count)
                found = self.call(role, "mail.followers", "search_read", domain, ["name"])
                self.assertEqual(len(found), count)
                self.assertNotIn("Famille ROLES", str(found) if count == 0 else "")

    def test_dashboard_of_every_role(self):
        for role, codes in TILES_OF_ROLE.items():
            with self.subTest(role=role):
                self.env.invalidate_all()
                tiles = self.env["imlr.dashboard.tile"].with_user(self.users[role]).with_context(date=d("2024-06-30"))
                if role == "reader":
                    with self.assertRaises(AccessError):
                        tiles.search([])
                    self.assertTrue(self.refused_over_rpc(role, "imlr.dashboard.tile", "search_read", [], ["value"]))
                    continue
                found = tiles.search([])
                self.assertEqual(set(found.mapped("code")), codes)
                found.mapped("value_display")  # computed with the role's rights, without error
                for tile in found:
                    tile.action_open()
                rows = self.call(role, "imlr.dashboard.tile", "web_search_read", [],
                                 {"value_display": {}, "code": {}, "period_display": {}})  # fmt: skip
                self.assertEqual({row["code"] for row in rows["records"]}, codes)

    def test_first_screen_in_the_browser(self):
        for role in ROLES:
            with self.subTest(role=role):
                tour = "imlr_first_screen_reader" if role == "reader" else "imlr_first_screen_dashboard"
                self.start_tour("/odoo", tour, login=f"roles_{role}", timeout=120)


def xlsx_text(content):
    """Every string of an XLSX workbook, for a search."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
