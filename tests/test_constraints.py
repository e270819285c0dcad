"""Integrity of the registry: PostgreSQL refuses what the ORM checks explain."""

from contextlib import contextmanager
from datetime import timedelta

import psycopg2
from psycopg2 import errors

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import RegistryCase, d


class TestRegistryConstraints(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.woman = cls.make_person("Constraint woman", "female", "1990-01-01", "refugee")
        cls.man = cls.make_person("Constraint man", "male", "1985-01-01", "refugee")
        cls.household = cls.make_household("Constraint household", [(cls.woman, "reference")], "2024-01-01")
        cls.other_household = cls.make_household("Other household", [(cls.man, "reference")], "2024-01-01")
        cls.stay = cls.make_stay(cls.household, "2024-01-01", "2024-12-01")
        cls.other_stay = cls.make_stay(cls.other_household, "2024-01-01")
        cls.dwelling = cls.make_dwelling("Constraint flat", "t2", lease=("2024-01-01", "2024-12-31"))
        cls.place = cls.dwelling.place_ids
        cls.sublease = cls.make_sublease(cls.stay, cls.place, "2024-02-01", "2024-06-30")

    @contextmanager
    def refused(self, message):
        """The ORM refuses with ``message``, and what it refused is undone (as a request would be)."""
        with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
            yield

    def sql_insert_sublease(self, stay, start, end):
        self.env.flush_all()
        # the exclusion constraints are deferred to the commit: check them now, as a commit would
        self.env.cr.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.env.cr.execute(
            """INSERT INTO imlr_sublease (stay_id, place_id, date_start, date_end, rent, company_id)
               VALUES (%s, %s, %s, %s, 100, %s)""",
            [stay.id, self.place.id, start, end, self.env.company.id],
        )

    def test_overlapping_subleases_refused_by_postgresql(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(errors.ExclusionViolation), self.env.cr.savepoint():
            self.sql_insert_sublease(self.other_stay, d("2024-06-30"), d("2024-08-31"))  # shares 30 June
        # the day after is free
        self.sql_insert_sublease(self.other_stay, d("2024-07-01"), d("2024-08-31"))

    def test_overlapping_subleases_explained_by_the_orm(self):
        with self.refused("already sub-let to Constraint household from 01/02/2024"):  # as the user reads dates
            self.make_sublease(self.other_stay, self.place, "2024-05-01")

    def test_sublease_within_stay_lease_and_not_blocked(self):
        with self.refused("must lie within the stay"):
            self.make_sublease(self.stay, self.place, "2024-07-01", "2024-12-01")  # the stay ends on 30 November
        with self.refused("must lie within a main lease"):
            self.make_sublease(self.other_stay, self.place, "2024-07-01")  # open-ended, the lease is not
        self.env["imlr.place.block"].create(
            {"place_id": self.place.id, "date_start": d("2024-09-01"), "date_end": d("2024-09-30"), "reason": "Works"}
        )
        with self.refused("is blocked from 01/09/2024 to 30/09/2024"):
            self.make_sublease(self.other_stay, self.place, "2024-08-01", "2024-09-01")
        with self.refused("cannot be blocked"):
            self.env["imlr.place.block"].create(
                {"place_id": self.place.id, "date_start": d("2024-06-01"), "date_end": d("2024-06-10"), "reason": "x"}
            )

    def test_one_reference_person_at_a_time(self):
        with self.refused("already has a reference person"):
            self.env["imlr.household.member"].create(
                {"household_id": self.household.id, "partner_id": self.man.id, "role": "reference",
                 "date_start": d("2024-03-01")}
            )  # fmt: skip
        self.env.flush_all()
        with mute_logger("odoo.sql_db"), self.assertRaises(errors.ExclusionViolation), self.env.cr.savepoint():
            self.env.cr.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.env.cr.execute(
                """INSERT INTO imlr_household_member (household_id, partner_id, role, date_start, start_reason)
                   VALUES (%s, %s, 'reference', '2024-03-01', 'entry')""",
                [self.household.id, self.man.id],
            )
        # once the first reference person has left, another one may take over on that very day
        self.household.household_member_ids.date_end = d("2024-03-01")
        self.env["imlr.household.member"].create(
            {"household_id": self.household.id, "partner_id": self.man.id, "role": "reference",
             "date_start": d("2024-03-01")}
        )  # fmt: skip
        self.assertEqual(self.household.with_context(date="2024-03-01").reference_person_id, self.man)
        self.assertEqual(self.household.with_context(date="2024-02-29").reference_person_id, self.woman)

    def test_dates_and_amounts_checked_by_postgresql(self):
        for sql, params in [
            ("UPDATE imlr_stay SET date_exit = date_entry WHERE id = %s", [self.stay.id]),
            ("UPDATE imlr_sublease SET rent = -1 WHERE id = %s", [self.sublease.id]),
            ("UPDATE imlr_lease SET date_end = date_start - 1 WHERE dwelling_id = %s", [self.dwelling.id]),
            ("UPDATE imlr_household_member SET date_end = date_start WHERE household_id = %s", [self.household.id]),
        ]:
            self.env.flush_all()
            with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError), self.env.cr.savepoint():
                self.env.cr.execute(sql, params)

    def test_leases_of_a_dwelling_do_not_overlap(self):
        with self.refused("already has a main lease"):
            self.make_lease(self.dwelling, "2024-12-31")
        lease = self.make_lease(self.dwelling, "2025-01-01")
        self.assertEqual(self.dwelling.date_captation, d("2024-01-01"))
        self.assertFalse(self.dwelling.date_returned)  # the latest lease is still running
        lease.write({"date_end": d("2025-06-30"), "end_reason": "glissement"})
        self.assertRecordValues(self.dwelling, [{"date_returned": d("2025-06-30"), "return_reason": "glissement"}])

    def test_a_dwelling_is_whole_or_rooms(self):
        with self.refused("either let as a whole"):
            self.env["imlr.place"].create({"dwelling_id": self.dwelling.id, "kind": "room", "room_number": 1})


class TestPermitRenewal(RegistryCase):
    def test_activity_planned_once_before_expiry(self):
        today = d("2024-06-01")
        person = self.make_person("Permit holder", "female", "1990-01-01")
        self.env["imlr.legal.status"].create(
            {"partner_id": person.id, "status": "regularised", "date_start": d("2023-08-01"),
             "permit_expiry_date": today + timedelta(days=80)}
        )  # fmt: skip
        later = self.make_person("Later holder", "male", "1990-01-01")
        self.env["imlr.legal.status"].create(
            {"partner_id": later.id, "status": "regularised", "date_start": d("2023-08-01"),
             "permit_expiry_date": today + timedelta(days=200)}
        )  # fmt: skip
        renewal = self.env.ref("imlr_odoo.mail_activity_type_permit_renewal")
        status_model = self.env["imlr.legal.status"].with_context(tz="UTC")
        from freezegun import freeze_time  # noqa: PLC0415

        with freeze_time("2024-06-01"):
            status_model._cron_schedule_permit_renewals()
            status_model._cron_schedule_permit_renewals()  # safe to run twice
        activities = self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", renewal.id),
                ("res_id", "in", (person | later).ids),
                ("res_model", "=", "res.partner"),
            ]
        )
        self.assertEqual(len(activities), 1)
        # the job's context has no language: the activity reads in the association's
        self.assertFalse(status_model.env.context.get("lang"))
        self.assertRecordValues(
            activities,
            [
                {
                    "res_id": person.id,
                    "date_deadline": today + timedelta(days=20),
                    "summary": "Le titre de séjour expire le 20/08/2024",
                }
            ],
        )
