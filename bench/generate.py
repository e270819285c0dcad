"""A synthetic IML-R association at a chosen scale, as CSV files in the import format (docs/import-format.md).

Deterministic for a given (households, seed). Five years of activity, 2020-01-01 to 2024-12-31: each household
has 1-6 members of all ages (births during the stay, adults leaving), legal-status histories, resources, one or
two SIAO orientations (some not admitted), and one stay with its sublease; the places come from dwellings of
mixed typologies (whole dwellings for families, colocation rooms for most single adults), each under a main
lease covering its subleases, places re-let after a vacancy, some leases returned to the landlord.

A federation (size L) is several companies, each an association of the same make-up as the others
(``generate_companies``): references are prefixed by the company (``C01-H000001``) and no person appears in two
companies, so that each company's files import on their own.

    python3 bench/generate.py --households 100 --out /tmp/imlr_s    # writes the CSV files there
"""

import argparse
import csv
import heapq
import io
import random
from datetime import date, timedelta
from pathlib import Path

PERIOD_START = date(2020, 1, 1)
PERIOD_END = date(2024, 12, 31)

LASTNAMES = (
    "AHMADI NOORI HASSANI RAHIMI KARIMI DIALLO BARRY BAH SOW CAMARA KEITA TRAORE WARSAME FARAH OSMAN ABDI "
    "HUSSEIN MOHAMED TESFAY KIDANE HABTE GEBRE TEKLE AL-HAMWI HADDAD KHALIL SALEH NASSER YILMAZ KAYA DEMIR "
    "SHEVCHENKO KOVALENKO BONDARENKO TKACHENKO MUKENDI KABILA TSHIBANDA ADAMU IBRAHIM MUSA YOUSSEF MANSOUR"
).split()
FIRSTNAMES = {
    "female": (
        "Parwana Sana Fatima Aisha Mariam Hodan Amina Khadija Leila Zahra Nour Rania Selam Helen Saba Oksana "
        "Olena Iryna Grace Esther Fatoumata Aminata Kadiatou Hawa Yasmin Layla Huda Dina Maryam Samira"
    ).split(),
    "male": (
        "Farid Yasin Ahmad Omar Ali Hassan Mamadou Ibrahima Moussa Abdi Mohamed Yonas Dawit Samuel Tesfaye "
        "Andriy Oleksandr Dmytro Joseph Emmanuel Karim Bilal Youssef Samir Amir Reza Jawad Idris Said Tariq"
    ).split(),
    "other": ("Alex Sami Noor Kamal Eden").split(),
}
NATIONALITIES = (("AF", 25), ("SY", 15), ("ER", 12), ("SD", 10), ("SO", 6), ("GN", 8), ("UA", 8), ("CD", 5))
NATIONALITIES += (("IQ", 4), ("TR", 3), ("CI", 2), ("ET", 2))
SITUATIONS = (("specialised", 55), ("generalist", 15), ("adapted", 8), ("emergency", 8), ("solidarity", 10))
SITUATIONS += (("autonomous", 2), ("other", 2))
DESTINATIONS = (("social_landlord", 55), ("private_landlord", 12), ("out_of_department", 8))
DESTINATIONS += (("program_change", 8), ("end_of_support", 12), ("other", 5))
SIZES = ((1, 35), (2, 15), (3, 15), (4, 15), (5, 12), (6, 8))
# household size -> the typologies of a whole dwelling let to it
TYPOLOGIES = {1: ("t1", "t2"), 2: ("t2",), 3: ("t3",), 4: ("t3", "t4"), 5: ("t4", "t5"), 6: ("t5", "t6")}
BASE_RENT = {"t1": 330, "t2": 410, "t3": 480, "t4": 560, "t5": 630, "t6": 700}
SECTORS = (("GA", 70), ("PM", 30))
SECTOR_TOWNS = {"GA": ("80000", "Amiens"), "PM": ("80100", "Abbeville")}
STREETS = "rue Saint-Fuscien|avenue de la Défense Passive|rue de Cagny|rue Pierre Rollin|chaussée du Bois".split("|")

COLUMNS = {
    "landlords": ("ref", "name", "landlord_type", "street", "zip", "city", "email", "phone"),
    "dwellings": ("ref", "name", "typology", "sector", "landlord_ref", "street", "zip", "city", "surface", "floor"),
    "leases": ("dwelling_ref", "date_start", "date_end", "end_reason", "rent", "charges", "irl_quarter", "sliding"),
    "households": ("ref", "name"),
    "persons": ("ref", "lastname", "firstname", "birthdate", "gender", "nationality"),
    "memberships": ("household_ref", "person_ref", "role", "date_start", "date_end", "start_reason", "end_reason"),
    "legal_statuses": ("person_ref", "status", "date_start", "permit_expiry"),
    "resources": ("household_ref", "resource", "date_start", "date_end", "amount"),
    "orientations": ("ref", "date", "source", "household_ref", "program", "outcome", "motif", "decision_date"),
    "stays": ("ref", "household_ref", "program", "orientation_ref", "date_entry", "date_exit", "situation_before"),
    "reinforced_support": ("stay_ref", "date_start", "date_end"),
    "eviction_stages": ("stay_ref", "date", "stage"),
    "subleases": ("stay_ref", "dwelling_ref", "room", "date_start", "date_end", "rent", "charges", "apl", "deposit"),
}
COLUMNS["dwellings"] += ("rooms",)
COLUMNS["stays"] += ("exit_destination", "glissement")


class Generator:
    def __init__(self, households, seed=42, prefix="", person_keys=None, program="IMLR"):
        self.households = households
        self.program = program  # code of the company's program (codes are unique in the database)
        self.rng = random.Random(seed)
        self.prefix = prefix  # of every reference: unique across the companies of a federation
        self.tables = {name: [] for name in COLUMNS}
        # (name, birthdate): the importer refuses the same person twice, in any company
        self.person_keys = set() if person_keys is None else person_keys
        self.person_count = 0
        # free places, as heaps of (free from, dwelling ref, room): rooms, and whole dwellings by typology
        self.free_rooms = []
        self.free_dwellings = {typology: [] for typology in BASE_RENT}
        self.dwellings = {}  # ref -> {"lease": lease row, "last_end": last day sub-let or None if open}

    # ------------------------------------------------------------------ helpers

    def pick(self, weighted):
        values, weights = zip(*((item[0], item[-1]) for item in weighted), strict=True)
        return self.rng.choices(values, weights)[0]

    def day_between(self, first, last):
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def add(self, table, **row):
        self.tables[table].append(row)

    # ------------------------------------------------------------------ the association

    def generate(self):
        landlord_count = max(3, self.households // 25)
        for number in range(1, landlord_count + 1):
            social = number % 5 != 0
            zip_code, city = SECTOR_TOWNS[self.pick(SECTORS)]
            self.add(
                "landlords",
                ref=f"{self.prefix}LL{number:05d}",
                name=f"Habitat Picardie {number}" if social else f"{self.rng.choice(LASTNAMES).title()} SCI {number}",
                landlord_type="social" if social else "private",
                street=f"{self.rng.randint(1, 200)} {self.rng.choice(STREETS)}",
                zip=zip_code,
                city=city,
                email=f"gestion{number}@landlord.example",
                phone=f"03 22 {number % 100:02d} {number // 100 % 100:02d} 10",
            )
        self.landlord_count = landlord_count
        stays = []
        for number in range(1, self.households + 1):
            entry = self.day_between(PERIOD_START, date(2024, 10, 31))
            exit_ = entry + timedelta(days=self.rng.randint(150, 1100))
            stays.append((entry, None if exit_ > PERIOD_END else exit_, number))
        for entry, exit_, number in sorted(stays, key=lambda stay: (stay[0], stay[2])):
            self.household(number, entry, exit_)
        pooled = {item[1] for pool in self.free_dwellings.values() for item in pool}
        for ref, dwelling in self.dwellings.items():
            self.lease(ref, dwelling, ref in pooled)
        return self.tables

    def household(self, number, entry, exit_):
        rng = self.rng
        ref, size = f"{self.prefix}H{number:06d}", self.pick(SIZES)
        lastname = rng.choice(LASTNAMES)
        nationality = self.pick(NATIONALITIES)
        members = self.members(size, entry, exit_)
        reference_firstname = members[0][1]
        name = f"Famille {lastname}" if size > 1 else f"{lastname} {reference_firstname}"
        self.add("households", ref=ref, name=name)
        # status of the household's reference person: asylum, then protection before the entry
        protected_on = entry - timedelta(days=rng.randint(20, 400))
        status = self.pick((("refugee", 65), ("subsidiary_protection", 25), ("stateless", 3), ("regularised", 4)))
        status = status if rng.random() > 0.03 else self.pick((("asylum_seeker", 1), ("other", 1)))
        for role, firstname, gender, birthdate, start, end in members:
            person = self.person(lastname, firstname, gender, birthdate, nationality)
            self.add(
                "memberships",
                household_ref=ref,
                person_ref=person,
                role=role,
                date_start=start,
                date_end=end or "",
                start_reason="birth" if start == birthdate else "entry" if start == entry else "reunification",
                end_reason="departure" if end else "",
            )
            if start == birthdate:
                continue  # born in the program: no status recorded
            status_start = max(birthdate, protected_on)
            if status in ("refugee", "subsidiary_protection") and birthdate < status_start - timedelta(days=400):
                self.add(
                    "legal_statuses",
                    person_ref=person,
                    status="asylum_seeker",
                    date_start=max(birthdate, status_start - timedelta(days=rng.randint(200, 900))),
                    permit_expiry="",
                )
            years = {"refugee": 10, "subsidiary_protection": 4, "stateless": 4, "regularised": 1}.get(status)
            expiry = (
                status_start.replace(year=status_start.year + years, day=min(status_start.day, 28)) if years else ""
            )
            self.add("legal_statuses", person_ref=person, status=status, date_start=status_start, permit_expiry=expiry)
        self.resources(ref, size, entry, exit_)
        orientation = self.orientations(ref, number, entry)
        self.stay(ref, number, orientation, (entry, exit_), size)

    def members(self, size, entry, exit_):
        """[(role, firstname, gender, birthdate, date_start, date_end)], the reference person first."""
        rng = self.rng

        def born(age_min, age_max):
            return entry - timedelta(days=rng.randint(age_min * 365, age_max * 365 + 364))

        def person(role, age_min, age_max, gender=None):
            gender = gender or ("female" if rng.random() < 0.5 else "male")
            if role == "other_adult" and rng.random() < 0.02:
                gender = "other"
            return [role, rng.choice(FIRSTNAMES[gender]), gender, born(age_min, age_max), entry, None]

        reference = person("reference", 19, 60)
        members = [reference]
        couple = size >= 2 and rng.random() < 0.7
        if couple:
            members.append(person("spouse", 19, 60, "male" if reference[2] == "female" else "female"))
        while len(members) < size:
            if rng.random() < 0.15:
                members.append(person("other_adult", 18, 70))
            else:
                members.append(person("child", 0, 17))
        # a birth during the stay in some families
        if couple and rng.random() < 0.12:
            birth = entry + timedelta(days=rng.randint(60, 500))
            if birth <= min(exit_ or PERIOD_END, date(2024, 10, 31)) and len(members) < 6:
                gender = "female" if rng.random() < 0.5 else "male"
                members.append(["child", rng.choice(FIRSTNAMES[gender]), gender, birth, birth, None])
        # a child joining a parent already supported (family reunification), in every tenth family
        if size >= 2 and len(members) < 6 and rng.random() < 0.1:
            joined = entry + timedelta(days=rng.randint(90, 400))
            if joined <= min(exit_ or PERIOD_END, date(2024, 10, 31)):
                child = person("child", 3, 16)
                child[4] = joined
                members.append(child)
        # some adults leave the household during the stay
        for member in members[1:]:
            if member[0] == "other_adult" and rng.random() < 0.3:
                member[5] = entry + timedelta(days=rng.randint(60, 400))
        return [tuple(member) for member in members]

    def person(self, lastname, firstname, gender, birthdate, nationality):
        while (f"{firstname} {lastname}".lower(), birthdate) in self.person_keys:
            birthdate -= timedelta(days=1)
        self.person_keys.add((f"{firstname} {lastname}".lower(), birthdate))
        self.person_count += 1
        ref = f"{self.prefix}P{self.person_count:07d}"
        self.add(
            "persons",
            ref=ref,
            lastname=lastname,
            firstname=firstname,
            birthdate=birthdate,
            gender=gender,
            nationality=nationality,
        )
        return ref

    def resources(self, ref, size, entry, exit_):
        rng = self.rng
        last_day = exit_ - timedelta(days=1) if exit_ else None
        main = self.pick((("rsa", 50), ("salary", 22), ("are", 8), ("regional_training", 6), ("aah", 4), ("none", 10)))
        kinds = [main]
        if size >= 3 and main != "none":
            kinds.append("family_benefits")
        if main == "salary" and rng.random() < 0.6:
            kinds.append("activity_bonus")
        amounts = {"rsa": (560, 1100), "salary": (900, 1900), "are": (700, 1300), "regional_training": (400, 700)}
        amounts |= {"aah": (900, 1000), "family_benefits": (140, 700), "activity_bonus": (90, 300)}
        for kind in kinds:
            start = entry
            if kind == "salary" and rng.random() < 0.5:  # found work during the stay
                start = entry + timedelta(days=rng.randint(30, 300))
                if last_day and start > last_day:
                    start = entry
            low, high = amounts.get(kind, (0, 0))
            self.add(
                "resources",
                household_ref=ref,
                resource=kind,
                date_start=start,
                date_end=last_day or "",
                amount=f"{rng.uniform(low, high):.2f}" if high else "",
            )

    def orientations(self, ref, number, entry):
        rng = self.rng
        oriented = entry - timedelta(days=rng.randint(20, 75))
        if rng.random() < 0.15:  # an earlier orientation that did not lead to an entry
            earlier = oriented - timedelta(days=rng.randint(60, 300))
            self.add(
                "orientations",
                ref=f"SIAO-{self.prefix}{earlier.year}-{number:06d}R",
                date=earlier,
                source="siao",
                household_ref=ref,
                program=self.program,
                outcome="not_admitted",
                motif=self.pick((("refused_household", 3), ("refused_association", 2), ("already_housed", 1))),
                decision_date=earlier + timedelta(days=rng.randint(5, 20)),
            )
        orientation = f"SIAO-{self.prefix}{oriented.year}-{number:06d}"
        self.add(
            "orientations",
            ref=orientation,
            date=oriented,
            source=self.pick((("siao", 85), ("national_platform", 15))),
            household_ref=ref,
            program=self.program,
            outcome="admitted",
            motif="",
            decision_date=oriented + timedelta(days=rng.randint(3, 15)),
        )
        return orientation

    def stay(self, ref, number, orientation, dates, size):
        rng = self.rng
        entry, exit_ = dates
        stay = f"{self.prefix}S{number:06d}"
        self.add(
            "stays",
            ref=stay,
            household_ref=ref,
            program=self.program,
            orientation_ref=orientation,
            date_entry=entry,
            date_exit=exit_ or "",
            situation_before=self.pick(SITUATIONS),
            exit_destination=self.pick(DESTINATIONS) if exit_ else "",
            glissement="",
        )
        last_day = exit_ - timedelta(days=1) if exit_ else None
        if rng.random() < 0.08 and (not last_day or (last_day - entry).days > 200):
            self.add(
                "reinforced_support",
                stay_ref=stay,
                date_start=entry + timedelta(days=30),
                date_end=entry + timedelta(days=rng.randint(90, 200)),
            )
        if rng.random() < 0.03 and (not last_day or (last_day - entry).days > 400):
            self.add("eviction_stages", stay_ref=stay, date=entry + timedelta(days=200), stage="payment_order")
            self.add("eviction_stages", stay_ref=stay, date=entry + timedelta(days=330), stage="closed")
        dwelling, room, typology = self.place_for(size, entry)
        rent = BASE_RENT["t1"] * 0.72 if room else BASE_RENT[typology]
        rent = round(rent * rng.uniform(0.9, 1.15))
        charges = round(rent * rng.uniform(0.12, 0.2))
        self.add(
            "subleases",
            stay_ref=stay,
            dwelling_ref=dwelling,
            room=room or "",
            date_start=entry,
            date_end=last_day or "",
            rent=f"{rent:.2f}",
            charges=f"{charges:.2f}",
            apl=f"{rent * rng.uniform(0.5, 0.85):.2f}",
            deposit=f"{rent:.2f}" if rng.random() < 0.8 else "",
        )
        self.dwellings[dwelling]["last_end"] = max(
            self.dwellings[dwelling]["last_end"] or date.min, last_day or date.max
        )
        if last_day:  # the place is let again after a vacancy
            free_from = last_day + timedelta(days=rng.randint(10, 75))
            if room:
                heapq.heappush(self.free_rooms, (free_from, dwelling, room))
            elif rng.random() < 0.85:  # otherwise the main lease ends, below
                heapq.heappush(self.free_dwellings[typology], (free_from, dwelling, 0))

    # ------------------------------------------------------------------ housing

    def place_for(self, size, entry):
        """(dwelling ref, room number or 0, typology): a free place, or one of a new dwelling."""
        colocation = size == 1 and self.rng.random() < 0.7
        if colocation:
            pool, typology = self.free_rooms, None
        else:
            typology = self.rng.choice(TYPOLOGIES[size])
            pool = self.free_dwellings[typology]
        if pool and pool[0][0] <= entry:
            _free_from, dwelling, room = heapq.heappop(pool)
            return dwelling, room, typology or self.dwellings[dwelling]["typology"]
        rooms = self.rng.choice((2, 3)) if colocation else 0
        typology = typology or ("t3" if rooms == 2 else "t4")
        dwelling = self.new_dwelling(typology, rooms, entry)
        for room in range(2, rooms + 1):
            heapq.heappush(self.free_rooms, (entry - timedelta(days=1), dwelling, room))
        return dwelling, 1 if rooms else 0, typology

    def new_dwelling(self, typology, rooms, needed_from):
        rng = self.rng
        number = len(self.dwellings) + 1
        ref = f"{self.prefix}D{number:06d}"
        sector = self.pick(SECTORS)
        zip_code, city = SECTOR_TOWNS[sector]
        street = f"{rng.randint(1, 250)} {rng.choice(STREETS)}, appt {rng.randint(1, 60)}"
        self.add(
            "dwellings",
            ref=ref,
            name=f"{'Colocation' if rooms else typology.upper()} {city} {number}",
            typology=typology,
            sector=sector,
            landlord_ref=f"{self.prefix}LL{rng.randint(1, self.landlord_count):05d}",
            street=street,
            zip=zip_code,
            city=city,
            surface=int(
                {"t1": 28, "t2": 45, "t3": 62, "t4": 78, "t5": 92, "t6": 108}[typology] * rng.uniform(0.9, 1.1)
            ),
            floor=rng.randint(0, 6),
            rooms=rooms or "",
        )
        start = needed_from - timedelta(days=rng.randint(10, 120))
        self.dwellings[ref] = {"typology": typology, "start": start, "last_end": None, "rooms": rooms}
        return ref

    def lease(self, ref, dwelling, pooled):
        rng = self.rng
        start, last_end = dwelling["start"], dwelling["last_end"]
        # a whole dwelling whose last household left before mid-2024 and was not re-let: returned
        returned = not dwelling["rooms"] and last_end and last_end < date(2024, 6, 30)
        returned = returned and not pooled
        base = BASE_RENT[dwelling["typology"]] * (1.1 if dwelling["rooms"] else 1.0)
        self.add(
            "leases",
            dwelling_ref=ref,
            date_start=start,
            date_end=last_end + timedelta(days=rng.randint(15, 60)) if returned else "",
            end_reason="returned" if returned else "",
            rent=f"{base * rng.uniform(0.95, 1.2):.2f}",
            charges=f"{base * rng.uniform(0.12, 0.2):.2f}",
            irl_quarter=f"{start.year - (start.month < 4)}-T{(start.month - 4) % 12 // 3 + 1}",
            sliding=1 if rng.random() < 0.1 else 0,
        )


def generate(households, seed=42):
    """{file name without extension: [row dicts]} of a synthetic association of ``households`` households."""
    return Generator(households, seed).generate()


def company_program(number):
    """The program code of the federation's company ``number`` (0 first): IMLR, then IMLR-C02…"""
    return "IMLR" if number == 0 else f"IMLR-C{number + 1:02d}"


def generate_companies(households, companies, seed=42):
    """[tables of each company]: ``households`` spread evenly over ``companies`` associations of the same
    make-up (the proportions of a single one), each with its own seed, reference prefix and program
    (``company_program``)."""
    if companies == 1:
        return [generate(households, seed)]
    person_keys = set()
    return [
        Generator(
            households // companies + (number < households % companies),
            seed + number,
            prefix=f"C{number + 1:02d}-",
            person_keys=person_keys,
            program=company_program(number),
        ).generate()
        for number in range(companies)
    ]


def to_csv_files(tables):
    """[(file name, UTF-8 bytes)] for ``imlr.import.import_files``."""
    files = []
    for name, rows in tables.items():
        if not rows:
            continue
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS[name], lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: "" if value is None else str(value) for key, value in row.items()} for row in rows)
        files.append((f"{name}.csv", buffer.getvalue().encode()))
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="folder for the CSV files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in to_csv_files(generate(args.households, args.seed)):
        (args.out / name).write_bytes(content)
    print(f"{args.households} households written to {args.out}")


if __name__ == "__main__":
    main()
