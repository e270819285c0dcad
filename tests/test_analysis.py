"""The analysis views (SQL views of imlr_odoo_reports): entries and exits per month, occupancy per month.

Their numbers are read the way the pivot reads them, through ``_read_group``, and must agree with the
counting rules of the Python layer (``imlr.population``, ``imlr.housing.stock``).
"""

import json

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.addons.imlr_odoo.tools import periods
from odoo.tests import HttpCase, new_test_user

from .common import RegistryCase, d
from .test_views import EVERY_VIEW_JS

ACTIONS = {
    "imlr_odoo_reports.imlr_stay_movement_action": ("imlr.stay.movement", "imlr_odoo_reports.imlr_stay_movement_menu"),
    "imlr_odoo_reports.imlr_place_occupancy_action": (
        "imlr.place.occupancy",
        "imlr_odoo_reports.imlr_place_occupancy_menu",
    ),
}

P_FROM, P_TO = d("2024-01-01"), d("2024-12-31")


class TestStayMovement(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls.make_person
        company = {"company_id": cls.company.id}
        # H1 enters with three members; a child joins later, an adult leaves before the exit, the spouse
        # leaves on the exit day itself (still counted at the exit: end >= exit)
        cls.m1, cls.w1, cls.a1, cls.c1 = (
            mk("M1", "male"),
            mk("W1", "female"),
            mk("A1", "male"),
            mk("C1", "female"),
        )
        cls.h1 = cls.make_household(
            "H1",
            [
                (cls.m1, "reference"),
                (cls.w1, "spouse", "2024-03-05", "2024-09-10"),
                (cls.a1, "other_adult", "2024-03-05", "2024-07-01"),
                (cls.c1, "child", "2024-05-01", None, "reunification"),
            ],
            "2024-03-05",
        )
        cls.s1 = cls.make_stay(
            cls.h1,
            "2024-03-05",
            "2024-09-10",
            exit_destination_id=cls.social_landlord.id,
            is_glissement=True,
            **company,
        )
        # H2 enters in the same month and stays
        cls.h2 = cls.make_household("H2", [(mk("W2", "female"), "reference")], "2024-03-20")
        cls.s2 = cls.make_stay(cls.h2, "2024-03-20", **company)
        # H3 from 31 January to 29 February: one completed month, as dateutil counts it
        cls.h3 = cls.make_household("H3", [(mk("M3", "male"), "reference")], "2024-01-31")
        cls.s3 = cls.make_stay(cls.h3, "2024-01-31", "2024-02-29", **company)
        # H4 entered before the period, leaves in September after 15 months
        cls.h4 = cls.make_household("H4", [(mk("M4", "male"), "reference")], "2023-06-15")
        cls.s4 = cls.make_stay(
            cls.h4, "2023-06-15", "2024-09-30", exit_destination_id=cls.social_landlord.id, **company
        )
        cls.env.flush_all()
        cls.movements = cls.env["imlr.stay.movement"]
        cls.domain = [("program_id", "=", cls.program.id)]

    def by_month(self, domain=()):
        groups = self.movements._read_group(
            [*self.domain, *domain],
            ["movement", "date:month"],
            ["movement_count:sum", "members:sum"],
        )
        return {(movement, month): (count, members) for movement, month, count, members in groups}

    def test_entries_and_exits_per_month(self):
        self.assertEqual(
            self.by_month(),
            {
                ("entry", d("2023-06-01")): (1, 1),
                ("entry", d("2024-01-01")): (1, 1),
                ("entry", d("2024-03-01")): (2, 4),  # H1: 3 members at entry (C1 joins later), H2: 1
                ("exit", d("2024-02-01")): (1, 1),
                ("exit", d("2024-09-01")): (2, 4),  # H1: M1, W1 (left on the exit day), C1; H4: 1
            },
        )

    def test_rows_of_a_stay(self):
        rows = self.movements.search([("stay_id", "=", self.s1.id)], order="date")
        self.assertRecordValues(
            rows,
            [
                {
                    "movement": "entry",
                    "date": d("2024-03-05"),
                    "household_id": self.h1.id,
                    "company_id": self.company.id,
                    "entry_situation_id": self.situation.id,
                    "exit_destination_id": False,
                    "is_glissement": False,
                    "members": 3,
                    "months": 0,  # NULL in the view (exits only), 0 once read
                    "movement_count": 1,
                },
                {
                    "movement": "exit",
                    "date": d("2024-09-10"),
                    "household_id": self.h1.id,
                    "company_id": self.company.id,
                    "entry_situation_id": self.situation.id,
                    "exit_destination_id": self.social_landlord.id,
                    "is_glissement": True,
                    "members": 3,
                    "months": 6,
                    "movement_count": 1,
                },
            ],
        )
        self.assertFalse(self.movements.search([("stay_id", "=", self.s2.id), ("movement", "=", "exit")]))

    def test_months_of_stay_at_exit(self):
        exits = self.movements.search([*self.domain, ("movement", "=", "exit")])
        self.assertEqual({row.stay_id: row.months for row in exits}, {self.s1: 6, self.s3: 1, self.s4: 15})
        for row in exits:
            self.assertEqual(row.months, periods.completed_months(row.stay_id.date_entry, row.stay_id.date_exit))
        [(average,)] = self.movements._read_group([*self.domain, ("movement", "=", "exit")], [], ["months:avg"])
        self.assertAlmostEqual(average, 22 / 3)
        # entries have no length of stay (NULL, not 0): they leave the average alone
        [(average,)] = self.movements._read_group(self.domain, [], ["months:avg"])
        self.assertAlmostEqual(average, 22 / 3)

    def test_exits_by_destination(self):
        groups = self.movements._read_group(
            [*self.domain, ("movement", "=", "exit")], ["exit_destination_id", "is_glissement"], ["__count"]
        )
        self.assertEqual(
            {(destination, glissement): count for destination, glissement, count in groups},
            {
                (self.social_landlord, True): 1,
                (self.social_landlord, False): 1,
                (self.env["imlr.exit.destination"], False): 1,
            },
        )

    def test_agrees_with_the_population_rules(self):
        population = self.env["imlr.population"]
        for movement, method in (("entry", "entries"), ("exit", "exits")):
            snapshots = getattr(population, method)(P_FROM, P_TO, programs=self.program)
            [(count, members)] = self.movements._read_group(
                [*self.domain, ("movement", "=", movement), ("date", ">=", P_FROM), ("date", "<=", P_TO)],
                [],
                ["movement_count:sum", "members:sum"],
            )
            self.assertEqual(count, len(snapshots), movement)
            self.assertEqual(members, sum(len(s.persons) for s in snapshots), movement)

    def test_follows_changes_without_explicit_flush(self):
        self.s2.date_exit = d("2024-11-04")
        self.assertEqual(self.by_month([("movement", "=", "exit"), ("date", ">=", d("2024-11-01"))]),
                         {("exit", d("2024-11-01")): (1, 1)})  # fmt: skip


class TestPlaceOccupancy(RegistryCase):
    """Leases, blocks and subleases are closed intervals: their end date is the last day covered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # D1, a whole T2 leased from 10 March 2024, blocked 1–5 April, sub-let 15–31 March and 6–25 April
        # (a place cannot be sub-let while blocked, hence two subleases around the block)
        cls.d1 = cls.make_dwelling("D1", "t2", lease=("2024-03-10", None))
        cls.p1 = cls.d1.place_ids
        cls.env["imlr.place.block"].create(
            {"place_id": cls.p1.id, "date_start": d("2024-04-01"), "date_end": d("2024-04-05"), "reason": "Works"}
        )
        cls.h1 = cls.make_household("H1", [(cls.make_person("M1"), "reference")], "2024-03-15")
        cls.s1 = cls.make_stay(cls.h1, "2024-03-15", "2024-04-26", company_id=cls.company.id)
        cls.make_sublease(cls.s1, cls.p1, "2024-03-15", "2024-03-31")
        cls.make_sublease(cls.s1, cls.p1, "2024-04-06", "2024-04-25")
        # D2, a T3 colocation of two rooms in sector B, leased 1 February – 15 April 2024; room 1 sub-let from
        # 10 February to the lease's end, room 2 blocked across a month end, and again after the lease
        cls.d2 = cls.make_dwelling("D2", "t3", rooms=2, sector=cls.sector_b, lease=None)
        cls.make_lease(cls.d2, "2024-02-01", "2024-04-15", "returned")
        cls.room1, cls.room2 = cls.d2.place_ids.sorted("room_number")
        cls.env["imlr.place.block"].create(
            [
                {"place_id": cls.room2.id, "date_start": d("2024-03-30"), "date_end": d("2024-04-02"),
                 "reason": "Damp"},
                {"place_id": cls.room2.id, "date_start": d("2024-05-01"), "date_end": d("2024-05-10"),
                 "reason": "Not under lease"},
            ]
        )  # fmt: skip
        cls.h2 = cls.make_household("H2", [(cls.make_person("W2", "female"), "reference")], "2024-02-10")
        cls.s2 = cls.make_stay(cls.h2, "2024-02-10", "2024-04-16", company_id=cls.company.id)
        cls.make_sublease(cls.s2, cls.room1, "2024-02-10", "2024-04-15")
        # D3, a T4 whose lease is renewed mid-June: one row per month all the same
        cls.d3 = cls.make_dwelling("D3", "t4", lease=("2023-11-01", "2024-06-15"))
        cls.make_lease(cls.d3, "2024-06-16", "2024-12-31")
        cls.env.flush_all()
        cls.occupancy = cls.env["imlr.place.occupancy"]

    def per_month(self, places):
        groups = self.occupancy._read_group(
            [("place_id", "in", places.ids)],
            ["place_id", "month:month"],
            ["available_days:sum", "blocked_days:sum", "occupied_days:sum", "vacant_days:sum"],
        )
        return {(place, month): tuple(numbers) for place, month, *numbers in groups}

    def test_whole_place_per_month(self):
        months = self.per_month(self.p1)
        self.assertEqual(months[self.p1, d("2024-03-01")], (22, 0, 17, 5))
        self.assertEqual(months[self.p1, d("2024-04-01")], (25, 5, 20, 5))
        self.assertEqual(months[self.p1, d("2024-05-01")], (31, 0, 0, 31))
        # an open lease: one row a month up to the current month, none before the lease
        today = fields.Date.context_today(self.occupancy)
        expected = relativedelta(today.replace(day=1), d("2024-03-01"))
        self.assertEqual(len(months), expected.years * 12 + expected.months + 1)
        self.assertEqual(min(month for _place, month in months), d("2024-03-01"))

    def test_colocation_rooms_per_month(self):
        self.assertEqual(
            self.per_month(self.room1 | self.room2),
            {
                (self.room1, d("2024-02-01")): (29, 0, 20, 9),
                (self.room1, d("2024-03-01")): (31, 0, 31, 0),
                (self.room1, d("2024-04-01")): (15, 0, 15, 0),
                (self.room2, d("2024-02-01")): (29, 0, 0, 29),
                (self.room2, d("2024-03-01")): (29, 2, 0, 29),
                (self.room2, d("2024-04-01")): (13, 2, 0, 13),  # the block after the lease is not counted
            },
        )

    def test_renewed_lease_gives_one_row_per_month(self):
        months = self.per_month(self.d3.place_ids)
        self.assertEqual(len(months), 14)  # November 2023 – December 2024
        self.assertEqual(months[self.d3.place_ids, d("2024-06-01")], (30, 0, 0, 30))
        self.assertEqual(self.occupancy.search_count([("place_id", "in", self.d3.place_ids.ids)]), 14)

    def test_groups_by_typology_and_sector(self):
        groups = self.occupancy._read_group(
            [("company_id", "=", self.company.id), ("month", ">=", P_FROM), ("month", "<=", P_TO)],
            ["typology", "sector_id"],
            ["available_days:sum", "occupied_days:sum"],
        )
        self.assertEqual(
            {(typology, sector): (available, occupied) for typology, sector, available, occupied in groups},
            {
                ("t2", self.sector_a): (292, 37),
                ("room", self.sector_b): (75 + 71, 66),
                ("t4", self.sector_a): (366, 0),
            },
        )

    def test_agrees_with_the_stock_rule(self):
        for date_from, date_to in ((P_FROM, P_TO), (d("2024-02-01"), d("2024-04-30"))):
            [(available, blocked, occupied)] = self.occupancy._read_group(
                [("company_id", "=", self.company.id), ("month", ">=", date_from), ("month", "<=", date_to)],
                [],
                ["available_days:sum", "blocked_days:sum", "occupied_days:sum"],
            )
            stock = self.env["imlr.housing.stock"].stock(date_from, date_to, self.company)["occupancy"]
            self.assertEqual(
                (available, blocked, occupied),
                (stock["available_place_days"], stock["blocked_place_days"], stock["occupied_place_days"]),
            )
        # February – April: D1 22 + 25, the rooms 75 + 71, D3 29 + 31 + 30 available place-days
        self.assertEqual((available, blocked, occupied), (283, 9, 103))

    def test_year_totals(self):
        [(available, blocked, occupied)] = self.occupancy._read_group(
            [("company_id", "=", self.company.id), ("month", ">=", P_FROM), ("month", "<=", P_TO)],
            [],
            ["available_days:sum", "blocked_days:sum", "occupied_days:sum"],
        )
        self.assertEqual((available, blocked, occupied), (292 + 75 + 71 + 366, 5 + 4, 37 + 66))
        stock = self.env["imlr.housing.stock"].stock(P_FROM, P_TO, self.company)["occupancy"]
        self.assertEqual(stock["rate"], round(100.0 * occupied / available, 1))


class TestAnalysisViews(RegistryCase):
    def test_actions_views_and_menus(self):
        reporting = self.env.ref("imlr_odoo.imlr_menu_reporting")
        for xmlid, (model, menu) in ACTIONS.items():
            with self.subTest(action=xmlid):
                action = self.env.ref(xmlid)
                self.assertEqual(action.res_model, model)
                self.assertEqual([mode for _view, mode in action.views], ["pivot", "graph", "list"])
                views = self.env[model].get_views(
                    [*([False, mode] for _view, mode in action.views), [action.search_view_id.id, "search"]]
                )["views"]
                for mode, view in views.items():
                    self.assertEqual(self.env["ir.ui.view"].browse(view["id"]).model, model, mode)
                self.assertEqual(self.env.ref(menu).parent_id, reporting)
                self.assertEqual(self.env.ref(menu).action, action)

    def test_read_only_for_users(self):
        user = new_test_user(self.env, login="imlr_analyst", groups="base.group_user,imlr_odoo.group_imlr_user")
        for model, _menu in ACTIONS.values():
            with self.subTest(model=model):
                records = self.env[model].with_user(user)
                self.assertTrue(records.has_access("read"))
                self.assertFalse(records.has_access("create"))
                records.web_read_group([], ["__count"], ["company_id"])


class TestAnalysisInBrowser(HttpCase):
    def test_pivot_graph_and_list_render(self):
        steps = [[xmlid, mode, False] for xmlid in ACTIONS for mode in ("pivot", "graph", "list")]
        self.browser_js("/odoo", EVERY_VIEW_JS.replace("__STEPS__", json.dumps(steps)), login="admin", timeout=120)
