"""The annual activity report as plain data: every table of the seed report, for any period.

Each table is declared once, in ``_tables``: key, page, title, columns, the list that names its rows, and its
row builder. ``build`` runs the builders over the period and the previous one (the N-1 figures), ``layout``
turns the result into what the QWeb templates and the XLSX workbook print. The snapshot keeps row codes only:
labels are resolved when printing. Counting rules are the model layer's (``imlr.population``,
``imlr.housing.stock``); this file only groups and labels. The JSON schema is docs/report-json.md.
"""

import copy
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.imlr_odoo.tools import periods
from odoo.tools import SQL
from odoo.tools.misc import formatLang

# 2: rows keep codes only (labels resolved when printing), every row carries its "previous" figures, 1.8 counts
# the persons who joined a household, statuses follow the legal status field's selection, occupancy is a table.
SCHEMA_VERSION = 2
TYPOLOGIES = ("single_woman", "single_man", "couple", "woman_children", "man_children", "couple_children", "other")
AGE_BRACKETS = (*(code for code, _low, _high in periods.AGE_BRACKETS), periods.AGE_UNKNOWN)
PRESENT_DURATIONS = (("lt6", 0, 5), ("6-11", 6, 11), ("ge12", 12, None))
EXIT_DURATIONS = (("lt6", 0, 5), ("6-11", 6, 11), ("12-17", 12, 17), ("ge18", 18, None))
PLACE_TYPOLOGIES = ("room", "t1", "t2", "t3", "t4", "t5", "t6")
MOTIFS = ("direct_attribution", "refused_association", "refused_household", "already_housed", "other")
OCCUPANCY_ROWS = ("rate", "average_places", "available_place_days", "occupied_place_days", "blocked_place_days")
UNKNOWN = "unknown"
OTHER_STATUS = "other"  # the row of a status the selection no longer holds
SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


class Table(NamedTuple):
    """One table of the report: everything ``build``, ``layout``, the templates and the XLSX need."""

    key: str
    page: str
    title: str
    columns: tuple  # row keys printed, in order
    compare: tuple  # the columns printed beside the previous period's figure
    names: str  # the list of ``_labels`` that names the rows
    rows: Callable  # PeriodFigures -> rows, ending with the total row when the table has one


class Page(NamedTuple):
    key: str
    title: str
    headline: str | None  # key of the headline sentence printed under the title
    texts: tuple  # fields of imlr.annual.report written by hand, printed after the tables


class PeriodFigures(NamedTuple):
    """What the tables of one period are built from."""

    present: list
    entries: list
    joiners: list
    exits: list
    stock: dict
    support: dict
    orientations: dict


def bracket_of(value, brackets):
    for code, low, high in brackets:
        if value >= low and (high is None or value <= high):
            return code
    return UNKNOWN


def with_total(rows, keys):
    """The rows, then a "total" row summing ``keys``."""
    total = {key: sum(row[key] for row in rows) for key in keys}
    return [*rows, {"code": "total", **total}]


def numbers(row):
    return {key: value for key, value in row.items() if isinstance(value, int | float) and not isinstance(value, bool)}


def with_previous(rows, previous_rows):
    """``rows``, each with the ``previous`` period's figures of the same code (zeros if it had none); a code found
    only in the previous period gets a row of zeros, before the total."""
    before = {row["code"]: numbers(row) for row in previous_rows}
    codes = {row["code"] for row in rows}
    extra = [{"code": code, **dict.fromkeys(values, 0)} for code, values in before.items() if code not in codes]
    if rows and rows[-1]["code"] == "total":
        rows = [*rows[:-1], *extra, rows[-1]]
    else:
        rows = [*rows, *extra]
    return [{**row, "previous": before.get(row["code"]) or dict.fromkeys(numbers(row), 0)} for row in rows]


class ImlrAnnualReportData(models.AbstractModel):
    _name = "imlr.annual.report.data"
    _description = "Annual report data"

    @api.model
    def default_period(self, today):
        """The programs' year that ends on 31 October of the current year."""
        date_to = today.replace(month=10, day=31)
        return date_to - relativedelta(years=1) + timedelta(days=1), date_to

    # ------------------------------------------------------------------ the tables, declared once

    def _pages(self):
        # pylint: disable=prefer-env-translation
        _ = self.env._
        return (
            Page("housing", _("Housing stock and occupancy"), "occupancy", ("housing_text",)),
            Page("present", _("Households present"), "present", ()),
            Page("entries", _("Entries"), "entries", ()),
            Page("exits", _("Exits"), "exits", ()),
            Page("orientations", _("Orientations"), None, ("orientation_text",)),
            Page("support", _("Support"), None, ("support_text", "partnership_text", "volunteers_text")),
        )

    def _tables(self):
        """Every table of the report, in print order. Adding a table is one entry here plus its row builder."""
        # pylint: disable=prefer-env-translation
        _ = self.env._  # the alias keeps the many titles readable; Odoo extracts both spellings
        composition = ("households", "children", "adult_children", "reinforced")
        status = ("households", "persons", "reinforced", "regularised_parents")
        ages = ("persons", "adult_children")
        households = ("households",)
        return (
            Table("stock", "housing", _("Housing stock"),
                  ("places", "dwellings", "typologies", "sectors", "glissement"), ("places",), "stock",
                  lambda fig: self._stock_table(fig.stock)),
            Table("occupancy", "housing", _("Occupancy of the places"), ("value",), ("value",), "occupancy",
                  lambda fig: self._occupancy_table(fig.stock["occupancy"])),
            Table("1.1", "present", _("1.1 – Composition of the households present"), composition, households,
                  "typology", lambda fig: self._composition(fig.present)),
            Table("1.2", "present", _("1.2 – Legal status of the households and persons present"), status,
                  ("households", "persons"), "status", lambda fig: self._statuses(fig.present)),
            Table("1.3", "present", _("1.3 – Ages of the persons present"), ages, ("persons",), "age",
                  lambda fig: self._ages(self._persons(fig.present))),
            Table("1.4", "present", _("1.4 – Resources of the households present"), households, households,
                  "resource", lambda fig: self._resources(fig.present)),
            Table("1.5", "present", _("1.5 – Situation before entry of the households present"), households,
                  households, "situation", lambda fig: self._situations(fig.present)),
            Table("1.6", "present", _("1.6 – Length of stay of the households present"), households, households,
                  "duration", lambda fig: self._durations(fig.present, PRESENT_DURATIONS)),
            Table("1.7", "entries", _("1.7 – Composition of the households entered"), composition, households,
                  "typology", lambda fig: self._composition(fig.entries)),
            Table("1.8", "entries", _("1.8 – Legal status of the households and persons entered"), status,
                  ("households", "persons"), "status", lambda fig: self._statuses(fig.entries, fig.joiners)),
            Table("1.9", "entries", _("1.9 – Ages of the persons entered"), ages, ("persons",), "age",
                  lambda fig: self._ages(self._persons(fig.entries) + fig.joiners)),
            Table("1.10", "entries", _("1.10 – Resources of the households entered"), households, households,
                  "resource", lambda fig: self._resources(fig.entries)),
            Table("1.11", "entries", _("1.11 – Situation before entry of the households entered"), households,
                  households, "situation", lambda fig: self._situations(fig.entries)),
            Table("1.12", "exits", _("1.12 – Composition of the households exited"), composition, households,
                  "typology", lambda fig: self._composition(fig.exits)),
            Table("1.13", "exits", _("1.13 – Legal status of the households and persons that left"), status,
                  ("households", "persons"), "status", lambda fig: self._statuses(fig.exits)),
            Table("1.14", "exits", _("1.14 – Ages of the persons that left"), ages, ("persons",), "age",
                  lambda fig: self._ages(self._persons(fig.exits))),
            Table("1.15", "exits", _("1.15 – Length of stay of the households that left"), households, households,
                  "duration", lambda fig: self._durations(fig.exits, EXIT_DURATIONS)),
            Table("1.16", "exits", _("1.16 – Exit destinations"), ("households", "glissement", "reinforced"),
                  households, "destination", lambda fig: self._destinations(fig.exits)),
            Table("orientations", "orientations", _("Orientations received during the period"), ("orientations",),
                  ("orientations",), "outcome", lambda fig: self._orientations(fig.orientations)),
            Table("support", "support", _("Support given during the period"), ("count",), ("count",), "support",
                  lambda fig: self._support(fig.support)),
        )  # fmt: skip

    # ------------------------------------------------------------------ build

    @api.model
    def build(self, program, date_from, date_to, company=None):
        """The whole report as a JSON-ready dict (dates as ISO strings, rows by code)."""
        previous_from, previous_to = date_from - relativedelta(years=1), date_from - timedelta(days=1)
        current = self._period_figures(program, date_from, date_to, company)
        previous = self._period_figures(program, previous_from, previous_to, company)
        return {
            "schema_version": SCHEMA_VERSION,
            "program": {"code": program.code, "name": program.name},
            "company": (company or self.env.company).name,
            "period": {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
            "previous_period": {"date_from": previous_from.isoformat(), "date_to": previous_to.isoformat()},
            # figures of a period not over yet are provisional: the report says so and cannot be validated
            "provisional": date_to >= fields.Date.context_today(self),
            "present": self._headline(current.present),
            "present_previous": self._headline(previous.present),
            "entries": self._entries_headline(current.entries, current.joiners),
            "entries_previous": self._entries_headline(previous.entries, previous.joiners),
            "exits": self._headline(current.exits, with_flags=False),
            "exits_previous": self._headline(previous.exits, with_flags=False),
            "occupancy": current.stock["occupancy"],
            "occupancy_previous": previous.stock["occupancy"],
            "support": current.support,
            "support_previous": previous.support,
            "tables": {table.key: with_previous(table.rows(current), table.rows(previous)) for table in self._tables()},
            "data_quality": self._data_quality(
                current.present + current.entries + current.exits, current.joiners, current.exits
            ),
        }

    def _period_figures(self, program, date_from, date_to, company):
        population = self.env["imlr.population"]
        return PeriodFigures(
            present=population.present_at(date_to, program),
            entries=population.entries(date_from, date_to, program),
            joiners=population.joiners(date_from, date_to, program),
            exits=population.exits(date_from, date_to, program),
            stock=self.env["imlr.housing.stock"].stock(date_from, date_to, company),
            support=self.env["imlr.support.statistics"].counts(program, date_from, date_to),
            orientations=self._orientation_counts(program, date_from, date_to),
        )

    # ------------------------------------------------------------------ headline figures

    @staticmethod
    def _persons(snapshots):
        return [person for snap in snapshots for person in snap.persons]

    def _headline(self, snapshots, with_flags=True):
        figures = {
            "households": len(snapshots),
            "adults": sum(snap.adults for snap in snapshots),
            "children": sum(snap.children for snap in snapshots),
            "adult_children": sum(snap.adult_children for snap in snapshots),
            "persons": sum(len(snap.persons) for snap in snapshots),
        }
        if with_flags:
            figures["reinforced"] = sum(snap.reinforced for snap in snapshots)
            figures["eviction"] = sum(snap.eviction for snap in snapshots)
        return figures

    def _entries_headline(self, entries, joiners):
        figures = self._headline(entries, with_flags=False)
        figures["persons_joining"] = len(joiners)
        figures["persons"] += len(joiners)
        return figures

    # ------------------------------------------------------------------ row builders

    def _composition(self, snapshots):
        rows = [
            {
                "code": code,
                "households": sum(1 for snap in snapshots if snap.typology == code),
                "children": sum(snap.children for snap in snapshots if snap.typology == code),
                "adult_children": sum(snap.adult_children for snap in snapshots if snap.typology == code),
                "reinforced": sum(snap.reinforced for snap in snapshots if snap.typology == code),
            }
            for code in TYPOLOGIES
        ]
        return with_total(rows, ("households", "children", "adult_children", "reinforced"))

    def _status_codes(self):
        """The rows of the status tables: every status the legal status accepts (configuration may add some),
        then "not recorded"."""
        return (*self.env["imlr.legal.status"]._fields["status"].get_values(self.env), UNKNOWN)

    def _statuses(self, snapshots, joiners=()):
        """Households (by their status, DOMAIN §3) and persons by status; ``joiners``, persons who joined a
        household during the period, count as persons entered (as in 1.9)."""
        codes = self._status_codes()

        def row_of(status):
            if not status:
                return UNKNOWN
            return status if status in codes else OTHER_STATUS

        households = Counter(row_of(snap.status) for snap in snapshots)
        persons = Counter(row_of(person.status) for person in [*self._persons(snapshots), *joiners])
        reinforced = Counter(row_of(snap.status) for snap in snapshots if snap.reinforced)
        # households counted as protected though their reference person is regularised (the seed's
        # "dont parents régularisés pour enfants réfugiés")
        regularised_parents = Counter(
            row_of(snap.status)
            for snap in snapshots
            if snap.status != "regularised"
            and any(p.role == "reference" and p.status == "regularised" for p in snap.persons)
        )
        rows = [
            {
                "code": code,
                "households": households[code],
                "persons": persons[code],
                "reinforced": reinforced[code],
                "regularised_parents": regularised_parents[code],
            }
            for code in codes
        ]
        return with_total(rows, ("households", "persons", "reinforced", "regularised_parents"))

    def _ages(self, persons):
        counts = Counter(person.age_bracket for person in persons)
        adult_children = Counter(person.age_bracket for person in persons if person.is_adult_child)
        rows = [
            {"code": code, "persons": counts[code], "adult_children": adult_children[code]} for code in AGE_BRACKETS
        ]
        return with_total(rows, ("persons", "adult_children"))

    def _resources(self, snapshots):
        """A household counts once, in the row of its combination of resources."""
        combos = Counter("+".join(snap.resources) or UNKNOWN for snap in snapshots)
        rows = [
            {"code": combo, "households": count}
            for combo, count in sorted(combos.items(), key=lambda item: (item[0] == UNKNOWN, -item[1], item[0]))
        ]
        return with_total(rows, ("households",))

    def _situations(self, snapshots):
        counts = Counter(snap.entry_situation or UNKNOWN for snap in snapshots)
        return self._coded_rows(self._list_codes("imlr.entry.situation"), counts)

    def _durations(self, snapshots, brackets):
        counts = Counter(bracket_of(snap.months, brackets) for snap in snapshots)
        table = with_total([{"code": code, "households": counts[code]} for code, _l, _h in brackets], ("households",))
        table[-1]["average_months"] = periods.average_months([snap.days for snap in snapshots])
        return table

    def _destinations(self, snapshots):
        rows = []
        for code in [*self._list_codes("imlr.exit.destination"), UNKNOWN]:
            matching = [snap for snap in snapshots if (snap.exit_destination or UNKNOWN) == code]
            if code == UNKNOWN and not matching:
                continue
            rows.append(
                {
                    "code": code,
                    "households": len(matching),
                    "glissement": sum(snap.glissement for snap in matching),
                    "reinforced": sum(snap.reinforced for snap in matching),
                }
            )
        return with_total(rows, ("households", "glissement", "reinforced"))

    def _list_codes(self, model):
        """Codes of the active entries of a configurable list, in its order: one row each, even at 0."""
        return self.env[model].search_fetch([("code", "!=", False)], ["code"]).mapped("code")

    def _coded_rows(self, codes, counts):
        """Rows of a configurable list (every entry, even at 0), then unknown values if any."""
        rows = [{"code": code, "households": counts.get(code, 0)} for code in codes]
        if counts.get(UNKNOWN):
            rows.append({"code": UNKNOWN, "households": counts[UNKNOWN]})
        return with_total(rows, ("households",))

    def _orientation_counts(self, program, date_from, date_to):
        groups = self.env["imlr.orientation"]._read_group(
            [("program_id", "=", program.id), ("date", ">=", date_from), ("date", "<=", date_to)],
            ["outcome", "refusal_motif"],
            ["__count"],
        )
        return {(outcome, motif or None): count for outcome, motif, count in groups}

    def _orientations(self, counts):
        rows = [
            {"code": "admitted", "orientations": counts.get(("admitted", None), 0)},
            {"code": "pending", "orientations": counts.get(("pending", None), 0)},
            *(
                {"code": f"not_admitted:{motif}", "orientations": counts.get(("not_admitted", motif), 0)}
                for motif in MOTIFS
            ),
        ]
        return with_total(rows, ("orientations",))

    def _support(self, counts):
        """The support given: contracts, avenants, interventions by type, psychological orientations."""
        rows = [
            {"code": "contracts_signed", "count": counts["contracts_signed"]},
            {"code": "amendments", "count": counts["amendments"]},
            *({"code": code, "count": number} for code, number in counts["interventions"].items()),
            {"code": "home_visits", "count": counts["home_visits"]},
            *(
                {"code": f"psychological_{code}", "count": number}
                for code, number in counts["psychological_orientations"].items()
            ),
        ]
        return [*rows, {"code": "total", "count": sum(counts["interventions"].values())}]

    def _stock_table(self, stock):
        def row(code, places, glissement=None):
            typologies = Counter(place.typology for place in places)
            values = {
                "code": code,
                "places": len(places),
                "dwellings": len({place.dwelling_id for place in places}),
                "colocations": len({place.dwelling_id for place in places if place.is_room}),
                "typologies": {code: typologies[code] for code in PLACE_TYPOLOGIES if typologies[code]},
                "sectors": dict(sorted(Counter(place.sector for place in places).items())),
            }
            if glissement is not None:
                values["glissement"] = glissement
            return values

        at_date = stock["at_date"]
        returned = stock["returned"]
        in_stock = at_date.get("vacant", []) + at_date.get("occupied", []) + at_date.get("blocked", [])
        return [
            row("captured", stock["captured"]),
            row("vacant", at_date.get("vacant", [])),
            row("occupied", at_date.get("occupied", [])),
            row("blocked", at_date.get("blocked", [])),
            row("returned", [place for place, _glissement in returned], sum(g for _place, g in returned)),
            row("total", in_stock),
        ]

    def _occupancy_table(self, occupancy):
        return [{"code": code, "value": occupancy[code]} for code in OCCUPANCY_ROWS]

    # ------------------------------------------------------------------ data quality

    def _data_quality(self, snapshots, joiners, exits):
        """Records whose missing data put them in an "unknown" row, one line per record and problem (by code)."""
        issues = set()
        for person in self._persons(snapshots) + joiners:
            if person.birthdate is None:
                issues.add(("res.partner", person.partner_id, "birthdate"))
            if person.gender is None and not person.is_child:
                issues.add(("res.partner", person.partner_id, "gender"))
            if person.status is None:
                issues.add(("res.partner", person.partner_id, "status"))
        for snap in snapshots:
            if not snap.resources:
                issues.add(("res.partner", snap.household_id, "resources"))
            if not snap.entry_situation:
                issues.add(("imlr.stay", snap.stay_id, "entry_situation"))
            if snap.typology == "other":
                issues.add(("res.partner", snap.household_id, "typology"))
        for snap in exits:
            if not snap.exit_destination:
                issues.add(("imlr.stay", snap.stay_id, "exit_destination"))
        # one query whatever the issues (households, persons and stays all have a stored name)
        ids = {
            model: [record_id for m, record_id, _p in issues if m == model] for model in ("res.partner", "imlr.stay")
        }
        self.env["res.partner"].flush_model(["name"])
        self.env["imlr.stay"].flush_model(["name"])
        self.env.cr.execute(
            SQL(
                """SELECT 'res.partner', id, name FROM res_partner WHERE id = ANY(%s)
                   UNION ALL SELECT 'imlr.stay', id, name FROM imlr_stay WHERE id = ANY(%s)""",
                ids["res.partner"],
                ids["imlr.stay"],
            )
        )
        names = {(model, record_id): name for model, record_id, name in self.env.cr.fetchall()}
        return [
            {"model": model, "id": record_id, "name": names[(model, record_id)], "problem": problem}
            for model, record_id, problem in sorted(issues, key=lambda issue: (names[issue[:2]], issue[2], issue[:2]))
        ]

    # ------------------------------------------------------------------ labels

    def _labels(self):
        """Every row label, in the report language (French through i18n), by list and code."""
        # pylint: disable=prefer-env-translation
        _ = self.env._  # the alias keeps the many labels readable; Odoo extracts both spellings
        # the configured lists' names are no secret: a reader or funder prints the report too
        env = self.sudo().env
        status_field = env["imlr.legal.status"]._fields["status"]
        return {
            "total": _("Total"),
            "unknown": _("Not recorded"),
            "typology": {
                "single_woman": _("Single woman"),
                "single_man": _("Single man"),
                "couple": _("Couple without children"),
                "woman_children": _("Woman with children"),
                "man_children": _("Man with children"),
                "couple_children": _("Couple with children"),
                "other": _("Other composition"),
            },
            "status": dict(status_field._description_selection(env)),
            "age": {
                "0-17": _("0–17 years"),
                "18-24": _("18–24 years"),
                "25-39": _("25–39 years"),
                "40-59": _("40–59 years"),
                "60+": _("60 years and over"),
            },
            "duration": {
                "lt6": _("Less than 6 months"),
                "6-11": _("6 to 11 months"),
                "ge12": _("12 months or more"),
                "12-17": _("12 to 17 months"),
                "ge18": _("18 months or more"),
            },
            "resource": {
                rtype.code: rtype.name for rtype in env["imlr.resource.type"].with_context(active_test=False).search([])
            },
            "situation": {
                s.code: s.name for s in env["imlr.entry.situation"].with_context(active_test=False).search([])
            },
            "destination": {
                s.code: s.name for s in env["imlr.exit.destination"].with_context(active_test=False).search([])
            },
            "sector": {s.code: s.name for s in env["imlr.sector"].with_context(active_test=False).search([])},
            "outcome": {
                "admitted": _("Admitted"),
                "pending": _("Pending"),
                **{
                    f"not_admitted:{motif}": f"{_('Not admitted')} — {text}"
                    for motif, text in {
                        "direct_attribution": _("direct attribution without support"),
                        "refused_association": _("refused by the association"),
                        "refused_household": _("refused by the household"),
                        "already_housed": _("already housed"),
                        "other": _("other motif"),
                    }.items()
                },
            },
            "place_typology": {
                "room": _("rooms"),
                "t1": "T1",
                "t2": "T2",
                "t3": "T3",
                "t4": "T4",
                "t5": "T5",
                "t6": "T6+",
            },
            "stock": {
                "captured": _("Dwellings taken into stock during the period"),
                "vacant": _("Vacant at the end of the period"),
                "occupied": _("Occupied at the end of the period"),
                "blocked": _("Blocked at the end of the period"),
                "returned": _("Returned to the landlord during the period (of which glissement de bail)"),
                "total": _("Stock at the end of the period"),
            },
            "occupancy": {
                "rate": _("Occupancy rate (%)"),
                "average_places": _("Average number of places"),
                "available_place_days": _("Available place-days"),
                "occupied_place_days": _("Occupied place-days"),
                "blocked_place_days": _("Blocked place-days"),
            },
            "support": {
                "contracts_signed": _("Support contracts signed"),
                "amendments": _("Amendments (avenants) signed"),
                "office": _("Office appointments"),
                "home_visit": _("Home visits"),
                "joint_visit": _("Joint visits (social worker and rent manager)"),
                "phone": _("Phone calls"),
                "partner_accompaniment": _("Accompaniments to a partner"),
                "home_visits": _("Visits at home, joint visits included"),
                "psychological_proposed": _("Psychological support proposed"),
                "psychological_accepted": _("Psychological support accepted"),
                "psychological_refused": _("Psychological support refused"),
                "total": _("Interventions in all"),
            },
            "quality": {
                "birthdate": _("birth date missing"),
                "gender": _("gender missing"),
                "status": _("legal status missing"),
                "resources": _("resources not recorded"),
                "entry_situation": _("situation before entry missing"),
                "exit_destination": _("exit destination missing"),
                "typology": _("household composition does not fit a typology"),
            },
        }

    def _row_label(self, names, code, labels, stored=None):
        """The label of a row from its code: the list's own, then Total / Not recorded, resources by
        combination; a code no longer configured prints as stored (snapshots of schema 1) or as the code."""
        names = labels[names]
        if code in names:
            return names[code]
        if code == "total":
            return labels["total"]
        if code == UNKNOWN:
            return labels["unknown"]
        if names is labels["resource"]:
            return " + ".join(names.get(part, part) for part in code.split("+"))
        return stored or code

    @api.model
    def with_labels(self, data):
        """``data`` with every row and data-quality line labelled in the report language: the JSON export."""
        data = copy.deepcopy(data)
        labels = self._labels()
        for table in self._tables():
            for row in data["tables"].get(table.key, ()):
                row["label"] = self._row_label(table.names, row["code"], labels, row.get("label"))
        for issue in data.get("data_quality") or ():
            issue["problem_label"] = labels["quality"].get(issue["problem"], issue["problem"])
        return data

    # ------------------------------------------------------------------ presentation

    @api.model
    def upgrade(self, data):
        """A snapshot of an earlier schema in today's shape, so that every format prints it: schema 1 kept a
        support row's previous figure as a number and had no "previous" elsewhere. Tables it lacks stay
        missing (printed as "not in this report")."""
        if data.get("schema_version", 1) >= SCHEMA_VERSION:
            return data
        data = copy.deepcopy(data)
        for rows in data.get("tables", {}).values():
            for row in rows:
                previous = row.get("previous")
                row["previous"] = previous if isinstance(previous, dict) else {}
                if isinstance(previous, int | float) and "count" in row:
                    row["previous"] = {"count": previous}
        return data

    def _number(self, value, digits=None):
        """A figure in the report language: « 92,4 », « 1 234 »; floats with one decimal."""
        if value is None or value == "":
            return "—"
        if digits is None:
            digits = 1 if isinstance(value, float) else 0
        return formatLang(self.env, value, digits=digits)

    def _count(self, kind, value):
        """« 1 ménage », « 17 ménages »: French puts 0 and 1 in the singular."""
        # pylint: disable=prefer-env-translation
        _ = self.env._
        one, many = {
            "households": (_("%s household"), _("%s households")),
            "persons": (_("%s person"), _("%s persons")),
            "adults": (_("%s adult"), _("%s adults")),
            "children": (_("%s child"), _("%s children")),
            "adult_children": (_("%s adult child"), _("%s adult children")),
            "months": (_("%s month"), _("%s months")),
        }[kind]
        return (one if value is not None and abs(value) < 2 else many) % self._number(value)

    def _percent(self, value):
        return "—" if value is None else f"{self._number(value, 1)}\u00a0%"

    def _headlines(self, data):
        # pylint: disable=prefer-env-translation
        _ = self.env._
        fmt, count = self._format_date, self._count
        empty = {}
        present, before = data["present"], data.get("present_previous", empty)
        entries, entries_prev = data["entries"], data.get("entries_previous", empty)
        exits, exits_prev = data["exits"], data.get("exits_previous", empty)
        occupancy, occupancy_prev = data["occupancy"], data.get("occupancy_previous", empty)
        return {
            "present": _(
                "Present on %(date)s: %(households)s, that is %(adults)s and %(children)s (of whom %(adult_children)s),"
                " %(persons)s in all; %(reinforced)s with reinforced support, %(eviction)s in an eviction procedure."
                " On %(prev_date)s: %(prev_households)s, %(prev_persons)s.",
                date=fmt(data["period"]["date_to"]),
                households=count("households", present["households"]),
                adults=count("adults", present["adults"]),
                children=count("children", present["children"]),
                adult_children=count("adult_children", present["adult_children"]),
                persons=count("persons", present["persons"]),
                reinforced=count("households", present["reinforced"]),
                eviction=count("households", present["eviction"]),
                prev_date=fmt(data["previous_period"]["date_to"]),
                prev_households=count("households", before.get("households")),
                prev_persons=count("persons", before.get("persons")),
            ),
            "entries": _(
                "Entered during the period: %(households)s, that is %(adults)s and %(children)s (of whom "
                "%(adult_children)s), %(household_persons)s; plus %(joining)s joining a household already supported "
                "(births, family reunification): %(persons)s entered in all. Previous period: %(prev_households)s, "
                "%(prev_persons)s.",
                households=count("households", entries["households"]),
                adults=count("adults", entries["adults"]),
                children=count("children", entries["children"]),
                adult_children=count("adult_children", entries["adult_children"]),
                household_persons=count("persons", entries["persons"] - entries["persons_joining"]),
                joining=count("persons", entries["persons_joining"]),
                persons=count("persons", entries["persons"]),
                prev_households=count("households", entries_prev.get("households")),
                prev_persons=count("persons", entries_prev.get("persons")),
            ),
            "exits": _(
                "Left during the period: %(households)s, %(persons)s. Previous period: %(prev_households)s, "
                "%(prev_persons)s.",
                households=count("households", exits["households"]),
                persons=count("persons", exits["persons"]),
                prev_households=count("households", exits_prev.get("households")),
                prev_persons=count("persons", exits_prev.get("persons")),
            ),
            "occupancy": _(
                "Occupancy rate over the period: %(rate)s for an average of %(average_places)s places "
                "(%(blocked_place_days)s blocked place-days). Previous period: %(prev_rate)s.",
                rate=self._percent(occupancy["rate"]),
                average_places=self._number(occupancy["average_places"], 1),
                blocked_place_days=self._number(occupancy["blocked_place_days"]),
                prev_rate=self._percent(occupancy_prev.get("rate")),
            ),
        }

    def _cell(self, key, value, labels):
        """(value as stored, text as printed) of a cell; the stock's typologies and sectors print as text, in a
        fixed order (PostgreSQL's jsonb does not keep the keys' order)."""
        if isinstance(value, dict):
            names = labels["place_typology"] if key == "typologies" else labels["sector"]
            order = PLACE_TYPOLOGIES if key == "typologies" else sorted(value)
            codes = [code for code in order if code in value] + sorted(set(value) - set(order))
            return None, ", ".join(f"{self._number(value[code])} {names.get(code, code)}" for code in codes)
        return value, self._number(value) if value is not None else ""

    @api.model
    def layout(self, data):
        """What to print from ``data`` (any schema version): title, headline sentences and pages of sections.

        Shared by the QWeb templates (PDF, HTML, the report form) and the XLSX export.
        """
        # pylint: disable=prefer-env-translation
        _ = self.env._  # the alias keeps the many labels readable; Odoo extracts both spellings
        data = self.upgrade(data)
        labels = self._labels()
        fmt = self._format_date
        period = data["period"]
        col = {
            "households": _("Households"),
            "persons": _("Persons"),
            "children": _("Children"),
            "adult_children": _("Of whom adults"),
            "reinforced": _("With reinforced support"),
            "regularised_parents": _("Of whom regularised parents"),
            "glissement": _("Of which glissement de bail"),
            "places": _("Places"),
            "dwellings": _("Dwellings"),
            "typologies": _("Typology"),
            "sectors": _("Sector"),
            "orientations": _("Orientations"),
            "count": _("Period"),
            "value": _("Period"),
        }
        previous_header = _("N-1")
        sections, sheet_names = [], set()
        for table in self._tables():
            rows = data["tables"].get(table.key)
            columns = []
            for key in table.columns:
                columns.append({"key": key, "label": col[key], "previous": False})
                if key in table.compare:
                    columns.append({"key": key, "label": f"{col[key]} {previous_header}", "previous": True})
            sheet = table.title.translate(SHEET_NAME_FORBIDDEN)[:SHEET_NAME_MAX].strip()
            while sheet in sheet_names:  # Excel wants unique names
                sheet = f"{sheet[: SHEET_NAME_MAX - 2]}~{len(sheet_names)}"
            sheet_names.add(sheet)
            sections.append(
                {
                    "key": table.key,
                    "page": table.page,
                    "title": table.title,
                    "sheet": sheet,
                    "missing": rows is None,
                    "columns": columns,
                    "rows": [
                        {
                            "code": row["code"],
                            "label": self._row_label(table.names, row["code"], labels, row.get("label")),
                            "total": row["code"] == "total",
                            "cells": [
                                self._cell(
                                    column["key"],
                                    (row.get("previous") or {}).get(column["key"])
                                    if column["previous"]
                                    else row.get(column["key"]),
                                    labels,
                                )
                                for column in columns
                            ],
                        }
                        for row in rows or ()
                    ],
                    "note": self._average_note(rows),
                }
            )
        headlines = self._headlines(data)
        quality = data.get("data_quality")
        return {
            "title": _(
                "Activity report %(program)s, %(start)s – %(end)s",
                program=data["program"]["name"],
                start=fmt(period["date_from"]),
                end=fmt(period["date_to"]),
            ),
            "running_header": self.running_header(data),
            "provisional": _("Provisional figures: the period ends on %s and is not over yet.", fmt(period["date_to"]))
            if data.get("provisional")
            else None,
            "headlines": headlines,
            "pages": [
                {
                    "key": page.key,
                    "title": page.title,
                    "headline": headlines.get(page.headline),
                    "texts": page.texts,
                    "sections": [section for section in sections if section["page"] == page.key],
                }
                for page in self._pages()
            ],
            "sections": sections,
            "quality": None
            if quality is None
            else [
                {
                    "href": f"/odoo/{issue['model']}/{issue['id']}",
                    "name": issue["name"],
                    "problem": labels["quality"].get(issue["problem"], issue["problem"]),
                }
                for issue in quality
            ],
            "quality_title": _("Data to complete"),
            "quality_intro": _("These records put figures in a “not recorded” row: complete them, then recompute."),
            "quality_empty": _("Nothing to complete: every figure rests on recorded data."),
            "not_in_report": _("Not in this report."),
            "label_header": _("Label"),
        }

    @api.model
    def running_header(self, data):
        """Association, program and period: the line at the top of every printed page."""
        period = data["period"]
        return self.env._(
            "%(company)s — %(program)s — %(start)s – %(end)s",
            company=data.get("company") or self.env.company.name,
            program=data["program"]["name"],
            start=self._format_date(period["date_from"]),
            end=self._format_date(period["date_to"]),
        )

    def _average_note(self, rows):
        """The average length of stay under 1.6 and 1.15, beside the previous period's."""
        total = rows[-1] if rows else {}
        if total.get("average_months") is None:
            return None
        previous = (total.get("previous") or {}).get("average_months")
        return self.env._(
            "Average length of stay: %(months)s (previous period: %(previous)s).",
            months=self._count("months", total["average_months"]),
            previous=self._count("months", previous) if previous is not None else "—",
        )

    @api.model
    def _format_date(self, iso):
        return fields.Date.to_date(iso).strftime("%d/%m/%Y")
