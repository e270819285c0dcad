"""The annual activity report as plain data: every table of the seed report, for any period.

One function, ``build``, feeds every format (PDF, HTML, XLSX, JSON, the console command) and the
snapshot a validated report keeps. Counting rules are the model layer's (``imlr.population``,
``imlr.housing.stock``); this file only groups and labels. The JSON schema is docs/report-json.md.
"""

from collections import Counter
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.imlr_odoo.tools import periods
from odoo.tools import SQL

SCHEMA_VERSION = 1
TYPOLOGIES = ("single_woman", "single_man", "couple", "woman_children", "man_children", "couple_children", "other")
AGE_BRACKETS = (*(code for code, _low, _high in periods.AGE_BRACKETS), periods.AGE_UNKNOWN)
STATUSES = ("refugee", "subsidiary_protection", "regularised", "stateless", "other", "unknown")
PRESENT_DURATIONS = (("lt6", 0, 5), ("6-11", 6, 11), ("ge12", 12, None))
EXIT_DURATIONS = (("lt6", 0, 5), ("6-11", 6, 11), ("12-17", 12, 17), ("ge18", 18, None))
PLACE_TYPOLOGIES = ("room", "t1", "t2", "t3", "t4", "t5", "t6")
MOTIFS = ("direct_attribution", "refused_association", "refused_household", "already_housed", "other")
UNKNOWN = "unknown"


def bracket_of(value, brackets):
    for code, low, high in brackets:
        if value >= low and (high is None or value <= high):
            return code
    return UNKNOWN


def with_total(rows, keys):
    """The rows, then a "total" row summing ``keys``."""
    total = {key: sum(row[key] for row in rows) for key in keys}
    return [*rows, {"code": "total", **total}]


class ImlrAnnualReportData(models.AbstractModel):
    _name = "imlr.annual.report.data"
    _description = "Annual report data"

    @api.model
    def default_period(self, today):
        """The programs' year that ends on 31 October of the current year."""
        date_to = today.replace(month=10, day=31)
        return date_to - relativedelta(years=1) + timedelta(days=1), date_to

    @api.model
    def build(self, program, date_from, date_to, company=None):
        """The whole report as a JSON-ready dict (dates as ISO strings, labels in the report language)."""
        previous_from, previous_to = date_from - relativedelta(years=1), date_from - timedelta(days=1)
        population = self.env["imlr.population"]
        present = population.present_at(date_to, program)
        present_before = population.present_at(previous_to, program)
        entries = population.entries(date_from, date_to, program)
        joiners = population.joiners(date_from, date_to, program)
        exits = population.exits(date_from, date_to, program)
        previous_entries = population.entries(previous_from, previous_to, program)
        previous_joiners = population.joiners(previous_from, previous_to, program)
        previous_exits = population.exits(previous_from, previous_to, program)
        stock = self.env["imlr.housing.stock"]
        current_stock = stock.stock(date_from, date_to, company)
        previous_stock = stock.stock(previous_from, previous_to, company)
        support = self.env["imlr.support.statistics"]
        support_counts = support.counts(program, date_from, date_to)
        support_previous = support.counts(program, previous_from, previous_to)
        labels = self._labels()
        return {
            "schema_version": SCHEMA_VERSION,
            "program": {"code": program.code, "name": program.name},
            "period": {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()},
            "previous_period": {"date_from": previous_from.isoformat(), "date_to": previous_to.isoformat()},
            "present": self._headline(present),
            "present_previous": self._headline(present_before),
            "entries": self._entries_headline(entries, joiners),
            "entries_previous": self._entries_headline(previous_entries, previous_joiners),
            "exits": self._headline(exits, with_flags=False),
            "exits_previous": self._headline(previous_exits, with_flags=False),
            "occupancy": current_stock["occupancy"],
            "occupancy_previous": previous_stock["occupancy"],
            "support": support_counts,
            "support_previous": support_previous,
            "tables": {
                "stock": self._stock_table(current_stock, labels),
                "1.1": self._composition(present, labels),
                "1.2": self._statuses(present, labels),
                "1.3": self._ages(self._persons(present), labels),
                "1.4": self._resources(present, labels),
                "1.5": self._situations(present, labels),
                "1.6": self._durations(present, PRESENT_DURATIONS, labels),
                "1.7": self._composition(entries, labels),
                "1.8": self._statuses(entries, labels),
                "1.9": self._ages(self._persons(entries) + joiners, labels),
                "1.10": self._resources(entries, labels),
                "1.11": self._situations(entries, labels),
                "1.12": self._composition(exits, labels),
                "1.13": self._statuses(exits, labels),
                "1.14": self._ages(self._persons(exits), labels),
                "1.15": self._durations(exits, EXIT_DURATIONS, labels),
                "1.16": self._destinations(exits, labels),
                "orientations": self._orientations(program, date_from, date_to, labels),
                "support": self._support(support_counts, support_previous, labels),
            },
            "data_quality": self._data_quality(present + entries + exits, joiners, exits, labels),
        }

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

    # ------------------------------------------------------------------ tables

    def _composition(self, snapshots, labels):
        rows = [
            {
                "code": code,
                "label": labels["typology"][code],
                "households": sum(1 for snap in snapshots if snap.typology == code),
                "children": sum(snap.children for snap in snapshots if snap.typology == code),
                "adult_children": sum(snap.adult_children for snap in snapshots if snap.typology == code),
                "reinforced": sum(snap.reinforced for snap in snapshots if snap.typology == code),
            }
            for code in TYPOLOGIES
        ]
        return self._labelled_total(
            with_total(rows, ("households", "children", "adult_children", "reinforced")), labels
        )

    def _statuses(self, snapshots, labels):
        persons = self._persons(snapshots)
        rows = [
            {
                "code": code,
                "label": labels["status"][code],
                "households": sum(1 for snap in snapshots if (snap.status or UNKNOWN) == code),
                "persons": sum(1 for person in persons if (person.status or UNKNOWN) == code),
                "reinforced": sum(snap.reinforced for snap in snapshots if (snap.status or UNKNOWN) == code),
                # households counted as protected though their reference person is regularised (the seed's
                # "dont parents régularisés pour enfants réfugiés")
                "regularised_parents": sum(
                    1
                    for snap in snapshots
                    if (snap.status or UNKNOWN) == code
                    and code != "regularised"
                    and any(p.role == "reference" and p.status == "regularised" for p in snap.persons)
                ),
            }
            for code in STATUSES
        ]
        keys = ("households", "persons", "reinforced", "regularised_parents")
        return self._labelled_total(with_total(rows, keys), labels)

    def _ages(self, persons, labels):
        counts = Counter(person.age_bracket for person in persons)
        adult_children = Counter(person.age_bracket for person in persons if person.is_adult_child)
        rows = [
            {
                "code": code,
                "label": labels["age"][code],
                "persons": counts[code],
                "adult_children": adult_children[code],
            }
            for code in AGE_BRACKETS
        ]
        return self._labelled_total(with_total(rows, ("persons", "adult_children")), labels)

    def _resources(self, snapshots, labels):
        """A household counts once, in the row of its combination of resources."""
        combos = Counter("+".join(snap.resources) or UNKNOWN for snap in snapshots)
        names = labels["resource"]
        rows = [
            {
                "code": combo,
                "label": labels["unknown"]
                if combo == UNKNOWN
                else " + ".join(names.get(code, code) for code in combo.split("+")),
                "households": count,
            }
            for combo, count in sorted(combos.items(), key=lambda item: (item[0] == UNKNOWN, -item[1], item[0]))
        ]
        return self._labelled_total(with_total(rows, ("households",)), labels)

    def _situations(self, snapshots, labels):
        counts = Counter(snap.entry_situation or UNKNOWN for snap in snapshots)
        return self._coded_rows(labels["situation"], counts, labels)

    def _durations(self, snapshots, brackets, labels):
        counts = Counter(bracket_of(snap.months, brackets) for snap in snapshots)
        rows = [
            {"code": code, "label": labels["duration"][code], "households": counts[code]} for code, _l, _h in brackets
        ]
        table = self._labelled_total(with_total(rows, ("households",)), labels)
        table[-1]["average_months"] = periods.average_months([snap.days for snap in snapshots])
        return table

    def _destinations(self, snapshots, labels):
        rows = []
        for code, label in {**labels["destination"], UNKNOWN: labels["unknown"]}.items():
            matching = [snap for snap in snapshots if (snap.exit_destination or UNKNOWN) == code]
            if code == UNKNOWN and not matching:
                continue
            rows.append(
                {
                    "code": code,
                    "label": label,
                    "households": len(matching),
                    "glissement": sum(snap.glissement for snap in matching),
                    "reinforced": sum(snap.reinforced for snap in matching),
                }
            )
        return self._labelled_total(with_total(rows, ("households", "glissement", "reinforced")), labels)

    def _coded_rows(self, names, counts, labels):
        """Rows of a configurable list (every entry, even at 0), then unknown values if any."""
        rows = [{"code": code, "label": name, "households": counts.get(code, 0)} for code, name in names.items()]
        if counts.get(UNKNOWN):
            rows.append({"code": UNKNOWN, "label": labels["unknown"], "households": counts[UNKNOWN]})
        return self._labelled_total(with_total(rows, ("households",)), labels)

    def _orientations(self, program, date_from, date_to, labels):
        groups = self.env["imlr.orientation"]._read_group(
            [("program_id", "=", program.id), ("date", ">=", date_from), ("date", "<=", date_to)],
            ["outcome", "refusal_motif"],
            ["__count"],
        )
        counts = {(outcome, motif or None): count for outcome, motif, count in groups}
        rows = [
            {
                "code": "admitted",
                "label": labels["outcome"]["admitted"],
                "orientations": counts.get(("admitted", None), 0),
            },
            {
                "code": "pending",
                "label": labels["outcome"]["pending"],
                "orientations": counts.get(("pending", None), 0),
            },
        ] + [
            {
                "code": f"not_admitted:{motif}",
                "label": f"{labels['outcome']['not_admitted']} — {labels['motif'][motif]}",
                "orientations": counts.get(("not_admitted", motif), 0),
            }
            for motif in MOTIFS
        ]
        return self._labelled_total(with_total(rows, ("orientations",)), labels)

    def _support(self, counts, previous, labels):
        """The support given: contracts, avenants, interventions by type, psychological orientations, each
        beside the previous period's figure."""
        names = labels["support"]

        def row(code, current, before):
            return {"code": code, "label": names[code], "count": current, "previous": before}

        rows = [
            row("contracts_signed", counts["contracts_signed"], previous["contracts_signed"]),
            row("amendments", counts["amendments"], previous["amendments"]),
            *(row(code, number, previous["interventions"][code]) for code, number in counts["interventions"].items()),
            row("home_visits", counts["home_visits"], previous["home_visits"]),
            *(
                row(f"psychological_{code}", number, previous["psychological_orientations"][code])
                for code, number in counts["psychological_orientations"].items()
            ),
        ]
        interventions = sum(counts["interventions"].values()), sum(previous["interventions"].values())
        return [
            *rows,
            {"code": "total", "label": names["total"], "count": interventions[0], "previous": interventions[1]},
        ]

    def _stock_table(self, stock, labels):
        def row(code, places, glissement=None):
            typologies = Counter(place.typology for place in places)
            sectors = Counter(place.sector for place in places)
            values = {
                "code": code,
                "label": labels["stock"][code],
                "places": len(places),
                "dwellings": len({place.dwelling_id for place in places}),
                "colocations": len({place.dwelling_id for place in places if place.is_room}),
                "typologies": {code: typologies[code] for code in PLACE_TYPOLOGIES if typologies[code]},
                "typology_text": ", ".join(
                    f"{typologies[code]} {labels['place_typology'][code]}"
                    for code in PLACE_TYPOLOGIES
                    if typologies[code]
                ),
                "sectors": dict(sorted(sectors.items())),
                "sector_text": ", ".join(
                    f"{count} {labels['sector'].get(code, code)}" for code, count in sorted(sectors.items())
                ),
            }
            if glissement is not None:
                values["glissement"] = glissement
            return values

        at_date = stock["at_date"]
        returned = stock["returned"]
        rows = [
            row("captured", stock["captured"]),
            row("vacant", at_date.get("vacant", [])),
            row("occupied", at_date.get("occupied", [])),
            row("blocked", at_date.get("blocked", [])),
            row("returned", [place for place, _glissement in returned], sum(g for _place, g in returned)),
        ]
        in_stock = at_date.get("vacant", []) + at_date.get("occupied", []) + at_date.get("blocked", [])
        rows.append({**row("total", in_stock), "label": labels["stock"]["total"]})
        return rows

    # ------------------------------------------------------------------ data quality

    def _data_quality(self, snapshots, joiners, exits, labels):
        """Records whose missing data put them in an "unknown" row, one line per record and problem."""
        issues = {}
        problems = labels["quality"]
        for person in self._persons(snapshots) + joiners:
            if person.birthdate is None:
                issues[("res.partner", person.partner_id, "birthdate")] = problems["birthdate"]
            if person.gender is None and not person.is_child:
                issues[("res.partner", person.partner_id, "gender")] = problems["gender"]
            if person.status is None:
                issues[("res.partner", person.partner_id, "status")] = problems["status"]
        for snap in snapshots:
            if not snap.resources:
                issues[("res.partner", snap.household_id, "resources")] = problems["resources"]
            if not snap.entry_situation:
                issues[("imlr.stay", snap.stay_id, "entry_situation")] = problems["entry_situation"]
            if snap.typology == "other":
                issues[("res.partner", snap.household_id, "typology")] = problems["typology"]
        for snap in exits:
            if not snap.exit_destination:
                issues[("imlr.stay", snap.stay_id, "exit_destination")] = problems["exit_destination"]
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
            {"model": model, "id": record_id, "name": names[(model, record_id)], "problem": text}
            for (model, record_id, _code), text in sorted(
                issues.items(), key=lambda item: (names[item[0][:2]], item[0][2])
            )
        ]

    # ------------------------------------------------------------------ labels

    def _labelled_total(self, rows, labels):
        rows[-1]["label"] = labels["total"]
        return rows

    def _labels(self):
        """Every label printed, in the report language (French through i18n)."""
        # pylint: disable=prefer-env-translation
        _ = self.env._  # the alias keeps the many labels readable; Odoo extracts both spellings
        env = self.env
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
            "status": {
                "refugee": _("Refugee"),
                "subsidiary_protection": _("Subsidiary protection"),
                "regularised": _("Regularised"),
                "stateless": _("Stateless"),
                "other": _("Other status"),
                "unknown": _("Not recorded"),
            },
            "age": {
                "0-17": _("0–17 years"),
                "18-24": _("18–24 years"),
                "25-39": _("25–39 years"),
                "40-59": _("40–59 years"),
                "60+": _("60 years and over"),
                "unknown": _("Not recorded"),
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
            "situation": {s.code: s.name for s in env["imlr.entry.situation"].search([])},
            "destination": {s.code: s.name for s in env["imlr.exit.destination"].search([])},
            "sector": {s.code: s.name for s in env["imlr.sector"].with_context(active_test=False).search([])},
            "outcome": {"admitted": _("Admitted"), "pending": _("Pending"), "not_admitted": _("Not admitted")},
            "motif": {
                "direct_attribution": _("direct attribution without support"),
                "refused_association": _("refused by the association"),
                "refused_household": _("refused by the household"),
                "already_housed": _("already housed"),
                "other": _("other motif"),
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

    # ------------------------------------------------------------------ presentation

    @api.model
    def layout(self, data):
        """What to print from ``data``: headline sentences and the table sections with their columns.

        Shared by the QWeb templates and the XLSX export, so that both print the same thing.
        """
        # pylint: disable=prefer-env-translation
        _ = self.env._  # the alias keeps the many labels readable; Odoo extracts both spellings
        fmt = self._format_date
        present, before = data["present"], data["present_previous"]
        entries, entries_prev = data["entries"], data["entries_previous"]
        exits, exits_prev = data["exits"], data["exits_previous"]
        occupancy, occupancy_prev = data["occupancy"], data["occupancy_previous"]
        period = data["period"]
        headlines = {
            "present": _(
                "%(households)s households were present on %(date)s: %(adults)s adults and %(children)s children "
                "(of whom %(adult_children)s adults), that is %(persons)s persons. %(reinforced)s households had "
                "reinforced support; %(eviction)s were in an eviction procedure. They were %(prev_households)s "
                "households, %(prev_persons)s persons, on %(prev_date)s.",
                date=fmt(period["date_to"]),
                prev_households=before["households"],
                prev_persons=before["persons"],
                prev_date=fmt(data["previous_period"]["date_to"]),
                **present,
            ),
            "entries": _(
                "%(households)s households entered during the period: %(adults)s adults and %(children)s children "
                "(of whom %(adult_children)s adults), that is %(household_persons)s persons; %(persons_joining)s "
                "persons joined a household already supported (births, family reunification): %(persons)s persons "
                "entered in all. Previous period: %(prev_households)s households, %(prev_persons)s persons.",
                household_persons=entries["persons"] - entries["persons_joining"],
                prev_households=entries_prev["households"],
                prev_persons=entries_prev["persons"],
                **entries,
            ),
            "exits": _(
                "%(households)s households left during the period, %(persons)s persons. Previous period: "
                "%(prev_households)s households, %(prev_persons)s persons.",
                prev_households=exits_prev["households"],
                prev_persons=exits_prev["persons"],
                **exits,
            ),
            "occupancy": _(
                "Occupancy rate over the period: %(rate)s %% for an average of %(average_places)s places "
                "(%(blocked_place_days)s blocked place-days). Previous period: %(prev_rate)s %%.",
                rate=occupancy["rate"] if occupancy["rate"] is not None else "—",
                average_places=occupancy["average_places"],
                blocked_place_days=occupancy["blocked_place_days"],
                prev_rate=occupancy_prev["rate"] if occupancy_prev["rate"] is not None else "—",
            ),
        }
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
            "typology_text": _("Typology"),
            "sector_text": _("Sector"),
            "orientations": _("Orientations"),
            "count": _("Period"),
            "previous": _("Previous period"),
        }
        composition = ["households", "children", "adult_children", "reinforced"]
        status = ["households", "persons", "reinforced", "regularised_parents"]
        sections = [
            ("stock", _("Housing stock"), ["places", "dwellings", "typology_text", "sector_text", "glissement"]),
            ("1.1", _("1.1 – Composition of the households present"), composition),
            ("1.2", _("1.2 – Legal status of the households and persons present"), status),
            ("1.3", _("1.3 – Ages of the persons present"), ["persons", "adult_children"]),
            ("1.4", _("1.4 – Resources of the households present"), ["households"]),
            ("1.5", _("1.5 – Situation before entry of the households present"), ["households"]),
            ("1.6", _("1.6 – Length of stay of the households present"), ["households"]),
            ("1.7", _("1.7 – Composition of the households entered"), composition),
            ("1.8", _("1.8 – Legal status of the households and persons entered"), status),
            ("1.9", _("1.9 – Ages of the persons entered"), ["persons", "adult_children"]),
            ("1.10", _("1.10 – Resources of the households entered"), ["households"]),
            ("1.11", _("1.11 – Situation before entry of the households entered"), ["households"]),
            ("1.12", _("1.12 – Composition of the households that left"), composition),
            ("1.13", _("1.13 – Legal status of the households and persons that left"), status),
            ("1.14", _("1.14 – Ages of the persons that left"), ["persons", "adult_children"]),
            ("1.15", _("1.15 – Length of stay of the households that left"), ["households"]),
            ("1.16", _("1.16 – Exit destinations"), ["households", "glissement", "reinforced"]),
            ("orientations", _("Orientations received during the period"), ["orientations"]),
            ("support", _("Support given during the period"), ["count", "previous"]),
        ]
        averages = {
            code: _("Average length of stay: %s months", data["tables"][code][-1]["average_months"])
            for code in ("1.6", "1.15")
            if data["tables"][code][-1].get("average_months") is not None
        }
        return {
            "title": _(
                "Activity report %(program)s, %(start)s – %(end)s",
                program=data["program"]["name"],
                start=fmt(period["date_from"]),
                end=fmt(period["date_to"]),
            ),
            "headlines": headlines,
            "sections": [
                {
                    "key": key,
                    "title": title,
                    "columns": [(column, col[column]) for column in columns],
                    "rows": data["tables"][key],
                    "note": averages.get(key),
                }
                for key, title, columns in sections
            ],
            "quality_title": _("Data to complete"),
            "quality_intro": _("These records put figures in a “not recorded” row: complete them, then recompute."),
            "quality_empty": _("Nothing to complete: every figure rests on recorded data."),
            "label_header": _("Label"),
        }

    @api.model
    def _format_date(self, iso):
        return fields.Date.to_date(iso).strftime("%d/%m/%Y")
