"""The housing stock and its occupancy (DOMAIN §3), for a date or a period, in a fixed number of queries."""

from collections import defaultdict
from typing import NamedTuple

from odoo import api, models

from ...tools import periods
from ...tools.rows import read_rows


class PlaceFacts(NamedTuple):
    place_id: int
    dwelling_id: int
    dwelling_name: str
    typology: str  # the place's: t1…t6, or room
    dwelling_typology: str
    sector: str  # sector code
    is_room: bool


class StockData(NamedTuple):
    places: dict  # {place id: PlaceFacts}
    leases: dict  # {dwelling id: [lease rows]}
    blocks: dict  # {place id: [(start, end)]}
    subleases: dict  # {place id: [sublease rows]}


class ImlrHousingStock(models.AbstractModel):
    _name = "imlr.housing.stock"
    _description = "Housing stock counting rules"

    @api.model
    def _load(self, domain):
        """Places matching ``domain`` with their leases, blocks and subleases, in a fixed number of queries."""
        places = self.env["imlr.place"].search_fetch(domain, ["dwelling_id", "typology", "kind"])
        # the dwellings' names are their partners': read at once, not by prefetch batches of 1,000 dwellings
        dwellings = places.dwelling_id
        dwellings.fetch(["partner_id", "typology", "sector_id"])
        dwellings.partner_id.fetch(["name"])
        sectors = {sector.id: sector.code for sector in dwellings.sector_id}
        facts = {
            place.id: PlaceFacts(
                place_id=place.id,
                dwelling_id=place.dwelling_id.id,
                dwelling_name=place.dwelling_id.name,
                typology=place.typology,
                dwelling_typology=place.dwelling_id.typology,
                sector=sectors.get(place.dwelling_id.sector_id.id),
                is_room=place.kind == "room",
            )
            for place in places
        }
        leases = defaultdict(list)
        for row in read_rows(
            self.env["imlr.lease"],
            [("dwelling_id", "in", dwellings.ids)],
            ["dwelling_id", "date_start", "date_end", "end_reason"],
        ):
            leases[row["dwelling_id"]].append(row)
        blocks = defaultdict(list)
        for row in read_rows(
            self.env["imlr.place.block"], [("place_id", "in", places.ids)], ["place_id", "date_start", "date_end"]
        ):
            blocks[row["place_id"]].append((row["date_start"], row["date_end"]))
        subleases = defaultdict(list)
        for row in read_rows(
            self.env["imlr.sublease"],
            [("place_id", "in", places.ids)],
            ["place_id", "date_start", "date_end", "household_id"],
        ):
            subleases[row["place_id"]].append(row)
        return StockData(facts, leases, blocks, subleases)

    @api.model
    def _state_of(self, place, data, date):
        """(state, household id) of a place on a date: occupied, blocked, vacant or unavailable."""
        covering = [
            row for row in data.subleases[place.place_id] if periods.covers(row["date_start"], row["date_end"], date)
        ]
        if covering:
            return "occupied", covering[0]["household_id"]
        if not any(periods.covers(row["date_start"], row["date_end"], date) for row in data.leases[place.dwelling_id]):
            return "unavailable", False
        if any(periods.covers(start, end, date) for start, end in data.blocks[place.place_id]):
            return "blocked", False
        return "vacant", False

    @api.model
    def _place_states(self, domain, date):
        """{place id: (state, household id)} of the places matching ``domain`` (kanban, filters)."""
        data = self._load(domain)
        return {place_id: self._state_of(place, data, date) for place_id, place in data.places.items()}

    @api.model
    def stock(self, date_from, date_to, company=None):
        """The stock table and the occupancy of the period [date_from, date_to]; the reference date is date_to.

        Returns a dict: ``at_date`` {state: [PlaceFacts]}, ``captured`` and ``returned`` [PlaceFacts] (a place
        per lease starting / ending in the period; returned ones carry ``glissement``), and ``occupancy``.
        """
        data = self._load([("company_id", "=", company.id)] if company else [])
        at_date = defaultdict(list)
        places_by_dwelling = defaultdict(list)
        for place in data.places.values():
            state, _household = self._state_of(place, data, date_to)
            at_date[state].append(place)
            places_by_dwelling[place.dwelling_id].append(place)
        captured, returned = [], []
        for dwelling_id, rows in data.leases.items():
            for row in rows:
                if date_from <= row["date_start"] <= date_to:
                    captured += places_by_dwelling[dwelling_id]
                if row["date_end"] and date_from <= row["date_end"] <= date_to:
                    returned += [
                        (place, row["end_reason"] == "glissement") for place in places_by_dwelling[dwelling_id]
                    ]
        return {
            "at_date": dict(at_date),
            "captured": captured,
            "returned": returned,
            "occupancy": self._occupancy(data, date_from, date_to),
        }

    @api.model
    def _occupancy(self, data, date_from, date_to):
        """Place-days of the period: available (under lease, not blocked), blocked, occupied (sub-let)."""
        available = blocked = occupied = 0
        for place in data.places.values():
            leased = periods.merge_closed(
                (row["date_start"], row["date_end"] or date_to) for row in data.leases[place.dwelling_id]
            )
            for start, end in leased:
                days = periods.covered_days(start, end, date_from, date_to)
                if not days:
                    continue
                low, high = max(start, date_from), min(end, date_to)
                place_blocked = sum(
                    periods.covered_days(b_start, b_end, low, high) for b_start, b_end in data.blocks[place.place_id]
                )
                blocked += place_blocked
                available += days - place_blocked
            occupied += sum(
                periods.covered_days(row["date_start"], row["date_end"], date_from, date_to)
                for row in data.subleases[place.place_id]
            )
        period_days = (date_to - date_from).days + 1
        return {
            "available_place_days": available,
            "occupied_place_days": occupied,
            "blocked_place_days": blocked,
            "rate": round(100.0 * occupied / available, 1) if available else None,
            "average_places": round(available / period_days, 1),
        }
