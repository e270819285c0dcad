"""The user interface of imlr_odoo: every action's views load, and the forms create what users expect."""

import json
from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command, fields
from odoo.tests import Form, HttpCase
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

ACTIONS = {
    "imlr_odoo.imlr_household_action": {"list", "kanban", "form"},
    "imlr_odoo.imlr_person_action": {"list", "form"},
    "imlr_odoo.imlr_dwelling_action": {"kanban", "list", "form"},
    "imlr_odoo.imlr_place_action": {"list", "form"},
    "imlr_odoo.imlr_lease_action": {"list", "form"},
    "imlr_odoo.imlr_orientation_action": {"list", "form"},
    "imlr_odoo.imlr_stay_action": {"list", "form"},
    "imlr_odoo.imlr_sublease_action": {"list", "form"},
    "imlr_odoo.imlr_program_action": {"list"},
    "imlr_odoo.imlr_sector_action": {"list"},
    "imlr_odoo.imlr_entry_situation_action": {"list"},
    "imlr_odoo.imlr_exit_destination_action": {"list"},
    "imlr_odoo.imlr_resource_type_action": {"list"},
}

# models inheriting mail.thread: their forms end with the chatter
CHATTER_FORMS = {
    "imlr_odoo.imlr_household_action",
    "imlr_odoo.imlr_person_action",
    "imlr_odoo.imlr_dwelling_action",
    "imlr_odoo.imlr_place_action",
    "imlr_odoo.imlr_lease_action",
    "imlr_odoo.imlr_orientation_action",
    "imlr_odoo.imlr_stay_action",
    "imlr_odoo.imlr_sublease_action",
}


# run in the web client: the card of the dwelling named __NAME__ shows its typology and its one place; its
# link opens the list of its places, where the place is "vacant" (under lease, neither blocked nor sub-let)
KANBAN_CARD_JS = """
(async () => {
    const name = __NAME__;
    const waitFor = async (find) => {
        for (let attempt = 0; attempt < 600; attempt++) { // up to a minute: the machine may be busy
            const found = find();
            if (found) {
                return found;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`not found: ${find}`);
    };
    const card = await waitFor(() =>
        [...document.querySelectorAll(".o_kanban_record")].find((el) => el.textContent.includes(name))
    );
    const places = card.querySelector("a[name='action_open_places']");
    if (!places || !/\\b1\\b/.test(places.textContent) || !card.textContent.includes("T2")) {
        throw new Error(`unexpected card: ${card.outerHTML}`);
    }
    places.click();
    const badge = await waitFor(() => document.querySelector(".o_list_view .o_data_row .badge"));
    if (!badge.classList.contains("text-bg-warning") || document.querySelectorAll(".o_data_row").length !== 1) {
        throw new Error(`unexpected places: ${document.querySelector(".o_list_view").outerHTML}`);
    }
    console.log("test successful");
})().catch((error) => console.error(error.message));
"""


# run in the web client: open each [action, view type, record id] of __STEPS__ and every tab of the forms
EVERY_VIEW_JS = """
(async () => {
    const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    while (!odoo.__WOWL_DEBUG__) {
        await pause(100);
    }
    const actionService = odoo.__WOWL_DEBUG__.root.env.services.action;
    const waitFor = async (selector) => {
        for (let attempt = 0; attempt < 600; attempt++) { // up to a minute: the machine may be busy
            const found = document.querySelector(selector);
            if (found) {
                return found;
            }
            await pause(100);
        }
        throw new Error(`not found: ${selector}`);
    };
    for (const [xmlid, viewType, resId] of __STEPS__) {
        await actionService.doAction(xmlid, {
            viewType,
            props: resId ? { resId } : {},
            clearBreadcrumbs: true,
        });
        await waitFor(`.o_action_manager .o_${viewType}_view`);
        if (viewType === "form") {
            await waitFor(".o_form_view .o_form_sheet");
            for (const tab of document.querySelectorAll(".o_form_view .o_notebook .nav-link")) {
                tab.click();
                await pause(150);
            }
        }
        await pause(150);
    }
    console.log("test successful");
})().catch((error) => console.error(`${error.message}\\n${error.stack}`));
"""


def top_level_fields(arch):
    """Names of the fields of a view, without those of its embedded x2many subviews."""
    return set(etree.fromstring(arch).xpath("//field[not(ancestor::field)]/@name"))


class TestActionViews(TransactionCase):
    def _action_views(self, xmlid):
        """The views of an action as the web client loads them: its view modes, then its search view."""
        action = self.env.ref(xmlid)
        views = [[view_id or False, mode] for view_id, mode in action.views]
        views.append([action.search_view_id.id or False, "search"])
        return action, self.env[action.res_model].get_views(views)["views"]

    def test_every_view_of_every_action_loads(self):
        for xmlid, modes in ACTIONS.items():
            with self.subTest(action=xmlid):
                action, views = self._action_views(xmlid)
                self.assertEqual({mode for _view_id, mode in action.views}, modes)
                self.assertEqual(set(views), modes | {"search"})
                for mode, view in views.items():
                    # a view of the addon itself, never a default one generated by Odoo
                    self.assertTrue(view["id"], f"{xmlid}: no {mode} view")
                    self.assertEqual(self.env["ir.ui.view"].browse(view["id"]).model, action.res_model)
                if "form" in modes:
                    has_chatter = bool(etree.fromstring(views["form"]["arch"]).xpath("//chatter"))
                    self.assertEqual(has_chatter, xmlid in CHATTER_FORMS, f"{xmlid}: chatter")

    def test_each_view_mode_loads_by_default(self):
        """The default views of each model (what a many2one opens) load too."""
        for xmlid, modes in ACTIONS.items():
            action = self.env.ref(xmlid)
            with self.subTest(action=xmlid):
                views = self.env[action.res_model].get_views([(False, mode) for mode in [*modes, "search"]])
                self.assertEqual(set(views["views"]), modes | {"search"})

    def test_households_and_persons_have_their_own_views(self):
        _action, household = self._action_views("imlr_odoo.imlr_household_action")
        _action, person = self._action_views("imlr_odoo.imlr_person_action")
        self.assertEqual(household["form"]["id"], self.env.ref("imlr_odoo.imlr_household_view_form").id)
        self.assertEqual(household["list"]["id"], self.env.ref("imlr_odoo.imlr_household_view_list").id)
        self.assertEqual(household["search"]["id"], self.env.ref("imlr_odoo.imlr_household_view_search").id)
        self.assertEqual(person["form"]["id"], self.env.ref("imlr_odoo.imlr_person_view_form").id)
        self.assertEqual(person["list"]["id"], self.env.ref("imlr_odoo.imlr_person_view_list").id)
        self.assertEqual(person["search"]["id"], self.env.ref("imlr_odoo.imlr_person_view_search").id)

        household_fields = top_level_fields(household["form"]["arch"])
        person_fields = top_level_fields(person["form"]["arch"])
        self.assertTrue(
            {"household_member_ids", "household_resource_ids", "stay_ids", "stay_count"} <= household_fields
        )
        self.assertFalse({"birthdate", "gender", "legal_status_ids", "membership_ids"} & household_fields)
        self.assertTrue(
            {"birthdate", "gender", "nationality_id", "current_household_id", "legal_status_ids", "membership_ids"}
            <= person_fields
        )
        self.assertFalse({"household_member_ids", "household_resource_ids", "stay_ids"} & person_fields)

        # the standard Contacts views stay the default ones of res.partner
        defaults = self.env["res.partner"].get_views([(False, "form"), (False, "list"), (False, "search")])["views"]
        self.assertEqual(defaults["form"]["id"], self.env.ref("base.view_partner_form").id)
        self.assertEqual(defaults["list"]["id"], self.env.ref("base.view_partner_tree").id)
        self.assertEqual(defaults["search"]["id"], self.env.ref("base.view_res_partner_filter").id)
        contacts = self.env.ref("contacts.action_contacts")
        self.assertFalse(
            {view_id for view_id, _mode in contacts.views} & {household["form"]["id"], person["form"]["id"]}
        )

    def test_dwelling_kanban_card(self):
        _action, views = self._action_views("imlr_odoo.imlr_dwelling_action")
        card = etree.fromstring(views["kanban"]["arch"]).xpath("//templates/t[@t-name='card']")[0]
        self.assertTrue({"name", "typology", "city", "sector_id", "place_count"} <= set(card.xpath(".//field/@name")))
        self.assertEqual(card.xpath(".//a[@type='object']/@name"), ["action_open_places"])


class TestForms(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.sector = cls.env["imlr.sector"].create({"name": "Secteur test des vues", "code": "test_views"})
        cls.program = cls.env["imlr.program"].create({"name": "Programme test des vues", "code": "test_views"})

    def _new_person(self, name, birthdate, gender):
        partners = self.env["res.partner"].with_context(default_is_imlr_person=True)
        with Form(partners, view="imlr_odoo.imlr_person_view_form") as form:
            form.name = name
            form.birthdate = birthdate
            form.gender = gender
            with form.legal_status_ids.new() as status:
                status.date_start = date(2024, 1, 15)
                status.status = "refugee"
                status.permit_expiry_date = date(2034, 1, 14)
        return form.record

    def _new_household(self, name):
        partners = self.env["res.partner"].with_context(default_is_household=True, default_is_company=True)
        with Form(partners, view="imlr_odoo.imlr_household_view_form") as form:
            form.name = name
        return form.record

    def test_household_with_two_members(self):
        mother = self._new_person("Awa Test", date(1990, 3, 2), "female")
        son = self._new_person("Moussa Test", date(2015, 6, 20), "male")
        household = self._new_household("Ménage Test")
        with Form(household, view="imlr_odoo.imlr_household_view_form") as form:
            with form.household_member_ids.new() as member:
                member.partner_id = mother
                member.role = "reference"
                member.date_start = date(2024, 1, 15)
            with form.household_member_ids.new() as member:
                member.partner_id = son
                member.role = "child"
                member.date_start = date(2024, 1, 15)
            with form.household_resource_ids.new() as resource:
                resource.resource_type_id = self.env["imlr.resource.type"].create(
                    {"name": "Ressource test des vues", "code": "test_views"}
                )
                resource.date_start = date(2024, 1, 15)
                resource.amount = 600

        self.assertRecordValues(household, [{"is_household": True, "is_imlr_person": False, "is_company": True}])
        self.assertRecordValues(
            household.household_member_ids.sorted(lambda member: member.partner_id.name),
            [
                {"partner_id": mother.id, "role": "reference", "date_start": date(2024, 1, 15), "date_end": False},
                {"partner_id": son.id, "role": "child", "date_start": date(2024, 1, 15), "date_end": False},
            ],
        )
        self.assertRecordValues(household.household_resource_ids, [{"amount": 600.0, "date_start": date(2024, 1, 15)}])
        on_day = household.with_context(date="2024-02-01")
        self.assertEqual(on_day.current_member_ids, mother | son)
        self.assertEqual(on_day.reference_person_id, mother)
        self.assertFalse(household.with_context(date="2024-01-14").current_member_ids)
        self.assertRecordValues(
            (mother | son).with_context(date="2024-02-01"),
            [
                {
                    "is_imlr_person": True,
                    "is_household": False,
                    "current_household_id": household.id,
                    "legal_status": "refugee",
                    "permit_expiry_date": date(2034, 1, 14),
                }
            ]
            * 2,
        )

    def test_dwelling_gets_one_whole_place(self):
        with Form(self.env["imlr.dwelling"], view="imlr_odoo.imlr_dwelling_view_form") as form:
            form.name = "Amiens — 3 rue des Tests"
            form.street = "3 rue des Tests"
            form.zip = "80000"
            form.city = "Amiens"
            form.sector_id = self.sector
            form.typology = "t3"
            form.surface = 62.5
        dwelling = form.record
        self.assertRecordValues(
            dwelling,
            [{"city": "Amiens", "zip": "80000", "typology": "t3", "sector_id": self.sector.id, "place_count": 1}],
        )
        self.assertFalse(dwelling.is_colocation)
        self.assertRecordValues(
            dwelling.place_ids,
            [{"kind": "whole", "name": "Amiens — 3 rue des Tests", "typology": "t3", "sector_id": self.sector.id}],
        )
        place = dwelling.place_ids.with_context(date="2024-02-01")
        self.assertEqual(place.state, "unavailable")

        # a main lease from the dwelling's form makes the place available
        with Form(dwelling, view="imlr_odoo.imlr_dwelling_view_form") as form:
            with form.lease_ids.new() as lease:
                lease.date_start = date(2024, 1, 15)
                lease.rent = 550
        self.assertRecordValues(dwelling, [{"date_captation": date(2024, 1, 15), "date_returned": False}])
        place.invalidate_recordset(["state"])
        self.assertEqual(place.state, "vacant")

        # renaming an existing dwelling runs an onchange over its places: it must not fail
        with Form(dwelling, view="imlr_odoo.imlr_dwelling_view_form") as form:
            form.name = "Amiens — 3 bis rue des Tests"
        self.assertEqual(dwelling.place_ids.name, "Amiens — 3 bis rue des Tests")

    def test_dwelling_split_into_colocation_rooms(self):
        with Form(self.env["imlr.dwelling"], view="imlr_odoo.imlr_dwelling_view_form") as form:
            form.name = "Abbeville — 8 place des Tests"
            form.city = "Abbeville"
            form.sector_id = self.sector
            form.typology = "t4"
            for number in (1, 2):
                with form.place_ids.new() as place:
                    place.kind = "room"
                    place.room_number = number
        dwelling = form.record
        self.assertTrue(dwelling.is_colocation)
        self.assertRecordValues(
            dwelling.place_ids,
            [
                {
                    "kind": "room",
                    "room_number": 1,
                    "name": "Abbeville — 8 place des Tests — chambre 1",
                    "typology": "room",
                },
                {
                    "kind": "room",
                    "room_number": 2,
                    "name": "Abbeville — 8 place des Tests — chambre 2",
                    "typology": "room",
                },
            ],
        )

    def test_orientation_not_admitted_needs_a_motif(self):
        household = self._new_household("Ménage Orienté")
        form = Form(self.env["imlr.orientation"], view="imlr_odoo.imlr_orientation_view_form")
        form.siao_reference = "SIAO-TEST-VIEWS-1"
        form.date = date(2024, 1, 15)
        form.household_id = household
        form.program_id = self.program
        self.assertEqual(form.outcome, "pending")
        with self.assertRaisesRegex(AssertionError, "invisible field 'refusal_motif'"):
            form.refusal_motif = "already_housed"
        form.outcome = "not_admitted"
        with self.assertRaisesRegex(AssertionError, "refusal_motif is a required field"):
            form.save()
        form.refusal_motif = "refused_association"
        form.decision_date = date(2024, 1, 22)
        orientation = form.save()
        self.assertRecordValues(
            orientation,
            [
                {
                    "siao_reference": "SIAO-TEST-VIEWS-1",
                    "household_id": household.id,
                    "program_id": self.program.id,
                    "outcome": "not_admitted",
                    "refusal_motif": "refused_association",
                    "date": date(2024, 1, 15),
                    "decision_date": date(2024, 1, 22),
                }
            ],
        )

    def test_stay_with_sublease_support_and_eviction(self):
        household = self._new_household("Ménage Logé")
        with Form(self.env["imlr.dwelling"], view="imlr_odoo.imlr_dwelling_view_form") as form:
            form.name = "Amiens — 5 rue du Séjour"
            form.city = "Amiens"
            form.sector_id = self.sector
            form.typology = "t2"
            with form.lease_ids.new() as lease:
                lease.date_start = date(2024, 1, 1)
                lease.rent = 480
        place = form.record.place_ids

        form = Form(self.env["imlr.stay"], view="imlr_odoo.imlr_stay_view_form")
        form.household_id = household
        form.program_id = self.program
        form.date_entry = date(2024, 1, 15)
        with self.assertRaisesRegex(AssertionError, "invisible field 'exit_destination_id'"):
            form.exit_destination_id = self.env["imlr.exit.destination"].search([], limit=1)
        with form.sublease_ids.new() as sublease:
            sublease.place_id = place
            sublease.date_start = date(2024, 1, 15)
            sublease.rent = 420
            sublease.charges = 40
            sublease.apl_expected = 300
        with form.reinforced_support_ids.new() as support:
            support.date_start = date(2024, 3, 1)
            support.date_end = date(2024, 5, 31)
        with form.eviction_stage_ids.new() as stage:
            stage.date = date(2024, 6, 3)
            stage.stage = "payment_order"
        stay = form.save()

        self.assertRecordValues(
            stay, [{"household_id": household.id, "date_entry": date(2024, 1, 15), "date_exit": False}]
        )
        self.assertRecordValues(
            stay.sublease_ids,
            [{"place_id": place.id, "household_id": household.id, "rent": 420.0, "apl_expected": 300.0}],
        )
        self.assertTrue(stay._reinforced_overlaps(date(2024, 4, 1), date(2024, 4, 1)))
        self.assertTrue(stay._in_eviction_at(date(2024, 6, 30)))
        self.assertEqual(place.with_context(date="2024-02-01").state, "occupied")
        self.assertEqual(place.with_context(date="2024-02-01").current_household_id, household)
        self.assertEqual(household.stay_count, 1)
        self.assertEqual(household.action_open_stays()["domain"], [("household_id", "=", household.id)])

    def _filter_domain(self, view_xmlid, filter_name):
        """The domain of a filter of a search view, evaluated as the web client does."""
        arch = etree.fromstring(self.env.ref(view_xmlid).arch)
        (node,) = arch.xpath(f"//filter[@name='{filter_name}']")
        today = fields.Date.context_today(self.env.user)
        return safe_eval(node.get("domain"), {"context_today": lambda: today, "relativedelta": relativedelta})

    def test_search_filters(self):
        present = self._new_household("Ménage Présent")
        gone = self._new_household("Ménage Sorti")
        stays = self.env["imlr.stay"].create(
            [
                {
                    "household_id": present.id,
                    "program_id": self.program.id,
                    "date_entry": date(2024, 1, 15),
                    "eviction_stage_ids": [Command.create({"date": date(2024, 6, 3), "stage": "payment_order"})],
                },
                {
                    "household_id": gone.id,
                    "program_id": self.program.id,
                    "date_entry": date(2023, 1, 10),
                    "date_exit": date(2024, 6, 1),
                    "eviction_stage_ids": [
                        Command.create({"date": date(2023, 9, 1), "stage": "payment_order"}),
                        Command.create({"date": date(2023, 12, 1), "stage": "closed"}),
                    ],
                },
            ]
        )
        for view, filter_name, expected in [
            ("imlr_odoo.imlr_stay_view_search", "present_today", stays[0]),
            ("imlr_odoo.imlr_stay_view_search", "exited", stays[1]),
            ("imlr_odoo.imlr_stay_view_search", "eviction", stays[0]),
            ("imlr_odoo.imlr_household_view_search", "present_today", present),
            ("imlr_odoo.imlr_household_view_search", "exited", gone),
        ]:
            with self.subTest(view=view, filter=filter_name):
                model = self.env[self.env.ref(view).model]
                candidates = stays if model._name == "imlr.stay" else present | gone
                domain = [("id", "in", candidates.ids), *self._filter_domain(view, filter_name)]
                self.assertEqual(model.search(domain), expected)


class TestViewsInBrowser(HttpCase):
    """The views render in the real web client: errors only the browser sees (widgets, subviews) fail here."""

    def test_kanban_card_opens_places_with_their_state(self):
        sector = self.env["imlr.sector"].create({"name": "Secteur kanban", "code": "test_views_kanban"})
        dwelling = self.env["imlr.dwelling"].create(
            {"name": "00 Kanban — 1 rue des Tests", "city": "Amiens", "sector_id": sector.id, "typology": "t2"}
        )
        self.env["imlr.lease"].create({"dwelling_id": dwelling.id, "date_start": date(2024, 1, 15), "rent": 500})
        code = KANBAN_CARD_JS.replace("__NAME__", json.dumps(dwelling.name))
        self.browser_js("/odoo/action-imlr_odoo.imlr_dwelling_action", code, login="admin", timeout=90)

    def test_every_view_renders(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        sector = env["imlr.sector"].create({"name": "Secteur navigateur", "code": "test_views_browser"})
        program = env["imlr.program"].create({"name": "Programme navigateur", "code": "test_views_browser"})
        persons = env["res.partner"].create(
            [
                {
                    "name": "Fatou Navigateur",
                    "is_imlr_person": True,
                    "birthdate": date(1988, 5, 1),
                    "gender": "female",
                    "legal_status_ids": [
                        Command.create(
                            {
                                "status": "refugee",
                                "date_start": date(2024, 1, 15),
                                "permit_expiry_date": date(2034, 1, 14),
                            }
                        )
                    ],
                },
                {"name": "Ali Navigateur", "is_imlr_person": True, "birthdate": date(2016, 2, 3), "gender": "male"},
            ]
        )
        household = env["res.partner"].create(
            {
                "name": "Ménage Navigateur",
                "is_household": True,
                "is_company": True,
                "household_member_ids": [
                    Command.create({"partner_id": persons[0].id, "role": "reference", "date_start": date(2024, 1, 15)}),
                    Command.create({"partner_id": persons[1].id, "role": "child", "date_start": date(2024, 1, 15)}),
                ],
                "household_resource_ids": [
                    Command.create(
                        {
                            "resource_type_id": env["imlr.resource.type"]
                            .create({"name": "Ressource navigateur", "code": "test_views_browser"})
                            .id,
                            "date_start": date(2024, 1, 15),
                            "amount": 600,
                        }
                    )
                ],
            }
        )
        dwelling = env["imlr.dwelling"].create(
            {"name": "Navigateur — 2 rue des Tests", "city": "Amiens", "sector_id": sector.id, "typology": "t3"}
        )
        lease = env["imlr.lease"].create({"dwelling_id": dwelling.id, "date_start": date(2024, 1, 1), "rent": 520})
        orientation = env["imlr.orientation"].create(
            {
                "siao_reference": "SIAO-TEST-VIEWS-BROWSER",
                "date": date(2024, 1, 5),
                "household_id": household.id,
                "program_id": program.id,
                "outcome": "admitted",
                "decision_date": date(2024, 1, 10),
            }
        )
        stay = env["imlr.stay"].create(
            {
                "household_id": household.id,
                "program_id": program.id,
                "orientation_id": orientation.id,
                "date_entry": date(2024, 1, 15),
                "reinforced_support_ids": [
                    Command.create({"date_start": date(2024, 3, 1), "date_end": date(2024, 5, 31)})
                ],
                "eviction_stage_ids": [Command.create({"date": date(2024, 6, 3), "stage": "payment_order"})],
                "sublease_ids": [
                    Command.create(
                        {"place_id": dwelling.place_ids.id, "date_start": date(2024, 1, 15), "rent": 430, "charges": 40}
                    )
                ],
            }
        )
        env["imlr.place.block"].create(
            {
                "place_id": dwelling.place_ids.id,
                "date_start": date(2023, 12, 1),
                "date_end": date(2023, 12, 31),
                "reason": "Travaux",
            }
        )
        steps = [
            ["imlr_odoo.imlr_household_action", "list", False],
            ["imlr_odoo.imlr_household_action", "form", household.id],
            ["imlr_odoo.imlr_person_action", "list", False],
            ["imlr_odoo.imlr_person_action", "form", persons[0].id],
            ["imlr_odoo.imlr_dwelling_action", "kanban", False],
            ["imlr_odoo.imlr_dwelling_action", "list", False],
            ["imlr_odoo.imlr_dwelling_action", "form", dwelling.id],
            ["imlr_odoo.imlr_place_action", "list", False],
            ["imlr_odoo.imlr_place_action", "form", dwelling.place_ids.id],
            ["imlr_odoo.imlr_lease_action", "list", False],
            ["imlr_odoo.imlr_lease_action", "form", lease.id],
            ["imlr_odoo.imlr_orientation_action", "list", False],
            ["imlr_odoo.imlr_orientation_action", "form", orientation.id],
            ["imlr_odoo.imlr_stay_action", "list", False],
            ["imlr_odoo.imlr_stay_action", "form", stay.id],
            ["imlr_odoo.imlr_sublease_action", "list", False],
            ["imlr_odoo.imlr_sublease_action", "form", stay.sublease_ids.id],
            ["imlr_odoo.imlr_program_action", "list", False],
            ["imlr_odoo.imlr_sector_action", "list", False],
            ["imlr_odoo.imlr_entry_situation_action", "list", False],
            ["imlr_odoo.imlr_exit_destination_action", "list", False],
            ["imlr_odoo.imlr_resource_type_action", "list", False],
        ]
        code = EVERY_VIEW_JS.replace("__STEPS__", json.dumps(steps))
        self.browser_js("/odoo", code, login="admin", timeout=180)
