"""Who was supported, when: the population counting rules of DOMAIN §3, in one place.

Every figure of the annual report about households and persons comes from the snapshots built
here. A snapshot is taken with a fixed number of queries, whatever the number of households.
"""

from collections import defaultdict
from datetime import timedelta
from typing import NamedTuple

from odoo import api, models

from ...tools import periods
from ...tools.rows import read_rows
from .imlr_stay import in_eviction_at, reinforced_during

PROTECTION_STATUSES = ("refugee", "subsidiary_protection")
# what the snapshots read of a stay: fetched with the search, in one query whatever the number of stays
STAY_FIELDS = [
    "household_id",
    "date_entry",
    "date_exit",
    "entry_situation_id",
    "exit_destination_id",
    "is_glissement",
]


class PersonSnapshot(NamedTuple):
    partner_id: int
    household_id: int
    role: str
    date: object  # the date ages and statuses are taken at
    gender: str | None
    birthdate: object
    age: int | None
    status: str | None

    @property
    def is_child(self):
        return self.role == "child"

    @property
    def is_adult_child(self):
        """Enfant majeur: a child (by role) aged 18 or more."""
        return self.is_child and self.age is not None and self.age >= 18

    @property
    def age_bracket(self):
        return periods.age_bracket(self.age)


class HouseholdSnapshot(NamedTuple):
    stay_id: int
    household_id: int
    date: object
    persons: tuple
    typology: str
    status: str | None
    months: int  # completed months of stay at the snapshot date
    days: int
    reinforced: bool
    eviction: bool
    resources: tuple  # codes of the resources received at the date
    entry_situation: str | None
    exit_destination: str | None
    glissement: bool

    @property
    def adults(self):
        return sum(1 for person in self.persons if not person.is_child)

    @property
    def children(self):
        return sum(1 for person in self.persons if person.is_child)

    @property
    def adult_children(self):
        return sum(1 for person in self.persons if person.is_adult_child)


def household_typology(persons):
    """Typology from the adults and children present (DOMAIN §3); anything unusual is "other"."""
    adults = [person for person in persons if not person.is_child]
    has_children = any(person.is_child for person in persons)
    if len(adults) == 1 and adults[0].role == "reference" and adults[0].gender in ("female", "male"):
        alone = "woman" if adults[0].gender == "female" else "man"
        return f"{alone}_children" if has_children else f"single_{alone}"
    if len(adults) == 2 and {adult.role for adult in adults} == {"reference", "spouse"}:
        return "couple_children" if has_children else "couple"
    return "other"


def household_status(persons):
    """The reference person's status; a regularised parent of a protected member counts as protected.

    The seed counts "parents régularisés pour enfants réfugiés" as refugee households: their residence
    permit derives from the child's protection.
    """
    reference = next((person for person in persons if person.role == "reference"), None)
    status = reference.status if reference else None
    if status == "regularised":
        protected = [person.status for person in persons if person.status in PROTECTION_STATUSES]
        if protected:
            return "refugee" if "refugee" in protected else protected[0]
    return status


class ImlrPopulation(models.AbstractModel):
    _name = "imlr.population"
    _description = "Population counting rules"

    # ------------------------------------------------------------------ public API

    @api.model
    def present_at(self, date, programs=None):
        """Households present on ``date``, composition and ages on that date."""
        stays = self._stays(self.env["imlr.stay"]._domain_present_at(date), programs)
        return self._snapshots(stays, {stay.id: date for stay in stays}, mode="present")

    @api.model
    def entries(self, date_from, date_to, programs=None):
        """Households that entered in the period, composition and ages at their entry."""
        stays = self._stays(self.env["imlr.stay"]._domain_entered(date_from, date_to), programs)
        return self._snapshots(
            stays, {stay.id: stay.date_entry for stay in stays}, mode="entry", period=(date_from, date_to)
        )

    @api.model
    def exits(self, date_from, date_to, programs=None):
        """Households that left in the period, composition and ages at their exit."""
        stays = self._stays(self.env["imlr.stay"]._domain_exited(date_from, date_to), programs)
        return self._snapshots(
            stays, {stay.id: stay.date_exit for stay in stays}, mode="exit", period=(date_from, date_to)
        )

    @api.model
    def joiners(self, date_from, date_to, programs=None):
        """Persons who joined a household already supported, during the period (birth, reunification…):
        membership started in the period, after the household's entry, while it was present."""
        stays = self._stays(
            [("date_entry", "<=", date_to), "|", ("date_exit", "=", False), ("date_exit", ">", date_from)], programs
        )
        memberships = read_rows(
            self.env["imlr.household.member"],
            [
                ("household_id", "in", stays.household_id.ids),
                ("date_start", ">=", date_from),
                ("date_start", "<=", date_to),
            ],
            ["household_id", "partner_id", "role", "date_start"],
        )
        stays_by_household = defaultdict(list)
        for stay in stays:
            stays_by_household[stay.household_id.id].append(stay)
        joined = [
            membership
            for membership in memberships
            if any(
                stay.date_entry < membership["date_start"] and stay._is_present_at(membership["date_start"])
                for stay in stays_by_household[membership["household_id"]]
            )
        ]
        facts = self._person_facts([membership["partner_id"] for membership in joined])
        return [
            self._person(
                facts,
                membership["partner_id"],
                membership["household_id"],
                membership["role"],
                membership["date_start"],
            )
            for membership in joined
        ]

    # ------------------------------------------------------------------ building blocks

    @api.model
    def _stays(self, domain, programs):
        if programs:
            domain = [*domain, ("program_id", "in", programs.ids)]
        return self.env["imlr.stay"].search_fetch(domain, STAY_FIELDS, order="date_entry, id")

    @api.model
    def _members_in_snapshot(self, membership, stay, mode, date):
        if mode == "exit":  # still a member on the day the household left
            return membership["date_start"] < date and (not membership["date_end"] or membership["date_end"] >= date)
        return periods.is_present(membership["date_start"], membership["date_end"], date)

    @api.model
    def _person_facts(self, partner_ids):
        """Birth date, gender and dated statuses of persons, in two queries."""
        partners = {
            row["id"]: row
            for row in read_rows(
                self.env["res.partner"].with_context(active_test=False),
                [("id", "in", list(set(partner_ids)))],
                ["birthdate", "gender"],
            )
        }
        statuses = defaultdict(list)
        for row in read_rows(
            self.env["imlr.legal.status"],
            [("partner_id", "in", list(partners))],
            ["partner_id", "status", "date_start"],
            order="date_start, id",
        ):
            statuses[row["partner_id"]].append((row["date_start"], row["status"]))
        return partners, statuses

    @api.model
    def _person(self, facts, partner_id, household_id, role, date):
        partners, statuses = facts
        partner = partners[partner_id]
        in_force = [status for since, status in statuses[partner_id] if since <= date]
        return PersonSnapshot(
            partner_id=partner_id,
            household_id=household_id,
            role=role,
            date=date,
            gender=partner["gender"] or None,
            birthdate=partner["birthdate"] or None,
            age=periods.age_at(partner["birthdate"], date),
            status=in_force[-1] if in_force else None,
        )

    @api.model
    def _snapshots(self, stays, dates, mode, period=None):
        if not stays:
            return []
        memberships = defaultdict(list)
        for row in read_rows(
            self.env["imlr.household.member"],
            [("household_id", "in", stays.household_id.ids)],
            ["household_id", "partner_id", "role", "date_start", "date_end"],
            order="date_start, id",
        ):
            memberships[row["household_id"]].append(row)
        facts = self._person_facts([row["partner_id"] for rows in memberships.values() for row in rows])
        # resources are dated by coverage: on leaving, those of the last day supported count
        resource_dates = (
            {stay_id: date - timedelta(days=1) for stay_id, date in dates.items()} if mode == "exit" else dates
        )
        resources = self.env["imlr.household.resource"]._combinations_by_stay(stays, resource_dates)
        reinforced_by_stay = (
            self.env["imlr.reinforced.support"]
            .search_fetch([("stay_id", "in", stays.ids)], ["stay_id", "date_start", "date_end"])
            .grouped("stay_id")
        )
        eviction_by_stay = (
            self.env["imlr.eviction.stage"]
            .search_fetch([("stay_id", "in", stays.ids)], ["stay_id", "date", "stage"])
            .grouped("stay_id")
        )
        situations = self.env["imlr.entry.situation"]._codes_by_id()
        destinations = self.env["imlr.exit.destination"]._codes_by_id()
        snapshots = []
        for stay in stays:
            date = dates[stay.id]
            persons = tuple(
                self._person(facts, row["partner_id"], stay.household_id.id, row["role"], date)
                for row in memberships[stay.household_id.id]
                if self._members_in_snapshot(row, stay, mode, date)
            )
            reinforced = reinforced_during(
                reinforced_by_stay.get(stay, ()), *((date, date) if mode == "present" else period)
            )
            snapshots.append(
                HouseholdSnapshot(
                    stay_id=stay.id,
                    household_id=stay.household_id.id,
                    date=date,
                    persons=persons,
                    typology=household_typology(persons),
                    status=household_status(persons),
                    months=periods.completed_months(stay.date_entry, date),
                    days=(date - stay.date_entry).days,
                    reinforced=reinforced,
                    eviction=in_eviction_at(eviction_by_stay.get(stay, ()), date),
                    resources=resources[stay.id],
                    entry_situation=situations.get(stay.entry_situation_id.id),
                    exit_destination=destinations.get(stay.exit_destination_id.id),
                    glissement=stay.is_glissement,
                )
            )
        return snapshots
