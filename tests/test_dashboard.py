"""The IML app's first screen: figures computed on the demo database at a given date, and what they open."""

from odoo.tests.common import TransactionCase

from .common import d


class TestDashboard(TransactionCase):
    def tiles(self, date):
        tiles = self.env["imlr.dashboard.tile"].with_context(date=date, lang="fr_FR").search([])
        return {tile.code: tile for tile in tiles}

    def test_figures_at_the_end_of_the_report_period(self):
        tiles = self.tiles(d("2024-10-31"))
        # DOMAIN §4: 17 households present on 31/10/2024; 9 entries and 3 exits in 2023-11-01..2024-10-31
        self.assertEqual(tiles["households_present"].value_display, "17")
        self.assertEqual(tiles["entries"].value, 9)
        self.assertEqual(tiles["exits"].value, 3)
        self.assertEqual(tiles["vacant_places"].value, 0)
        self.assertEqual(tiles["entries"].period_display, "du 01/11/2023 au 31/10/2024")
        self.assertEqual(tiles["households_present"].period_display, "au 31/10/2024")

    def test_rent_figures(self):
        tiles = self.tiles(d("2024-10-31"))
        # the demo's year of rents: the household of S019 owes 8 months of its share (97 €), the one of S022
        # is repaying its plan (87 € left, due in November); the impayé is S019's
        self.assertEqual(tiles["arrears"].value, 776.0 + 87.0)
        self.assertEqual(tiles["arrears"].value_display, "863,00\xa0€")
        self.assertEqual(tiles["late_plans"].value, 0)
        self.assertEqual(tiles["impayes"].value, 1)
        # on 11 November 2024 the last instalment is late
        self.assertEqual(self.tiles(d("2024-11-11"))["late_plans"].value, 1)
        action = tiles["impayes"].action_open()
        self.assertEqual(self.env["res.partner"].search(action["domain"]).mapped("name"), ["KIDANE Yonas"])

    def test_program_year_changes_on_1_november(self):
        self.assertEqual(self.tiles(d("2024-11-01"))["entries"].value, 0)
        self.assertEqual(self.tiles(d("2024-11-01"))["entries"].period_display, "du 01/11/2024 au 31/10/2025")
        # the day before, the year 2023-2024
        self.assertEqual(self.tiles(d("2024-10-31"))["entries"].value, 9)

    def test_a_tile_opens_the_records_it_counts(self):
        tile = self.tiles(d("2024-10-31"))["households_present"]
        action = tile.action_open()
        self.assertEqual(action["res_model"], "imlr.stay")
        self.assertEqual(self.env["imlr.stay"].search_count(action["domain"]), 17)
        exits = self.tiles(d("2024-10-31"))["exits"].action_open()
        self.assertEqual(self.env["imlr.stay"].search_count(exits["domain"]), 3)

    def test_contracts_ending_within_30_days(self):
        tile = self.tiles(d("2024-10-31"))["contracts_ending"]
        contracts = self.env["imlr.support.contract"].search(tile.action_open()["domain"])
        self.assertEqual(len(contracts), tile.value)
        for contract in contracts:
            self.assertTrue(d("2024-10-31") <= contract.date_end_current <= d("2024-11-30"))
        # a contract of a stay present whose end is 31 days away is not counted
        later = self.env["imlr.support.contract"].search(
            [("date_end_current", "=", d("2024-12-01")), ("id", "not in", contracts.ids)], limit=1
        )
        self.assertNotIn(later, contracts)

    def test_the_app_opens_on_the_dashboard(self):
        root = self.env.ref("imlr_odoo.imlr_menu_root")
        menus = self.env["ir.ui.menu"].load_web_menus(debug=False)
        self.assertEqual(menus[root.id]["actionID"], self.env.ref("imlr_odoo.imlr_dashboard_action").id)
