"""The demo association reproduces every figure of the seed report (DOMAIN §4) through the model layer.

Period P = 2023-11-01 … 2024-10-31, D = 2024-10-31. The test database is created with demo data.
"""

from collections import Counter

from odoo.addons.imlr_odoo.tools import periods
from odoo.tests.common import TransactionCase

from .common import d

P_FROM, P_TO, BEFORE = d("2023-11-01"), d("2024-10-31"), d("2023-10-31")


def persons(snapshots):
    return [person for snap in snapshots for person in snap.persons]


class TestDemoFigures(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = cls.env.ref("imlr_odoo.imlr_program_imlr")
        population = cls.env["imlr.population"]
        cls.present = population.present_at(P_TO, cls.program)
        cls.present_before = population.present_at(BEFORE, cls.program)
        cls.entries = population.entries(P_FROM, P_TO, cls.program)
        cls.joiners = population.joiners(P_FROM, P_TO, cls.program)
        cls.exits = population.exits(P_FROM, P_TO, cls.program)
        cls.stock = cls.env["imlr.housing.stock"].stock(P_FROM, P_TO, cls.env.ref("base.main_company"))

    def composition(self, snapshots):
        return {
            typology: (
                sum(1 for s in snapshots if s.typology == typology),
                sum(s.children for s in snapshots if s.typology == typology),
                sum(s.adult_children for s in snapshots if s.typology == typology),
            )
            for typology in {s.typology for s in snapshots}
        }

    def test_present(self):
        self.assertEqual((len(self.present_before), len(persons(self.present_before))), (11, 36))
        self.assertEqual(len(self.present), 17)
        self.assertEqual(sum(s.adults for s in self.present), 24)
        self.assertEqual(sum(s.children for s in self.present), 27)
        self.assertEqual(sum(s.adult_children for s in self.present), 3)
        self.assertEqual(len(persons(self.present)), 51)
        self.assertEqual(sum(s.eviction for s in self.present), 1)

    def test_1_1_composition_at_d(self):
        self.assertEqual(
            self.composition(self.present),
            {
                "single_woman": (1, 0, 0),
                "single_man": (7, 0, 0),
                "woman_children": (2, 10, 2),
                "couple_children": (7, 17, 1),
            },
        )

    def test_1_2_and_1_3_status_and_ages_at_d(self):
        self.assertEqual(
            Counter(p.status for p in persons(self.present)),
            {"refugee": 39, "subsidiary_protection": 6, "regularised": 6},
        )
        self.assertEqual(
            Counter(p.age_bracket for p in persons(self.present)),
            {"0-17": 24, "18-24": 3, "25-39": 15, "40-59": 8, "60+": 1},
        )
        self.assertEqual(sum(p.is_adult_child for p in persons(self.present) if p.age_bracket == "18-24"), 3)

    def test_1_6_durations_at_d(self):
        brackets = Counter("lt6" if s.months < 6 else "6_11" if s.months < 12 else "ge12" for s in self.present)
        self.assertEqual(brackets, {"lt6": 1, "6_11": 8, "ge12": 8})
        self.assertEqual(round(periods.average_months([s.days for s in self.present])), 14)

    def test_entries(self):
        self.assertEqual(len(self.entries), 9)
        self.assertEqual(sum(s.adults for s in self.entries), 13)
        self.assertEqual(sum(s.children for s in self.entries), 12)
        self.assertEqual(sum(s.adult_children for s in self.entries), 2)
        self.assertEqual(len(persons(self.entries)), 25)
        self.assertEqual(len(self.joiners), 4)
        self.assertEqual(len(persons(self.entries)) + len(self.joiners), 29)
        self.assertEqual(
            self.composition(self.entries),
            {"single_woman": (1, 0, 0), "single_man": (3, 0, 0), "woman_children": (1, 3, 1),
             "couple_children": (4, 9, 1)},
        )  # fmt: skip
        self.assertEqual(Counter(s.status for s in self.entries), {"refugee": 9})
        regularised_parents = [
            s for s in self.entries if {p.status for p in s.persons if not p.is_child} == {"regularised"}
        ]
        self.assertEqual(len(regularised_parents), 2)
        self.assertEqual(
            Counter(p.age_bracket for p in persons(self.entries) + self.joiners),
            {"0-17": 14, "18-24": 2, "25-39": 9, "40-59": 4},
        )

    def test_exits(self):
        self.assertEqual((len(self.exits), len(persons(self.exits))), (3, 14))
        self.assertEqual(self.composition(self.exits), {"single_woman": (1, 0, 0), "couple_children": (2, 9, 3)})
        self.assertEqual(Counter(s.status for s in self.exits), {"refugee": 2, "subsidiary_protection": 1})
        self.assertEqual(
            Counter(p.age_bracket for p in persons(self.exits)), {"0-17": 6, "18-24": 3, "25-39": 1, "40-59": 4}
        )
        self.assertTrue(all(s.months >= 18 for s in self.exits))
        self.assertEqual(round(periods.average_months([s.days for s in self.exits])), 23)
        self.assertEqual(Counter(s.exit_destination for s in self.exits), {"social_landlord": 3})
        self.assertEqual(sum(s.glissement for s in self.exits), 2)

    def test_balance(self):
        self.assertEqual(len(self.present), len(self.present_before) + len(self.entries) - len(self.exits))
        self.assertEqual(
            len(persons(self.present)),
            len(persons(self.present_before))
            + len(persons(self.entries))
            + len(self.joiners)
            - len(persons(self.exits)),
        )

    def test_stock(self):
        at_date = self.stock["at_date"]
        self.assertEqual(len(at_date["occupied"]), 17)
        self.assertNotIn("vacant", at_date)
        self.assertEqual(
            Counter(place.typology for place in at_date["occupied"]),
            {"room": 6, "t1": 1, "t2": 2, "t3": 3, "t4": 4, "t5": 1},
        )
        self.assertEqual(len({p.dwelling_id for p in at_date["occupied"] if p.is_room}), 3)
        self.assertEqual(Counter(place.sector for place in at_date["occupied"]), {"GA": 16, "PM": 1})
        self.assertEqual(Counter(place.typology for place in self.stock["captured"]), {"t2": 1, "t3": 2, "room": 2})
        self.assertEqual({place.sector for place in self.stock["captured"]}, {"GA"})
        returned = self.stock["returned"]
        self.assertEqual(
            Counter((place.dwelling_typology, place.is_room) for place, _glissement in returned),
            {("t3", True): 2, ("t4", False): 1, ("t5", False): 1},
        )
        self.assertEqual(sorted(p.dwelling_typology for p, glissement in returned if glissement), ["t4", "t5"])
        occupancy = self.stock["occupancy"]
        self.assertEqual(
            occupancy,
            {"available_place_days": 6482, "occupied_place_days": 5992, "blocked_place_days": 226,
             "rate": 92.4, "average_places": 17.7},
        )  # fmt: skip

    def test_orientations_not_admitted(self):
        refused = self.env["imlr.orientation"].search(
            [("program_id", "=", self.program.id), ("outcome", "=", "not_admitted"),
             ("date", ">=", P_FROM), ("date", "<=", P_TO)]
        )  # fmt: skip
        self.assertEqual(
            sorted(refused.mapped("refusal_motif")), ["already_housed", "direct_attribution", "refused_association"]
        )
