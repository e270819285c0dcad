"""The counting rules of DOMAIN §3, pinned on a small population built by hand.

Period P = 2024-01-01 … 2024-12-31 (366 days), reference date D = 2024-12-31, previous date 2023-12-31.
"""

from collections import Counter
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo.addons.imlr_odoo.models.stays.imlr_population import household_status, household_typology
from odoo.addons.imlr_odoo.tools import periods

from .common import RegistryCase, d

P_FROM, P_TO, BEFORE = d("2024-01-01"), d("2024-12-31"), d("2023-12-31")


class TestPeriods(RegistryCase):
    def test_completed_months(self):
        self.assertEqual(periods.completed_months(d("2024-01-31"), d("2024-02-28")), 0)
        self.assertEqual(periods.completed_months(d("2024-01-31"), d("2024-02-29")), 1)
        self.assertEqual(periods.completed_months(d("2024-01-31"), d("2024-03-01")), 1)
        self.assertEqual(periods.completed_months(d("2022-09-01"), d("2024-09-01")), 24)
        self.assertEqual(periods.completed_months(d("2024-02-01"), d("2024-12-31")), 10)

    def test_months_and_ages_count_as_relativedelta(self):
        # the counting rules count months without building a relativedelta: same results on every day of a leap
        # year and its neighbours, from the month ends and a 29 February
        starts = [d("2023-01-31"), d("2023-03-30"), d("2024-02-29"), d("2023-08-31"), d("2024-01-15")]
        for start in starts:
            for offset in range(-400, 800):
                end = start + timedelta(days=offset)
                delta = relativedelta(end, start)
                self.assertEqual(periods.completed_months(start, end), delta.years * 12 + delta.months, (start, end))
                self.assertEqual(periods.age_at(start, end), delta.years, (start, end))

    def test_overlap_under_both_conventions(self):
        jan, feb = (d("2024-01-01"), d("2024-01-31")), (d("2024-01-31"), d("2024-02-29"))
        self.assertTrue(periods.overlap(*jan, *feb))  # coverage: 31 January is in both
        self.assertFalse(periods.overlap(*jan, *feb, closed=False))  # presence: left on the 31st, came on the 31st
        self.assertTrue(periods.overlap(d("2024-03-01"), None, d("2025-01-01"), None))
        self.assertFalse(periods.overlap(d("2024-03-01"), d("2024-03-31"), d("2024-04-01"), None))

    def test_age_on_birthday_and_unknown(self):
        self.assertEqual(periods.age_at(d("2006-12-31"), d("2024-12-30")), 17)
        self.assertEqual(periods.age_at(d("2006-12-31"), d("2024-12-31")), 18)
        self.assertIsNone(periods.age_at(None, d("2024-12-31")))
        self.assertEqual(periods.age_bracket(None), "unknown")
        self.assertEqual([periods.age_bracket(a) for a in (0, 17, 18, 24, 25, 39, 40, 59, 60)],
                         ["0-17", "0-17", "18-24", "18-24", "25-39", "25-39", "40-59", "40-59", "60+"])  # fmt: skip

    def test_average_months_and_conventions(self):
        self.assertEqual(periods.average_months([365, 730]), 18.0)  # 547.5 / 30.4375 = 17.99
        self.assertIsNone(periods.average_months([]))
        # presence: the exit day is no longer present; coverage: the end day is covered
        self.assertFalse(periods.is_present(d("2024-01-01"), d("2024-12-31"), d("2024-12-31")))
        self.assertTrue(periods.is_present(d("2024-01-01"), d("2024-12-31"), d("2024-12-30")))
        self.assertTrue(periods.covers(d("2024-01-01"), d("2024-12-31"), d("2024-12-31")))
        self.assertEqual(periods.covered_days(d("2023-12-01"), None, P_FROM, P_TO), 366)


class TestPopulation(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls.make_person
        # H1 single woman, present all along, reinforced support covering D, a closed eviction procedure
        cls.w1 = mk("Amina W1", "female", "1990-05-10", "refugee")
        cls.h1 = cls.make_household("H1", [(cls.w1, "reference")], "2023-06-01")
        cls.s1 = cls.make_stay(cls.h1, "2023-06-01")
        cls.env["imlr.reinforced.support"].create({"stay_id": cls.s1.id, "date_start": d("2024-10-01")})
        cls.env["imlr.eviction.stage"].create(
            [
                {"stay_id": cls.s1.id, "date": d("2024-02-01"), "stage": "payment_order"},
                {"stay_id": cls.s1.id, "date": d("2024-06-01"), "stage": "closed"},
            ]
        )
        rsa, salary, family = (
            cls.env.ref(f"imlr_odoo.imlr_resource_type_{c}") for c in ("rsa", "salary", "family_benefits")
        )
        cls.env["imlr.household.resource"].create(
            [
                {"household_id": cls.h1.id, "resource_type_id": rsa.id, "date_start": d("2023-06-01")},
                {"household_id": cls.h1.id, "resource_type_id": salary.id, "date_start": d("2024-01-01"),
                 "date_end": d("2024-06-30")},
            ]
        )  # fmt: skip
        # H2 couple, a child turning 18 on D, a birth during P
        cls.m2, cls.w2 = (
            mk("Omar M2", "male", "1980-01-01", "refugee"),
            mk("Sara W2", "female", "1985-03-03", "regularised"),
        )
        cls.c2a = mk("Child C2a", "male", "2006-12-31", "refugee")
        cls.c2b = mk("Baby C2b", "female", "2024-03-15", "refugee", "2024-03-15")
        cls.h2 = cls.make_household(
            "H2",
            [
                (cls.m2, "reference"),
                (cls.w2, "spouse"),
                (cls.c2a, "child"),
                (cls.c2b, "child", "2024-03-15", None, "birth"),
            ],
            "2023-02-01",
        )
        cls.s2 = cls.make_stay(cls.h2, "2023-02-01")
        cls.env["imlr.reinforced.support"].create(
            {"stay_id": cls.s2.id, "date_start": d("2023-03-01"), "date_end": d("2023-12-31")}
        )
        cls.env["imlr.household.resource"].create(
            [
                {"household_id": cls.h2.id, "resource_type_id": rsa.id, "date_start": d("2023-02-01")},
                {"household_id": cls.h2.id, "resource_type_id": family.id, "date_start": d("2023-02-01")},
            ]
        )
        # H3 mother whose child joins her during P; an eviction procedure under way at D
        cls.w3 = mk("Hawa W3", "female", "1975-07-07", "subsidiary_protection")
        cls.c3 = mk("Child C3", "male", "2010-01-01", "subsidiary_protection")
        cls.h3 = cls.make_household(
            "H3", [(cls.w3, "reference"), (cls.c3, "child", "2024-06-01", None, "reunification")], "2023-09-01"
        )
        cls.s3 = cls.make_stay(cls.h3, "2023-09-01")
        cls.env["imlr.eviction.stage"].create(
            [
                {"stay_id": cls.s3.id, "date": d("2024-05-01"), "stage": "payment_order"},
                {"stay_id": cls.s3.id, "date": d("2024-08-01"), "stage": "summons"},
            ]
        )
        # H4 single man entering in P and leaving on D itself (exit on the reference date)
        cls.m4 = mk("Yonas M4", "male", "1995-01-01", "refugee")
        cls.h4 = cls.make_household("H4", [(cls.m4, "reference")], "2024-02-01")
        cls.s4 = cls.make_stay(
            cls.h4, "2024-02-01", "2024-12-31", exit_destination_id=cls.social_landlord.id, is_glissement=True
        )
        cls.env["imlr.reinforced.support"].create(
            {"stay_id": cls.s4.id, "date_start": d("2024-03-01"), "date_end": d("2024-04-30")}
        )
        # H5 three adults: regularised parents, an adult (refugee) who is neither spouse nor child
        cls.m5, cls.w5 = (
            mk("Ali M5", "male", "1960-01-01", "regularised"),
            mk("Lina W5", "female", "1962-06-01", "regularised"),
        )
        cls.a5 = mk("Karim A5", "male", "2000-01-01", "refugee")
        cls.h5 = cls.make_household(
            "H5", [(cls.m5, "reference"), (cls.w5, "spouse"), (cls.a5, "other_adult")], "2024-04-01"
        )
        cls.s5 = cls.make_stay(cls.h5, "2024-04-01")
        # H6 a person with neither gender nor birth date nor status
        cls.x6 = cls.env["res.partner"].create({"name": "Unknown X6", "is_imlr_person": True})
        cls.h6 = cls.make_household("H6", [(cls.x6, "reference")], "2024-05-01")
        cls.s6 = cls.make_stay(cls.h6, "2024-05-01")
        # H7 couple leaving in P; their child left the household before the exit
        cls.m7, cls.w7 = (
            mk("Deng M7", "male", "1970-01-01", "subsidiary_protection"),
            mk("Nyan W7", "female", "1972-01-01", "refugee"),
        )
        cls.c7 = mk("Child C7", "female", "2004-01-01", "refugee")
        cls.h7 = cls.make_household(
            "H7",
            [(cls.m7, "reference"), (cls.w7, "spouse"), (cls.c7, "child", "2022-09-01", "2024-03-01")],
            "2022-09-01",
        )
        cls.s7 = cls.make_stay(cls.h7, "2022-09-01", "2024-09-01", exit_destination_id=cls.social_landlord.id)
        # H8 left on the first day after the previous reference date: neither present at the start nor exited in P
        cls.m8 = mk("Ivan M8", "male", "1988-01-01", "refugee")
        cls.h8 = cls.make_household("H8", [(cls.m8, "reference")], "2023-01-01")
        cls.s8 = cls.make_stay(cls.h8, "2023-01-01", "2023-12-31")
        cls.population = cls.env["imlr.population"]

    def snapshots(self, method, *args):
        return {snap.household_id: snap for snap in getattr(self.population, method)(*args, programs=self.program)}

    def test_present_households_and_persons(self):
        present = self.snapshots("present_at", P_TO)
        self.assertEqual(set(present), {self.h1.id, self.h2.id, self.h3.id, self.h5.id, self.h6.id})
        self.assertEqual(sum(len(s.persons) for s in present.values()), 11)
        self.assertEqual(sum(s.adults for s in present.values()), 8)
        self.assertEqual(sum(s.children for s in present.values()), 3)
        self.assertEqual(sum(s.adult_children for s in present.values()), 1)  # C2a is 18 on D
        start = self.snapshots("present_at", BEFORE)
        self.assertEqual(set(start), {self.h1.id, self.h2.id, self.h3.id, self.h7.id})
        self.assertEqual(sum(len(s.persons) for s in start.values()), 8)

    def test_child_turning_18(self):
        on_d = self.snapshots("present_at", P_TO)[self.h2.id]
        day_before = self.snapshots("present_at", d("2024-12-30"))[self.h2.id]
        self.assertEqual(on_d.adult_children, 1)
        self.assertEqual(day_before.adult_children, 0)

    def test_typology(self):
        present = self.snapshots("present_at", P_TO)
        self.assertEqual(
            {h: s.typology for h, s in present.items()},
            {
                self.h1.id: "single_woman",
                self.h2.id: "couple_children",
                self.h3.id: "woman_children",
                self.h5.id: "other",  # three adults
                self.h6.id: "other",  # unknown gender
            },
        )
        self.assertEqual(self.snapshots("present_at", d("2024-03-01"))[self.h3.id].typology, "single_woman")
        self.assertEqual(self.snapshots("exits", P_FROM, P_TO)[self.h7.id].typology, "couple")

    def test_ages_at_reference_date(self):
        present = self.snapshots("present_at", P_TO)
        brackets = Counter(p.age_bracket for s in present.values() for p in s.persons)
        self.assertEqual(brackets, {"0-17": 2, "18-24": 2, "25-39": 2, "40-59": 2, "60+": 2, "unknown": 1})

    def test_entries_and_persons_entered(self):
        entries = self.snapshots("entries", P_FROM, P_TO)
        self.assertEqual(set(entries), {self.h4.id, self.h5.id, self.h6.id})
        self.assertEqual(sum(len(s.persons) for s in entries.values()), 5)
        joiners = self.population.joiners(P_FROM, P_TO, programs=self.program)
        self.assertEqual({p.partner_id for p in joiners}, {self.c2b.id, self.c3.id})
        persons = [p for s in entries.values() for p in s.persons] + joiners
        self.assertEqual(len(persons), 7)
        # ages at each person's own entry: C3 is 14 when joining, M4 29, the H5 parents 64 and 61
        self.assertEqual(
            Counter(p.age_bracket for p in persons), {"0-17": 2, "18-24": 1, "25-39": 1, "60+": 2, "unknown": 1}
        )
        self.assertEqual({p.partner_id: p.age for p in joiners}, {self.c2b.id: 0, self.c3.id: 14})

    def test_exits_persons_and_durations(self):
        exits = self.snapshots("exits", P_FROM, P_TO)
        self.assertEqual(set(exits), {self.h4.id, self.h7.id})  # H4 left on D itself; H8 before P
        self.assertEqual({p.partner_id for p in exits[self.h7.id].persons}, {self.m7.id, self.w7.id})
        self.assertEqual(sum(len(s.persons) for s in exits.values()), 3)
        self.assertEqual({h: s.months for h, s in exits.items()}, {self.h4.id: 10, self.h7.id: 24})
        self.assertEqual(exits[self.h4.id].persons[0].age, 29)
        self.assertTrue(exits[self.h4.id].glissement)
        self.assertEqual(exits[self.h7.id].exit_destination, "social_landlord")
        self.assertEqual(periods.average_months([s.days for s in exits.values()]), 17.5)  # (334 + 731) / 2 days

    def test_households_balance(self):
        start = self.snapshots("present_at", BEFORE)
        end = self.snapshots("present_at", P_TO)
        entries, exits = self.snapshots("entries", P_FROM, P_TO), self.snapshots("exits", P_FROM, P_TO)
        self.assertEqual(len(end), len(start) + len(entries) - len(exits))
        persons = lambda snaps: sum(len(s.persons) for s in snaps.values())  # noqa: E731
        joiners = len(self.population.joiners(P_FROM, P_TO, programs=self.program))
        # C7 left her household during P without it leaving: the one departure of a person alone
        self.assertEqual(persons(end), persons(start) + persons(entries) + joiners - persons(exits) - 1)

    def test_durations_of_present(self):
        present = self.snapshots("present_at", P_TO)
        self.assertEqual(
            {h: s.months for h, s in present.items()},
            {self.h1.id: 18, self.h2.id: 22, self.h3.id: 15, self.h5.id: 8, self.h6.id: 7},
        )

    def test_status_households_and_persons(self):
        present = self.snapshots("present_at", P_TO)
        self.assertEqual(
            {h: s.status for h, s in present.items()},
            {
                self.h1.id: "refugee",
                self.h2.id: "refugee",
                self.h3.id: "subsidiary_protection",
                self.h5.id: "refugee",  # regularised parents of a protected member
                self.h6.id: None,
            },
        )
        persons = Counter(p.status for s in present.values() for p in s.persons)
        self.assertEqual(persons, {"refugee": 5, "regularised": 3, "subsidiary_protection": 2, None: 1})

    def test_status_follows_dated_history(self):
        self.env["imlr.legal.status"].create(
            {"partner_id": self.w1.id, "status": "other", "date_start": d("2024-12-31")}
        )
        self.assertEqual(self.snapshots("present_at", d("2024-12-30"))[self.h1.id].status, "refugee")
        self.assertEqual(self.snapshots("present_at", P_TO)[self.h1.id].status, "other")
        self.assertEqual(self.w1.with_context(date="2024-06-01").legal_status, "refugee")

    def test_reinforced_and_eviction(self):
        present = self.snapshots("present_at", P_TO)
        self.assertEqual({h for h, s in present.items() if s.reinforced}, {self.h1.id})
        self.assertEqual({h for h, s in present.items() if s.eviction}, {self.h3.id})
        entries, exits = self.snapshots("entries", P_FROM, P_TO), self.snapshots("exits", P_FROM, P_TO)
        self.assertEqual({h for h, s in entries.items() if s.reinforced}, {self.h4.id})
        self.assertEqual({h for h, s in exits.items() if s.reinforced}, {self.h4.id})

    def test_resources_combination_at_date(self):
        present = self.snapshots("present_at", P_TO)
        self.assertEqual(present[self.h1.id].resources, ("rsa",))
        self.assertEqual(present[self.h2.id].resources, ("family_benefits", "rsa"))
        self.assertEqual(self.snapshots("present_at", d("2024-06-30"))[self.h1.id].resources, ("rsa", "salary"))
        self.assertEqual(present[self.h5.id].resources, ())

    def test_current_members_follow_the_date(self):
        self.assertEqual(self.h3.with_context(date="2024-05-31").current_member_ids, self.w3)
        self.assertEqual(self.h3.with_context(date="2024-06-01").current_member_ids, self.w3 | self.c3)
        self.assertEqual(self.h2.with_context(date="2024-01-01").reference_person_id, self.m2)
        found = (
            self.env["res.partner"].with_context(date="2024-06-01").search([("current_member_ids", "in", self.c3.ids)])
        )
        self.assertEqual(found, self.h3)

    def test_query_count_does_not_grow_with_households(self):
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=14):
            self.population.present_at(P_TO, programs=self.program)
        for n in range(6):
            person = self.make_person(f"Extra {n}", "female", "1990-01-01", "refugee")
            household = self.make_household(f"Extra household {n}", [(person, "reference")], "2024-01-01")
            self.make_stay(household, "2024-01-01")
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=14):
            self.population.present_at(P_TO, programs=self.program)


class TestPureRules(RegistryCase):
    def person(self, role, gender="male", status=None):
        from odoo.addons.imlr_odoo.models.stays.imlr_population import PersonSnapshot  # noqa: PLC0415

        return PersonSnapshot(0, 0, role, P_TO, gender, None, 30, status)

    def test_typology_rules(self):
        p = self.person
        self.assertEqual(household_typology([p("reference", "male")]), "single_man")
        self.assertEqual(household_typology([p("reference", "female"), p("child")]), "woman_children")
        self.assertEqual(household_typology([p("reference", "male"), p("child")]), "man_children")
        self.assertEqual(household_typology([p("reference"), p("spouse", "female")]), "couple")
        self.assertEqual(household_typology([p("reference"), p("other_adult")]), "other")  # not a couple
        self.assertEqual(household_typology([p("reference", None)]), "other")
        self.assertEqual(household_typology([p("child")]), "other")

    def test_household_status_rules(self):
        p = self.person
        self.assertEqual(
            household_status([p("reference", status="regularised"), p("child", status="refugee")]), "refugee"
        )
        self.assertEqual(household_status([p("reference", status="regularised")]), "regularised")
        self.assertEqual(
            household_status([p("reference", status="regularised"), p("child", status="subsidiary_protection")]),
            "subsidiary_protection",
        )
        self.assertIsNone(household_status([p("child", status="refugee")]))


class TestHousingStock(RegistryCase):
    """Stock and occupancy over P = 2024 (366 days) for the test company.

    D1 a T2 sub-let all year; D2 a colocation (2 rooms) taken in March, room 1 sub-let from April, room 2 blocked
    in November–December; D3 a T4 returned by glissement at the end of June; D4 a T1 (other sector) taken in
    January and never sub-let.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.d1 = cls.make_dwelling("D1", "t2", lease=("2020-01-01", None))
        cls.d2 = cls.make_dwelling("D2", "t3", rooms=2, lease=("2024-03-01", None))
        cls.d3 = cls.make_dwelling("D3", "t4", lease=("2019-01-01", "2024-06-30"))
        cls.d3.lease_ids.end_reason = "glissement"
        cls.d4 = cls.make_dwelling("D4", "t1", sector=cls.sector_b, lease=("2024-01-01", None))
        people = [cls.make_person(f"Tenant {n}", "male", "1990-01-01", "refugee") for n in range(3)]
        households = [
            cls.make_household(f"Tenant household {n}", [(p, "reference")], "2023-01-01") for n, p in enumerate(people)
        ]
        stay1, stay2 = cls.make_stay(households[0], "2023-06-01"), cls.make_stay(households[1], "2024-04-01")
        stay3 = cls.make_stay(households[2], "2023-01-01", "2024-07-01")
        cls.make_sublease(stay1, cls.d1.place_ids, "2023-06-01")
        room1, room2 = cls.d2.place_ids.sorted("room_number")
        cls.make_sublease(stay2, room1, "2024-04-01")
        cls.env["imlr.place.block"].create(
            {"place_id": room2.id, "date_start": d("2024-11-01"), "date_end": d("2025-01-31"), "reason": "Unsafe"}
        )
        cls.make_sublease(stay3, cls.d3.place_ids, "2023-01-01", "2024-06-30")
        cls.stock = cls.env["imlr.housing.stock"].stock(P_FROM, P_TO, cls.company)

    def names(self, places):
        return sorted(f"{place.dwelling_name}:room" if place.is_room else place.dwelling_name for place in places)

    def test_places_at_reference_date(self):
        at_date = self.stock["at_date"]
        self.assertEqual(self.names(at_date["occupied"]), ["D1", "D2:room"])
        self.assertEqual(self.names(at_date["blocked"]), ["D2:room"])  # blocked places are counted apart
        self.assertEqual(self.names(at_date["vacant"]), ["D4"])
        self.assertEqual(self.names(at_date["unavailable"]), ["D3"])  # returned: no longer under lease
        self.assertEqual({p.sector for p in at_date["vacant"]}, {"TB"})

    def test_captured_and_returned(self):
        self.assertEqual(self.names(self.stock["captured"]), ["D2:room", "D2:room", "D4"])
        self.assertEqual(
            [(p.dwelling_typology, glissement) for p, glissement in self.stock["returned"]], [("t4", True)]
        )

    def test_occupancy_in_place_days(self):
        # available: D1 366 + D2 rooms 306 + (306 - 61 blocked) + D3 182 + D4 366; occupied: 366 + 275 + 182
        self.assertEqual(
            self.stock["occupancy"],
            {"available_place_days": 1465, "occupied_place_days": 823, "blocked_place_days": 61,
             "rate": 56.2, "average_places": 4.0},
        )  # fmt: skip

    def test_place_state_today_follows_the_date(self):
        room1, room2 = self.d2.place_ids.sorted("room_number")
        self.assertEqual(room2.with_context(date="2024-12-31").state, "blocked")
        self.assertEqual(room2.with_context(date="2024-10-31").state, "vacant")
        self.assertEqual(room1.with_context(date="2024-12-31").state, "occupied")
        self.assertEqual(self.d3.place_ids.with_context(date="2024-12-31").state, "unavailable")
        self.assertEqual(self.d2.with_context(date="2024-12-31").blocked_place_count, 1)
        vacant = (
            self.env["imlr.place"]
            .with_context(date="2024-10-31")
            .search([("state", "=", "vacant"), ("company_id", "=", self.company.id)])
        )
        self.assertEqual(vacant, room2 | self.d4.place_ids)
