"""The demo association's support of the 2023-2024 report (demo data only).

The stays come from the demo import set (``demo/import/stays.csv``); this builds, for each stay present
during the period, what the seed report describes: a contract signed in the first month, an amendment every
six months (acknowledged by the head of service beyond 18 months), monthly rent appointments, home and joint
visits, accompaniments to partners, the inventories of the entries and of the three exits, a few technical
incidents, psychological orientations proposed and refused, and each household's partner contacts.
Everything is derived from the stay's reference and dates, so the demo is the same on every database.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command

from ..models.support.imlr_support_contract import TERM_MONTHS, term_end
from ..models.support.imlr_support_objective import OPEN_STATES

P_FROM, P_TO = date(2023, 11, 1), date(2024, 10, 31)

# when each objective's review changes its status: {area: {amendment number: (state, evaluation)}}
PROGRESS = {
    "rights": {1: ("achieved", "Droits CAF et CPAM ouverts, complémentaire santé solidaire obtenue.")},
    "budget": {
        1: ("partial", "Loyer payé chaque mois ; le budget reste serré en fin de mois."),
        2: ("achieved", "Budget tenu, pas de dette locative ; l'échéancier est soldé."),
    },
    "schooling": {1: ("achieved", "Enfants inscrits à l'école et à la cantine ; lien régulier avec l'enseignant.")},
    "parenting": {2: ("partial", "Suivi PMI régulier ; inscription en crèche en attente.")},
    "french": {
        1: ("in_progress", "Cours obligatoires OFII terminés ; poursuite en association."),
        3: ("achieved", "Niveau A2 validé."),
    },
    "employment": {
        1: ("in_progress", "Inscription à France Travail ; recherche d'une formation qualifiante."),
        2: ("partial", "Formation qualifiante commencée."),
    },
    "health": {1: ("achieved", "Suivi de grossesse assuré par la PMI ; naissance en mars 2024.")},
    "family_reunification": {},
    "housing": {
        2: ("in_progress", "Demande de logement social déposée et renouvelée."),
    },
}

ACKNOWLEDGEMENTS = {
    "S001": "Naissance en mars 2024 : attente d'une proposition de logement social adapté à la famille agrandie.",
    "S002": "Demande de logement social en cours sur Abbeville ; pas encore de proposition de la commission.",
    "S003": "Attribution d'un logement social en cours d'instruction ; sortie prévue au premier trimestre 2024.",
    "S004": "Glissement du bail accepté sur le principe par le bailleur ; attente de la commission d'attribution.",
    "S005": "Glissement du bail en préparation avec le bailleur : maintien de l'accompagnement jusqu'à la signature.",
    "S017": "Colocation provisoire : recherche d'un T1 en cours, ressources encore insuffisantes pour un bail seul.",
    "S018": "Entrée en formation qualifiante : l'accompagnement se poursuit jusqu'au premier salaire.",
    "S021": "Réunification familiale de juin 2024 : logement à adapter à l'arrivée des trois enfants.",
}


def load(env):
    """Called by demo/imlr_support_demo.xml (through res.company._imlr_load_demo)."""
    SupportDemo(env)._load_demo()


class SupportDemo:
    """Plain code, no model: a database without demo data never imports it."""

    def __init__(self, env):
        self.env = env

    def _load_demo(self):
        demo = SupportDemo(
            self.env(context=dict(self.env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
        )
        program = self.env.ref("imlr_odoo.imlr_program_imlr")
        stays = self.env["imlr.stay"].search(
            [
                ("program_id", "=", program.id),
                ("reference", "!=", False),
                ("date_entry", "<=", P_TO),
                "|",
                ("date_exit", "=", False),
                ("date_exit", ">", P_FROM),
            ],
            order="reference",
        )
        # each stay has its referent, the team's social worker
        self.env["imlr.stay"].search([("social_worker_id", "=", False)]).social_worker_id = self._staff()[
            "social_worker"
        ]
        contracts = demo._demo_contracts(stays)
        demo._demo_amendments(contracts)
        demo._demo_interventions(stays)
        demo._demo_inventories(stays)
        demo._demo_incidents(stays)
        demo._demo_psychological_orientations(stays)
        demo._demo_household_contacts(stays)

    def _staff(self):
        return {
            "social_worker": self.env.ref("imlr_odoo.imlr_demo_user_social_worker"),
            "rent_manager": self.env.ref("imlr_odoo.imlr_demo_user_rent_manager"),
            "manager": self.env.ref("base.user_admin"),
        }

    def _partner(self, name):
        return self.env.ref(f"imlr_odoo.imlr_demo_partner_{name}")

    @staticmethod
    def _weekday(day):
        """The day itself, or the Monday after a weekend."""
        return day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)

    @staticmethod
    def _present(stay, day):
        return stay.date_entry <= day and (not stay.date_exit or day < stay.date_exit)

    # ------------------------------------------------------------------ contracts

    def _composition(self, stay):
        """(adults, children) of the household on its entry."""
        members = stay.household_id.household_member_ids.filtered(lambda m: m._is_active_at(stay.date_entry))
        adults = members.filtered(lambda m: m.role != "child")
        return adults, members - adults

    def _reference_person(self, stay):
        adults, _children = self._composition(stay)
        return adults.filtered(lambda m: m.role == "reference").partner_id

    def _objectives(self, stay, sliding):
        adults, children = self._composition(stay)
        housing = (
            "Accéder à un logement autonome par glissement du bail" if sliding else "Accéder à un logement autonome"
        )
        objectives = [
            ("housing", housing),
            ("budget", "Gérer son budget et payer son loyer chaque mois"),
            ("rights", "Ouvrir et maintenir ses droits (CAF, CPAM, complémentaire santé)"),
        ]
        if children:
            objectives.append(("schooling", "Scolariser les enfants et suivre leur scolarité"))
            if int(stay.reference[1:]) % 2:
                objectives.append(("parenting", "Soutien à la parentalité avec la PMI et la crèche"))
        if len(adults) == 1 and not children:
            objectives.append(("french", "Poursuivre l'apprentissage du français"))
        objectives.append(("employment", "Entrer en formation qualifiante ou en emploi"))
        if stay.reference == "S001":
            objectives.append(("health", "Suivi de grossesse et préparation de la naissance"))
        if stay.reference == "S021":
            objectives.append(("family_reunification", "Réunification familiale : préparer l'arrivée des enfants"))
        return objectives

    def _demo_contracts(self, stays):
        staff = self._staff()
        vals_list = []
        for index, stay in enumerate(stays):
            sublease = stay.sublease_ids.sorted("date_start")[:1]
            sliding = any(sublease.dwelling_id.lease_ids.mapped("is_sliding"))
            adults, children = self._composition(stay)
            persons = len(adults) + len(children)
            typology = "t1" if persons == 1 else "t2" if persons == 2 else "t3" if persons == 3 else "t4"
            if persons >= 6:
                typology = "t5"
            city = sublease.dwelling_id.city or "Amiens"
            vals_list.append(
                {
                    "stay_id": stay.id,
                    "social_worker_id": staff["social_worker"].id,
                    "date_start": stay.date_entry,
                    "date_end": term_end(stay.date_entry),
                    "date_signature": stay.date_entry + timedelta(days=6 + index * 5 % 20),
                    "rehousing_towns": city if city != "Amiens" or index % 3 else "Amiens, Camon, Longueau",
                    "rehousing_typology": typology,
                    "wants_sliding_lease": sliding,
                    "rehousing_note": "Souhait de rester dans le quartier, près de l'école des enfants."
                    if children
                    else "Souhait d'un logement proche des transports et du lieu de formation.",
                    "objective_ids": [
                        Command.create({"sequence": sequence, "area": area, "name": name})
                        for sequence, (area, name) in enumerate(self._objectives(stay, sliding), start=1)
                    ],
                }
            )
        return self.env["imlr.support.contract"].create(vals_list)

    def _demo_amendments(self, contracts):
        staff = self._staff()
        vals_list = []
        for index, contract in enumerate(contracts):
            stay = contract.stay_id
            states = {objective.id: "in_progress" for objective in contract.objective_ids}
            number = 1
            while True:
                start = contract.date_start + relativedelta(months=TERM_MONTHS * number)
                if start > P_TO or (stay.date_exit and start >= stay.date_exit):
                    break
                end = term_end(start)
                signed = start - timedelta(days=3 + index % 8)
                reviews = []
                for objective in contract.objective_ids.filtered(lambda o, s=states: s[o.id] in OPEN_STATES):
                    state, evaluation = PROGRESS[objective.area].get(number, (states[objective.id], ""))
                    if objective.area == "family_reunification" and start > date(2024, 6, 10):
                        state, evaluation = "achieved", "Les trois enfants ont rejoint leur mère le 10 juin 2024."
                    states[objective.id] = state
                    reviews.append(
                        Command.create({"objective_id": objective.id, "state": state, "evaluation": evaluation})
                    )
                vals = {
                    "contract_id": contract.id,
                    "date_start": start,
                    "date_end": end,
                    "date_signature": signed,
                    "note": "Bilan réalisé avec le ménage ; les objectifs en cours sont poursuivis.",
                    "review_ids": reviews,
                }
                if end > term_end(contract.date_start, 18):
                    vals.update(
                        {
                            "acknowledgement_reason": ACKNOWLEDGEMENTS.get(
                                stay.reference, "Relogement en cours : l'accompagnement est prolongé."
                            ),
                            "acknowledged_by_id": staff["manager"].id,
                            "acknowledgement_date": signed - timedelta(days=2),
                        }
                    )
                vals_list.append(vals)
                number += 1
        self.env["imlr.support.amendment"].create(vals_list)
        # the households that left reached their rehousing objective
        exited = contracts.filtered(lambda c: c.stay_id.date_exit and c.stay_id.date_exit <= P_TO)
        exited.objective_ids.filtered(lambda o: o.area == "housing").write(
            {"state": "achieved", "evaluation": "Relogé(e) dans le parc social."}
        )

    # ------------------------------------------------------------------ interventions

    def _demo_interventions(self, stays):
        staff = self._staff()
        worker, rent = staff["social_worker"], staff["rent_manager"]
        vals_list = []

        def add(stay, day, kind, name, users, *, duration=1.0, partner=None):
            day = self._weekday(day)
            if P_FROM <= day <= P_TO and self._present(stay, day):
                vals_list.append(
                    {
                        "stay_id": stay.id,
                        "date": day,
                        "intervention_type": kind,
                        "name": name,
                        "user_ids": [Command.set(users.ids)],
                        "duration": duration,
                        "partner_id": partner.id if partner else False,
                        "attendee_ids": [Command.set(self._reference_person(stay).ids)],
                    }
                )

        months = [P_FROM + relativedelta(months=n) for n in range(12)]
        for index, stay in enumerate(stays):
            _adults, children = self._composition(stay)
            direct_debit = index % 4 == 0
            for rank, month in enumerate(months):
                if not direct_debit:
                    add(stay, month + timedelta(days=2 + index % 8), "office", "Rendez-vous loyer", rent, duration=0.5)
                if (rank + index) % 2 == 0:
                    add(stay, month + timedelta(days=14 + index % 10), "home_visit", "Visite à domicile", worker)
                if rank % 3 == index % 3 and index % 2:
                    add(stay, month + timedelta(days=9), "phone", "Appel : suivi des démarches", worker, duration=0.25)
            if stay.date_entry >= P_FROM:
                entry = stay.date_entry
                add(stay, entry + timedelta(days=7), "joint_visit", "Visite conjointe d'installation", worker | rent)
                caf, cpam = self._partner("caf"), self._partner("cpam")
                add(
                    stay,
                    entry + timedelta(days=16),
                    "partner_accompaniment",
                    "Ouverture des droits CAF",
                    worker,
                    duration=2.0,
                    partner=caf,
                )
                add(
                    stay,
                    entry + timedelta(days=30),
                    "partner_accompaniment",
                    "Dossier CPAM",
                    worker,
                    duration=1.5,
                    partner=cpam,
                )
                if children:
                    school = self._partner("school")
                    add(
                        stay,
                        entry + timedelta(days=21),
                        "partner_accompaniment",
                        "Inscription scolaire",
                        worker,
                        duration=1.5,
                        partner=school,
                    )
            elif index % 3 == 0:
                add(stay, date(2024, 6, 11 + index % 10), "joint_visit", "Visite conjointe", worker | rent)
            if stay.date_exit and stay.date_exit <= P_TO:
                add(
                    stay,
                    stay.date_exit - timedelta(days=35),
                    "joint_visit",
                    "Pré-état des lieux de sortie",
                    worker | rent,
                )
            if stay.reference == "S021":
                ofii = self._partner("ofii")
                add(
                    stay,
                    date(2024, 4, 16),
                    "partner_accompaniment",
                    "Réunification familiale : dossier OFII",
                    worker,
                    duration=2.5,
                    partner=ofii,
                )
                add(stay, date(2024, 6, 17), "home_visit", "Visite après l'arrivée des enfants", worker)
            if index % 5 == 2:
                france_travail = self._partner("france_travail")
                add(
                    stay,
                    date(2024, 3, 12),
                    "partner_accompaniment",
                    "Inscription à France Travail",
                    worker,
                    duration=1.5,
                    partner=france_travail,
                )
        self.env["imlr.intervention"].create(vals_list)

    # ------------------------------------------------------------------ inventories

    def _demo_inventories(self, stays):
        rent = self._staff()["rent_manager"]
        worker = self._staff()["social_worker"]
        inventories = self.env["imlr.inventory"]
        entries, exits = [], []
        for index, stay in enumerate(stays):
            exiting = stay.date_exit and stay.date_exit <= P_TO
            for sublease in stay.sublease_ids:
                if sublease.date_start >= P_FROM or exiting:
                    # in the rent manager's absence, the social worker welcomed two households alone
                    user = worker if index % 7 == 3 else rent
                    entries.append((sublease, index, user))
                if exiting and sublease.date_end:
                    exits.append((sublease, index))
        # the rooms and items of a blank inventory, in French once translated
        inventories = inventories.with_context(lang="fr_FR")
        bathroom, bathroom_items = inventories._standard_rooms()["bathroom"]
        entry_vals = []
        for sublease, index, user in entries:
            lines = inventories.new({"sublease_id": sublease.id, "inventory_type": "entry"})._prepare_line_vals()
            for number, line in enumerate(lines):
                line["condition"] = "fair" if (number + index) % 5 == 0 else "good"
            entry_vals.append(
                {
                    "sublease_id": sublease.id,
                    "inventory_type": "entry",
                    "date": sublease.date_start,
                    "date_signed": sublease.date_start,
                    "user_id": user.id,
                    "keys_count": 2 + index % 2,
                    "meter_electricity": f"{12000 + 731 * index:06d}",
                    "meter_water": f"{300 + 17 * index:05d}",
                    "line_ids": [Command.create(line) for line in lines],
                }
            )
        inventories.create(entry_vals)
        exit_vals = []
        for sublease, index in exits:
            lines = inventories.new({"sublease_id": sublease.id, "inventory_type": "exit"})._prepare_line_vals()
            for number, line in enumerate(lines):
                line["condition"] = "fair" if (number + index) % 3 else "good"
                if line["room"] == bathroom and line["item"] == bathroom_items[-1] and index % 2:
                    line.update({"condition": "poor", "note": "Traces de moisissure au plafond."})
            for kind, day, note in (
                ("pre_exit", sublease.date_end - timedelta(days=34), "Visite conjointe : petits travaux à prévoir."),
                ("exit", sublease.date_end, "Logement rendu propre ; compteurs relevés."),
            ):
                exit_vals.append(
                    {
                        "sublease_id": sublease.id,
                        "inventory_type": kind,
                        "date": day,
                        "date_signed": day,
                        "user_id": rent.id,
                        "keys_count": 2,
                        "meter_electricity": f"{14400 + 731 * index:06d}",
                        "meter_water": f"{420 + 17 * index:05d}",
                        "note": note,
                        "line_ids": [Command.create(line) for line in lines],
                    }
                )
        inventories.create(exit_vals)

    # ------------------------------------------------------------------ incidents

    def _demo_incidents(self, stays):
        by_reference = {stay.reference: stay for stay in stays}
        contractors = {
            name: self.env.ref(f"imlr_odoo.imlr_demo_contractor_{name}")
            for name in ("multiservices", "heating", "electricity")
        }
        rent = self._staff()["rent_manager"]
        incidents = [
            ("S021", "heating", "Chaudière en panne", "heating", "2023-12-12", "2023-12-14", "2023-12-14"),
            (
                "S001",
                "leak",
                "Fuite sous l'évier de la cuisine",
                "multiservices",
                "2024-01-15",
                "2024-01-22",
                "2024-01-22",
            ),
            (
                "S019",
                "window",
                "Fenêtre de la chambre qui ferme mal",
                "multiservices",
                "2024-02-20",
                "2024-03-05",
                "2024-03-05",
            ),
            (
                "S023",
                "electricity",
                "Prise du séjour hors service",
                "electricity",
                "2024-05-03",
                "2024-05-07",
                "2024-05-07",
            ),
            ("S028", "mould", "Moisissures dans la salle de bain", "multiservices", "2024-09-10", "2024-11-05", None),
            ("S022", "leak", "Fuite de la chasse d'eau", None, "2024-10-21", None, None),
        ]
        vals_list = []
        for reference, kind, name, contractor, reported, intervention, resolved in incidents:
            stay = by_reference[reference]
            sublease = stay.sublease_ids[:1]
            state = "resolved" if resolved else "scheduled" if intervention else "reported"
            vals_list.append(
                {
                    "name": name,
                    "dwelling_id": sublease.dwelling_id.id,
                    "place_id": sublease.place_id.id if sublease.place_id.kind == "room" else False,
                    "stay_id": stay.id,
                    "incident_type": kind,
                    "date_reported": date.fromisoformat(reported),
                    "contractor_id": contractors[contractor].id if contractor else False,
                    "date_intervention": date.fromisoformat(intervention) if intervention else False,
                    "date_resolved": date.fromisoformat(resolved) if resolved else False,
                    "state": state,
                    "user_id": rent.id,
                }
            )
        self.env["imlr.incident"].create(vals_list)

    # ------------------------------------------------------------------ psychological orientations

    def _demo_psychological_orientations(self, stays):
        """The seed: the psychologist was proposed, and the households did not wish to meet her."""
        by_reference = {stay.reference: stay for stay in stays}
        worker = self._staff()["social_worker"]
        proposals = [
            ("S023", "2024-01-10", "2024-01-24"),
            ("S025", "2024-03-05", "2024-03-19"),
            ("S019", "2024-06-20", "2024-06-27"),
            ("S021", "2024-07-02", "2024-07-16"),
            ("S031", "2024-07-09", "2024-07-23"),
        ]
        self.env["imlr.psychological.support"].create(
            [
                {
                    "stay_id": by_reference[reference].id,
                    "partner_id": self._reference_person(by_reference[reference]).id,
                    "date_proposed": date.fromisoformat(proposed),
                    "proposed_by_id": worker.id,
                    "state": "refused",
                    "date_decision": date.fromisoformat(answered),
                }
                for reference, proposed, answered in proposals
            ]
        )

    # ------------------------------------------------------------------ partner contacts

    def _demo_household_contacts(self, stays):
        category = {
            code: self.env.ref(f"imlr_odoo.imlr_partner_category_{code}")
            for code in ("caf", "cpam", "school", "pmi", "france_travail", "ofii", "mdsi", "landlord", "training")
        }
        landlords = stays.sublease_ids.dwelling_id.landlord_id
        category["landlord"].partner_ids = [Command.link(landlord.id) for landlord in landlords]
        vals_list = []
        for index, stay in enumerate(stays):
            adults, children = self._composition(stay)
            household = stay.household_id
            contacts = [
                ("caf", self._partner("caf"), "Contact partenaires (mail direct)"),
                ("cpam", self._partner("cpam"), "Plateforme partenaires"),
                ("landlord", stay.sublease_ids[:1].dwelling_id.landlord_id, "Gestion locative"),
            ]
            if children:
                contacts.append(("school", self._partner("school"), "Directrice"))
                if index % 2:
                    contacts.append(("pmi", self._partner("pmi"), "Puéricultrice"))
            if stay.date_entry >= P_FROM:
                contacts.append(("ofii", self._partner("ofii"), "Contrat d'intégration républicaine"))
            if len(adults) == 1 and not children:
                contacts.append(("training", self._partner("training"), "Cours de français"))
            if index % 3 == 0:
                contacts.append(("mdsi", self._partner("mdsi"), "Assistante sociale de secteur"))
            contacts.append(("france_travail", self._partner("france_travail"), "Conseiller"))
            vals_list.extend(
                {
                    "household_id": household.id,
                    "category_id": category[code].id,
                    "partner_id": partner.id,
                    "function": function,
                    "date_start": stay.date_entry,
                }
                for code, partner, function in contacts
                if partner
            )
        self.env["imlr.household.contact"].create(vals_list)
