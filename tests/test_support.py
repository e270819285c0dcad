"""The social support: contracts and amendments (the 18-month rule), the activities planned by the crons,
the support figures of the annual report, the confidentiality of the psychologist's notes, the printed
documents, the views, and the demo association's support for 2023-2024."""

import json
import subprocess
from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user
from odoo.tests.common import TransactionCase

from .common import RegistryCase, d
from .test_views import EVERY_VIEW_JS

P_FROM, P_TO = d("2024-01-01"), d("2024-12-31")


def pdf_text(pdf):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


class SupportCase(RegistryCase):
    """A household entered on 10 January 2024, in a dwelling of its own, and one user of each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.mother = cls.make_person("Awa Support", "female", "1990-03-02", "refugee")
        cls.son = cls.make_person("Moussa Support", "male", "2015-06-20", "refugee")
        cls.household = cls.make_household(
            "Famille SUPPORT", [(cls.mother, "reference"), (cls.son, "child")], "2024-01-10"
        )
        cls.stay = cls.make_stay(cls.household, "2024-01-10")
        cls.dwelling = cls.make_dwelling("Support — 5 rue des Tests", "t2")
        cls.sublease = cls.make_sublease(cls.stay, cls.dwelling.place_ids, "2024-01-10")
        users = {
            "social_worker": "imlr_odoo.group_imlr_social_worker",
            "rent_manager": "imlr_odoo.group_imlr_rent_manager",
            "manager": "imlr_odoo.group_imlr_manager",
            "psychologist": "imlr_odoo.group_imlr_psychologist",
        }
        # the data of RegistryCase belong to its own company: the users work in both (multi-company rules)
        companies = [Command.set((cls.env.company | cls.company).ids)]
        for role, group in users.items():
            setattr(cls, role, new_test_user(cls.env, login=f"support_{role}", groups=group, company_ids=companies))

    @classmethod
    def make_contract(cls, stay=None, **vals):
        return cls.env["imlr.support.contract"].create({"stay_id": (stay or cls.stay).id, **vals})

    def amendment_vals(self, contract, start, end, **vals):
        return {"contract_id": contract.id, "date_start": d(start), "date_end": d(end), **vals}


class TestSupportContract(SupportCase):
    def test_contract_defaults_to_six_months_from_entry(self):
        contract = self.make_contract()
        self.assertRecordValues(
            contract,
            [
                {
                    "date_start": d("2024-01-10"),
                    "date_end": d("2024-07-09"),
                    "date_signature_due": d("2024-02-09"),
                    "date_end_current": d("2024-07-09"),
                    "duration_months": 6,
                    "date_limit": d("2025-07-09"),
                    "is_beyond_limit": False,
                    "household_id": self.household.id,
                }
            ],
        )
        self.assertTrue(contract.with_context(date="2024-02-10").is_signature_late)
        self.assertFalse(contract.with_context(date="2024-02-09").is_signature_late)
        self.assertIn(contract, contract.with_context(date="2024-03-01").search([("is_signature_late", "=", True)]))
        with self.assertRaises(ValidationError):
            self.make_contract(stay=self.make_stay(self.make_household("Other", [], "2024-01-01"), "2024-01-01"),
                               date_start=d("2023-12-01"))  # fmt: skip

    def test_amendment_follows_the_contract(self):
        contract = self.make_contract()
        contract.objective_ids = [
            Command.create({"area": "rights", "name": "Open CAF rights"}),
            Command.create({"area": "housing", "name": "Autonomous housing"}),
        ]
        with Form(self.env["imlr.support.amendment"].with_context(default_contract_id=contract.id)) as form:
            self.assertEqual(form.date_start, d("2024-07-10"))
            self.assertEqual(form.date_end, d("2025-01-09"))
        amendment = form.record
        self.assertRecordValues(amendment, [{"number": 1, "duration_months": 12, "is_beyond_limit": False}])
        self.assertEqual(contract.date_end_current, d("2025-01-09"))
        # the new amendment reviews the open objectives; the objective takes the status of its latest review
        self.assertEqual(amendment.review_ids.objective_id, contract.objective_ids)
        rights = contract.objective_ids.filtered(lambda o: o.area == "rights")
        amendment.review_ids.filtered(lambda r: r.objective_id == rights).write(
            {"state": "achieved", "evaluation": "Rights open."}
        )
        self.assertRecordValues(rights, [{"state": "achieved", "evaluation": "Rights open."}])
        # the amendments' stored names are in the association's language (French)
        with self.assertRaisesRegex(ValidationError, "overlaps Avenant 1"), self.env.cr.savepoint():
            self.env["imlr.support.amendment"].create(self.amendment_vals(contract, "2024-12-01", "2025-05-31"))
        with self.assertRaises(ValidationError):  # does not extend the contract
            self.env["imlr.support.amendment"].create(self.amendment_vals(contract, "2024-03-01", "2024-06-30"))

    def test_18_month_rule(self):
        contract = self.make_contract(date_signature=d("2024-01-20"))
        amendments = self.env["imlr.support.amendment"].with_user(self.social_worker)
        amendments.create(self.amendment_vals(contract, "2024-07-10", "2025-01-09"))
        second = amendments.create(self.amendment_vals(contract, "2025-01-10", "2025-07-09"))
        self.assertRecordValues(second, [{"duration_months": 18, "is_beyond_limit": False}])
        third = self.amendment_vals(contract, "2025-07-10", "2026-01-09")

        # refused without acknowledgement
        with self.assertRaises(ValidationError) as refused:
            amendments.create(third)
        self.assertIn("beyond 18: a manager must acknowledge it", str(refused.exception))
        # refused when the reason is given by someone who is not a manager
        with self.assertRaises(ValidationError) as refused:
            amendments.create({**third, "acknowledgement_reason": "Rehousing under way."})
        self.assertIn("only a manager can acknowledge it", str(refused.exception))
        # nobody acknowledges in somebody else's name
        with self.assertRaises(AccessError):
            amendments.create({**third, "acknowledgement_reason": "x", "acknowledged_by_id": self.manager.id})

        # accepted when a manager gives the reason
        today = fields.Date.context_today(self.env["res.partner"].with_user(self.manager))  # in the manager's time zone
        amendment = (
            self.env["imlr.support.amendment"]
            .with_user(self.manager)
            .create({**third, "acknowledgement_reason": "Glissement de bail under way with the landlord."})
        )
        self.assertRecordValues(
            amendment,
            [
                {
                    "number": 3,
                    "duration_months": 24,
                    "is_beyond_limit": True,
                    "acknowledged_by_id": self.manager.id,
                    "acknowledgement_date": today,
                }
            ],
        )
        self.assertRecordValues(
            contract, [{"date_end_current": d("2026-01-09"), "duration_months": 24, "is_beyond_limit": True}]
        )
        # moving the end again is a new extension: the social worker cannot, the manager can
        with self.assertRaises(ValidationError):
            amendment.with_user(self.social_worker).date_end = d("2026-02-28")
        amendment.with_user(self.manager).date_end = d("2026-02-28")
        self.assertEqual(contract.duration_months, 25)
        # and a contract whose own term goes beyond 18 months is refused: it is extended by amendments
        with self.assertRaises(ValidationError):
            contract.date_end = d("2025-09-30")


class TestSupportActivities(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_model = cls.env["imlr.support.contract"]
        households = [cls.make_household(f"Activity {n}", [], "2024-01-10") for n in range(3)]
        cls.signed_stay = cls.make_stay(households[0], "2024-01-10")
        cls.make_contract(stay=cls.signed_stay, date_signature=d("2024-01-25"))
        cls.unsigned_stay = cls.make_stay(households[1], "2024-01-10")
        cls.unsigned_contract = cls.make_contract(stay=cls.unsigned_stay)
        cls.recent_stay = cls.make_stay(households[2], "2024-02-01")

    def activities(self, model, records, xmlid, active=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", model),
                    ("res_id", "in", records.ids),
                    ("activity_type_id", "=", self.env.ref(xmlid).id),
                    ("active", "=", active),
                ]
            )
        )

    def test_signature_activity(self):
        xmlid = "imlr_odoo.mail_activity_type_support_signature"
        stays = self.stay | self.signed_stay | self.unsigned_stay | self.recent_stay
        self.contract_model._schedule_signature_activities(d("2024-02-09"))  # the first month is not over yet
        self.assertFalse(self.activities("imlr.stay", stays, xmlid))
        for _twice in range(2):
            self.contract_model._schedule_signature_activities(d("2024-02-15"))
        planned = self.activities("imlr.stay", stays, xmlid)
        # no contract at all, or a contract not signed: one activity each, due on the last day of the first month
        self.assertEqual(sorted(planned.mapped("res_id")), sorted((self.stay | self.unsigned_stay).ids))
        self.assertEqual(set(planned.mapped("date_deadline")), {d("2024-02-09")})
        # signing the contract completes the activity, and the cron does not plan it again
        self.unsigned_contract.date_signature = d("2024-02-16")
        self.assertEqual(
            self.activities("imlr.stay", self.unsigned_stay, xmlid, active=False).res_id, self.unsigned_stay.id
        )
        self.assertFalse(self.activities("imlr.stay", self.unsigned_stay, xmlid))
        self.contract_model._schedule_signature_activities(d("2024-02-20"))
        self.assertFalse(self.activities("imlr.stay", self.unsigned_stay, xmlid))

    def test_contract_end_activity(self):
        xmlid = "imlr_odoo.mail_activity_type_support_contract_end"
        contract = self.unsigned_contract
        self.contract_model._schedule_end_activities(d("2024-06-01"))  # ends on 9 July: not yet
        self.assertFalse(self.activities("imlr.support.contract", contract, xmlid))
        for _twice in range(2):
            self.contract_model._schedule_end_activities(d("2024-06-20"))
        activity = self.activities("imlr.support.contract", contract, xmlid)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, d("2024-07-09"))
        # an amendment extends the contract: the activity is done, the next one will be for the new end
        self.env["imlr.support.amendment"].create(self.amendment_vals(contract, "2024-07-10", "2025-01-09"))
        self.assertFalse(self.activities("imlr.support.contract", contract, xmlid))
        self.contract_model._schedule_end_activities(d("2024-12-15"))
        self.assertEqual(self.activities("imlr.support.contract", contract, xmlid).date_deadline, d("2025-01-09"))

    def test_pre_exit_inventory_activity(self):
        xmlid = "imlr_odoo.mail_activity_type_pre_exit_inventory"
        inventories = self.env["imlr.inventory"]
        entry = inventories.create(
            {"sublease_id": self.sublease.id, "inventory_type": "entry", "date": d("2024-01-10"),
             "user_id": self.rent_manager.id}
        )  # fmt: skip
        inventories._schedule_pre_exit_activities(d("2024-05-01"))  # no end planned
        self.assertFalse(self.activities("imlr.sublease", self.sublease, xmlid))
        self.sublease.date_end = d("2024-06-30")  # the household will leave on 1 July
        self.stay.date_exit = d("2024-07-01")
        for _twice in range(2):
            inventories._schedule_pre_exit_activities(d("2024-05-20"))
        activity = self.activities("imlr.sublease", self.sublease, xmlid)
        self.assertRecordValues(activity, [{"date_deadline": d("2024-06-15"), "user_id": self.rent_manager.id}])
        # the pre-exit inventory is done: rooms and items come from the entry inventory, the activity is done
        entry.action_load_lines()
        entry.line_ids.condition = "good"
        pre_exit = inventories.create(
            {"sublease_id": self.sublease.id, "inventory_type": "pre_exit", "date": d("2024-06-10")}
        )
        pre_exit.action_load_lines()
        self.assertEqual(pre_exit.line_ids.mapped("item"), entry.line_ids.mapped("item"))
        self.assertEqual(set(pre_exit.line_ids.mapped("condition_entry")), {"good"})
        self.assertFalse(self.activities("imlr.sublease", self.sublease, xmlid))
        with self.assertRaises(ValidationError):  # an exit inventory cannot come before the pre-exit one
            inventories.create({"sublease_id": self.sublease.id, "inventory_type": "exit", "date": d("2024-06-01")})

    def test_next_visit_activity(self):
        xmlid = "imlr_odoo.mail_activity_type_support_visit"
        interventions = self.env["imlr.intervention"].with_user(self.social_worker)
        interventions.create(
            {"stay_id": self.stay.id, "name": "Home visit", "intervention_type": "home_visit",
             "date": d("2024-03-05"), "date_next": d("2024-04-05")}
        )  # fmt: skip
        activity = self.activities("imlr.stay", self.stay, xmlid)
        self.assertRecordValues(activity, [{"date_deadline": d("2024-04-05"), "user_id": self.social_worker.id}])
        interventions.create(
            {"stay_id": self.stay.id, "name": "Home visit", "intervention_type": "home_visit", "date": d("2024-04-08")}
        )
        self.assertFalse(self.activities("imlr.stay", self.stay, xmlid))
        with self.assertRaises(ValidationError):  # a joint visit is made by two
            interventions.create(
                {"stay_id": self.stay.id, "name": "Joint", "intervention_type": "joint_visit", "date": d("2024-04-09")}
            )


class TestSupportCounts(SupportCase):
    """The support figures of 2024, on a program of the test's own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        other = cls.make_stay(cls.make_household("Famille COUNT", [], "2023-06-01"), "2023-06-01")
        cls.make_contract(date_signature=d("2024-01-20"))
        contract_2023 = cls.make_contract(stay=other, date_signature=d("2023-06-15"))  # signed before P
        amendments = cls.env["imlr.support.amendment"]
        amendments.create(
            [
                {"contract_id": contract_2023.id, "date_start": d("2023-12-01"), "date_end": d("2024-05-31"),
                 "date_signature": d("2023-11-28")},  # signed before P
                {"contract_id": contract_2023.id, "date_start": d("2024-06-01"), "date_end": d("2024-11-30"),
                 "date_signature": d("2024-05-27")},
            ]
        )  # fmt: skip
        two = cls.social_worker | cls.rent_manager
        cls.interventions = [
            ("office", "2024-02-05", cls.rent_manager),
            ("office", "2024-03-05", cls.rent_manager),
            ("office", "2023-12-05", cls.rent_manager),  # before P
            ("home_visit", "2024-02-15", cls.social_worker),
            ("joint_visit", "2024-03-15", two),
            ("joint_visit", "2024-12-31", two),  # last day of P
            ("phone", "2025-01-01", cls.social_worker),  # after P
        ]
        cls.env["imlr.intervention"].create(
            [
                {"stay_id": other.id, "name": kind, "intervention_type": kind, "date": d(day),
                 "user_ids": [Command.set(users.ids)]}
                for kind, day, users in cls.interventions
            ]
        )  # fmt: skip
        cls.env["imlr.intervention"].create(
            {"stay_id": cls.stay.id, "name": "CAF", "intervention_type": "partner_accompaniment",
             "date": d("2024-01-25"), "partner_id": cls.env["res.partner"].create({"name": "CAF test"}).id}
        )  # fmt: skip
        supports = cls.env["imlr.psychological.support"].create(
            [
                {"stay_id": cls.stay.id, "date_proposed": d("2024-02-01"), "state": "refused",
                 "date_decision": d("2024-02-10")},
                {"stay_id": other.id, "date_proposed": d("2024-03-01"), "state": "accepted",
                 "date_decision": d("2024-03-08"), "notes": "Confidential."},
                {"stay_id": other.id, "date_proposed": d("2024-11-01")},
                {"stay_id": other.id, "date_proposed": d("2023-11-01"), "state": "refused",
                 "date_decision": d("2023-11-15")},  # before P
            ]
        )  # fmt: skip
        cls.env["imlr.psychological.session"].create(
            [
                {"support_id": supports[1].id, "date": d(day), "note": "Confidential."}
                for day in ("2024-03-15", "2024-04-15")
            ]
        )
        cls.statistics = cls.env["imlr.support.statistics"]

    def test_counts_over_the_period(self):
        expected = {
            "contracts_signed": 1,
            "amendments": 1,
            "interventions": {
                "office": 2,
                "home_visit": 1,
                "joint_visit": 2,
                "phone": 0,
                "partner_accompaniment": 1,
            },
            "home_visits": 3,
            "joint_visits": 2,
            "psychological_orientations": {"proposed": 3, "accepted": 1, "refused": 1},
            "psychological_sessions": 2,
        }
        self.assertEqual(self.statistics.counts(self.program, P_FROM, P_TO), expected)
        # the counts serve the manager too, who cannot read the sessions: numbers only come out
        self.assertEqual(self.statistics.with_user(self.manager).counts(self.program, P_FROM, P_TO), expected)
        # another program counts apart
        self.assertEqual(self.statistics.counts(self.env["imlr.program"], P_FROM, P_TO)["contracts_signed"], 0)
        first_quarter = self.statistics.counts(self.program, P_FROM, d("2024-03-31"))
        self.assertEqual(first_quarter["interventions"]["office"], 2)
        self.assertEqual(first_quarter["psychological_orientations"], {"proposed": 2, "accepted": 1, "refused": 1})

    def test_counts_take_a_fixed_number_of_queries(self):
        self.statistics.counts(self.program, P_FROM, P_TO)  # warm the caches (xml ids, selections)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.statistics.counts(self.program, P_FROM, P_TO)
        queries = self.env.cr.sql_log_count - before
        more = [self.make_stay(self.make_household(f"Q{n}", [], "2024-01-01"), "2024-01-01") for n in range(10)]
        self.env["imlr.intervention"].create(
            [{"stay_id": stay.id, "name": "Rent", "date": d("2024-02-01")} for stay in more]
        )
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.statistics.counts(self.program, P_FROM, P_TO)
        self.assertEqual(self.env.cr.sql_log_count - before, queries)


class TestPsychologicalConfidentiality(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = cls.env["imlr.psychological.support"].create(
            {
                "stay_id": cls.stay.id,
                "partner_id": cls.mother.id,
                "date_proposed": d("2024-02-01"),
                "state": "accepted",
                "date_decision": d("2024-02-08"),
                "psychologist_id": cls.psychologist.id,
                "notes": "Sleeps badly since the journey.",
            }
        )
        cls.session = cls.env["imlr.psychological.session"].create(
            {"support_id": cls.support.id, "date": d("2024-02-15"), "note": "First session: the journey."}
        )

    def test_team_sees_the_orientation_not_the_notes(self):
        for user in (self.social_worker, self.rent_manager, self.manager):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                support = self.support.with_user(user)
                self.assertEqual(support.state, "accepted")  # the orientation is known to the team
                with self.assertRaises(AccessError):
                    support.read(["notes"])
                self.env.invalidate_all()
                with self.assertRaises(AccessError):
                    support.notes  # noqa: B018
                with self.assertRaises(AccessError):
                    support.read(["session_ids"])
                with self.assertRaises(AccessError):
                    self.env["imlr.psychological.session"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.session.with_user(user).read(["note"])
                # the form they open has neither the notes nor the sessions
                arch = self.env["imlr.psychological.support"].with_user(user).get_views([(False, "form")])
                self.assertNotIn('name="notes"', arch["views"]["form"]["arch"])
                self.assertNotIn('name="session_ids"', arch["views"]["form"]["arch"])

    def test_psychologist_reads_the_notes(self):
        self.env.invalidate_all()
        support = self.support.with_user(self.psychologist)
        self.assertEqual(support.notes, "Sleeps badly since the journey.")
        self.assertEqual(support.session_ids.mapped("note"), ["First session: the journey."])
        self.assertEqual(support.session_count, 1)
        arch = self.env["imlr.psychological.support"].with_user(self.psychologist).get_views([(False, "form")])
        self.assertIn('name="notes"', arch["views"]["form"]["arch"])
        # a support handed to another psychologist takes its sessions with it
        colleague = new_test_user(
            self.env,
            login="support_colleague",
            groups="imlr_odoo.group_imlr_psychologist",
            company_ids=[Command.set((self.env.company | self.company).ids)],
        )
        self.env.invalidate_all()
        self.assertFalse(
            self.env["imlr.psychological.session"].with_user(colleague).search([("id", "=", self.session.id)])
        )
        self.support.psychologist_id = colleague
        self.env.invalidate_all()
        self.assertTrue(
            self.env["imlr.psychological.session"].with_user(colleague).search([("id", "=", self.session.id)])
        )

    def test_sessions_need_an_accepted_orientation(self):
        refused = self.env["imlr.psychological.support"].create(
            {"stay_id": self.stay.id, "date_proposed": d("2024-03-01"), "state": "refused",
             "date_decision": d("2024-03-02")}
        )  # fmt: skip
        with self.assertRaises(ValidationError):
            self.env["imlr.psychological.session"].create({"support_id": refused.id, "date": d("2024-03-10")})


class TestSupportDocuments(SupportCase):
    """The printed contract, amendment and inventory, in French, through wkhtmltopdf."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.make_contract(
            date_signature=d("2024-01-25"),
            rehousing_towns="Amiens, Camon",
            rehousing_typology="t3",
            wants_sliding_lease=True,
            objective_ids=[Command.create({"area": "schooling", "name": "Inscrire Moussa à l'école"})],
        )
        cls.amendment = cls.env["imlr.support.amendment"].create(
            {"contract_id": cls.contract.id, "date_signature": d("2024-07-05"), "note": "Bilan positif."}
        )

    def render(self, xmlid, records):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _format = report._render_qweb_pdf(xmlid, records.ids)
        self.assertTrue(pdf.startswith(b"%PDF"))
        return " ".join(pdf_text(pdf).replace("’", "'").split())  # the French translation types its apostrophes

    def test_contract_and_amendment(self):
        text = self.render("imlr_odoo.imlr_support_contract_report_action", self.contract)
        for expected in (
            "Contrat d'accompagnement individualisé",
            "Famille SUPPORT",
            "Awa Support",
            "Moussa Support",
            "Inscrire Moussa à l'école",
            "Amiens, Camon",
            "Article 4 – Objectifs de l'accompagnement",
            "Pour le ménage",
        ):
            self.assertIn(expected, text)
        text = self.render("imlr_odoo.imlr_support_amendment_report_action", self.amendment)
        self.assertIn("Avenant n° 1 au contrat d'accompagnement individualisé", text)
        self.assertIn("Famille SUPPORT", text)
        self.assertIn("Inscrire Moussa à l'école", text)  # the objective reviewed
        self.assertIn("12 mois", text)

    def test_inventory_signed_pdf(self):
        inventory = self.env["imlr.inventory"].create(
            {"sublease_id": self.sublease.id, "inventory_type": "entry", "date": d("2024-01-10"), "keys_count": 3}
        )
        inventory.action_load_lines()
        self.assertTrue(inventory.line_ids)
        inventory.line_ids.condition = "good"
        photo = self.env["ir.attachment"].create(
            {
                "name": "kitchen.png",
                "datas": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
            }
        )
        inventory.photo_ids = [Command.link(photo.id)]
        self.assertEqual((photo.res_model, photo.res_id), ("imlr.inventory", inventory.id))
        text = self.render("imlr_odoo.imlr_inventory_report_action", inventory)
        for expected in ("État des lieux d'entrée", "Famille SUPPORT", "Le sous-locataire", "Clés remises 3"):
            self.assertIn(expected, text)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "imlr.inventory"), ("res_id", "=", inventory.id)]
        )
        self.assertEqual(attachments, photo)  # not signed: the PDF is not kept
        inventory.action_sign_today()
        self.render("imlr_odoo.imlr_inventory_report_action", inventory)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "imlr.inventory"), ("res_id", "=", inventory.id)]
        )
        self.assertEqual(len(attachments - photo), 1)
        self.assertTrue((attachments - photo).name.startswith("EDL signé"))


ACTIONS = {
    "imlr_odoo.imlr_support_contract_action": {"list", "form"},
    "imlr_odoo.imlr_support_amendment_action": {"list", "form"},
    "imlr_odoo.imlr_support_objective_action": {"list"},
    "imlr_odoo.imlr_intervention_action": {"calendar", "list", "form"},
    "imlr_odoo.imlr_inventory_action": {"list", "form", "calendar"},
    "imlr_odoo.imlr_incident_action": {"list", "form"},
    "imlr_odoo.imlr_psychological_support_action": {"list", "form"},
    "imlr_odoo.imlr_household_contact_action": {"list"},
    "imlr_odoo.imlr_partner_category_action": {"list"},
}
# the support notes the rent manager has no access to (tests/test_roles.py)
SUPPORT_ONLY_ACTIONS = {
    "imlr_odoo.imlr_support_contract_action",
    "imlr_odoo.imlr_support_amendment_action",
    "imlr_odoo.imlr_support_objective_action",
}


class TestSupportViews(SupportCase):
    def test_every_view_of_every_action_loads(self):
        for xmlid, modes in ACTIONS.items():
            action = self.env.ref(xmlid)
            with self.subTest(action=xmlid):
                self.assertEqual({mode for _view_id, mode in action.views}, modes)
                for user in (self.social_worker, self.rent_manager, self.psychologist):
                    records = self.env[action.res_model].with_user(user)
                    if user == self.rent_manager and xmlid in SUPPORT_ONLY_ACTIONS:  # not for the rent team
                        with self.assertRaises(AccessError):
                            records.get_views([(False, mode) for mode in [*modes, "search"]])
                        continue
                    views = records.get_views([(False, mode) for mode in [*modes, "search"]])
                    for mode, view in views["views"].items():
                        self.assertTrue(view["id"], f"{xmlid}: no {mode} view")

    def test_support_is_reached_from_stay_household_dwelling(self):
        for view, action in (
            ("imlr_odoo.imlr_stay_view_form", "imlr_odoo.imlr_support_contract_action"),
            ("imlr_odoo.imlr_stay_view_form", "imlr_odoo.imlr_intervention_action"),
            ("imlr_odoo.imlr_household_view_form", "imlr_odoo.imlr_household_contact_action"),
            ("imlr_odoo.imlr_dwelling_view_form", "imlr_odoo.imlr_incident_action"),
            ("imlr_odoo.imlr_sublease_view_form", "imlr_odoo.imlr_inventory_action"),
        ):
            with self.subTest(view=view, action=action):
                model = self.env.ref(view).model
                arch = self.env[model].get_view(self.env.ref(view).id, "form")["arch"]
                self.assertIn(f'name="{self.env.ref(action).id}"', arch)

    def test_incident_from_the_dwelling(self):
        contractor = self.env["res.partner"].create({"name": "Plumber test", "is_company": True})
        incidents = (
            self.env["imlr.incident"].with_user(self.rent_manager).with_context(default_dwelling_id=self.dwelling.id)
        )
        with Form(incidents) as form:
            form.name = "Leak under the sink"
            form.incident_type = "leak"
            form.date_reported = d("2024-03-01")
            form.contractor_id = contractor
            form.date_intervention = d("2024-03-04")
            form.stay_id = self.stay
        incident = form.record
        incident.action_schedule()
        self.assertRecordValues(incident, [{"state": "scheduled", "household_id": self.household.id}])
        incident.action_resolve()
        self.assertEqual(incident.state, "resolved")
        self.assertTrue(incident.date_resolved)
        found = self.env["imlr.incident"].search([("dwelling_id", "=", self.dwelling.id)])
        self.assertEqual(found, incident)
        with self.assertRaises(ValidationError):  # a household that never lived there
            self.env["imlr.incident"].create(
                {"name": "x", "dwelling_id": self.make_dwelling("Elsewhere").id, "incident_type": "other",
                 "stay_id": self.stay.id}
            )  # fmt: skip

    def test_household_contacts(self):
        caf = self.env.ref("imlr_odoo.imlr_partner_category_caf")
        office = self.env["res.partner"].create({"name": "CAF test office", "is_company": True})
        contact = self.env["imlr.household.contact"].create(
            {"household_id": self.household.id, "category_id": caf.id, "partner_id": office.id}
        )
        contract = self.make_contract()
        self.assertEqual(contract.household_contact_ids, contact)
        with self.assertRaises(ValidationError):  # a supported person is not a partner
            self.env["imlr.household.contact"].create(
                {"household_id": self.household.id, "category_id": caf.id, "partner_id": self.mother.id}
            )
        codes = set(self.env["imlr.partner.category"].search([]).mapped("code"))
        self.assertTrue(
            {"caf", "cpam", "pmi", "school", "mdsi", "rsa_referent", "france_travail", "mdph", "ofii", "landlord",
             "training", "association"} <= codes
        )  # fmt: skip


class TestSupportViewsInBrowser(HttpCase):
    def test_every_support_view_renders(self):
        program = self.env.ref("imlr_odoo.imlr_program_imlr")
        stay = self.env["imlr.stay"].create(
            {
                "household_id": self.env["res.partner"].create({"name": "Navigateur support", "is_household": True}).id,
                "program_id": program.id,
                "date_entry": date(2024, 1, 15),
            }
        )
        contract = self.env["imlr.support.contract"].create(
            {
                "stay_id": stay.id,
                "objective_ids": [Command.create({"area": "budget", "name": "Budget"})],
            }
        )
        amendment = self.env["imlr.support.amendment"].create({"contract_id": contract.id})
        intervention = self.env["imlr.intervention"].create(
            {"stay_id": stay.id, "name": "Visite", "intervention_type": "home_visit", "date": date(2024, 2, 1)}
        )
        dwelling = self.env["imlr.dwelling"].create(
            {"name": "Navigateur support — 1 rue", "city": "Amiens", "typology": "t2",
             "sector_id": self.env.ref("imlr_odoo.imlr_sector_grand_amienois").id}
        )  # fmt: skip
        self.env["imlr.lease"].create({"dwelling_id": dwelling.id, "date_start": date(2024, 1, 1), "rent": 500})
        sublease = self.env["imlr.sublease"].create(
            {"stay_id": stay.id, "place_id": dwelling.place_ids.id, "date_start": date(2024, 1, 15), "rent": 400}
        )
        inventory = self.env["imlr.inventory"].create({"sublease_id": sublease.id, "date": date(2024, 1, 15)})
        inventory.action_load_lines()
        incident = self.env["imlr.incident"].create(
            {"name": "Fuite", "dwelling_id": dwelling.id, "incident_type": "leak", "date_reported": date(2024, 2, 1)}
        )
        support = self.env["imlr.psychological.support"].create({"stay_id": stay.id, "date_proposed": date(2024, 2, 1)})
        steps = [
            ["imlr_odoo.imlr_support_contract_action", "list", False],
            ["imlr_odoo.imlr_support_contract_action", "form", contract.id],
            ["imlr_odoo.imlr_support_amendment_action", "list", False],
            ["imlr_odoo.imlr_support_amendment_action", "form", amendment.id],
            ["imlr_odoo.imlr_support_objective_action", "list", False],
            ["imlr_odoo.imlr_intervention_action", "calendar", False],
            ["imlr_odoo.imlr_intervention_action", "list", False],
            ["imlr_odoo.imlr_intervention_action", "form", intervention.id],
            ["imlr_odoo.imlr_inventory_action", "list", False],
            ["imlr_odoo.imlr_inventory_action", "form", inventory.id],
            ["imlr_odoo.imlr_incident_action", "list", False],
            ["imlr_odoo.imlr_incident_action", "form", incident.id],
            ["imlr_odoo.imlr_psychological_support_action", "list", False],
            ["imlr_odoo.imlr_psychological_support_action", "form", support.id],
            ["imlr_odoo.imlr_household_contact_action", "list", False],
            ["imlr_odoo.imlr_partner_category_action", "list", False],
            ["imlr_odoo.imlr_stay_action", "form", stay.id],
            ["imlr_odoo.imlr_dwelling_action", "form", dwelling.id],
            ["imlr_odoo.imlr_sublease_action", "form", sublease.id],
        ]
        code = EVERY_VIEW_JS.replace("__STEPS__", json.dumps(steps))
        self.browser_js("/odoo", code, login="admin", timeout=180)


class TestDemoSupport(TransactionCase):
    """The demo association's support for the period of the seed report (2023-11-01 … 2024-10-31)."""

    def test_demo_support_2023_2024(self):
        program = self.env.ref("imlr_odoo.imlr_program_imlr")
        start, end = d("2023-11-01"), d("2024-10-31")
        counts = self.env["imlr.support.statistics"].counts(program, start, end)
        self.assertEqual(counts["contracts_signed"], 9)  # the nine households that entered, each in its first month
        self.assertGreater(counts["amendments"], 0)
        self.assertTrue(all(counts["interventions"].values()), counts["interventions"])
        self.assertGreater(counts["joint_visits"], 0)
        self.assertGreater(counts["home_visits"], counts["joint_visits"])
        self.assertEqual(counts["psychological_orientations"]["accepted"], 0)  # nobody wished to meet her
        self.assertEqual(
            counts["psychological_orientations"]["proposed"], counts["psychological_orientations"]["refused"]
        )

        present = self.env["imlr.stay"].search(
            [("program_id", "=", program.id), ("date_entry", "<=", end), "|", ("date_exit", "=", False),
             ("date_exit", ">", start)]
        )  # fmt: skip
        self.assertEqual(len(present), 20)
        contracts = self.env["imlr.support.contract"].search([("stay_id", "in", present.ids)])
        self.assertEqual(contracts.stay_id, present)
        self.assertTrue(all(c.date_signature <= c.date_signature_due for c in contracts))
        beyond = contracts.amendment_ids.filtered("is_beyond_limit")
        self.assertTrue(beyond)
        self.assertTrue(all(a.acknowledged_by_id._has_group("imlr_odoo.group_imlr_manager") for a in beyond))
        self.assertTrue(all(a.acknowledgement_reason for a in beyond))

        inventories = self.env["imlr.inventory"].search([("date", ">=", start), ("date", "<=", end)])
        by_type = {kind: inventories.filtered(lambda i, k=kind: i.inventory_type == k) for kind in ("entry", "exit")}
        self.assertEqual(len(by_type["entry"]), 9)
        self.assertEqual(by_type["exit"].stay_id, present.filtered(lambda s: s.date_exit and s.date_exit <= end))
        self.assertEqual(len(by_type["exit"]), 3)
        self.assertTrue(all(inventory.line_ids for inventory in inventories))
        self.assertTrue(self.env["imlr.incident"].search_count([("date_reported", ">=", start)]))
