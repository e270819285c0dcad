/** @odoo-module **/
/*
 * One tour per role (issue #20): each user logs in, lands on its first screen without error and walks its main
 * screens. The social worker's tour does the whole workflow "SIAO orientation of a woman with two children →
 * admission → stay → sublease on a free place → support contract → first intervention" and counts its clicks:
 * every step that clicks, types or selects is one; the tour fails beyond MAX_CLICKS.
 *
 * Triggers use menu ids, field and button names, never translated labels: the tours run in French.
 * The data they need (a free place under lease, "Logement des rôles") is made by tests/test_role_tours.py.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { patient } from "@imlr_odoo/../tests/tours/patient";

const MAX_CLICKS = 60;
const HOUSEHOLD = "Famille Rôles";
const PLACE = "Logement des rôles";

function menu(sectionXmlid, itemXmlid) {
    return [
        { trigger: `.o_menu_sections [data-menu-xmlid="${sectionXmlid}"]`, run: "click" },
        { trigger: `.dropdown-item[data-menu-xmlid="${itemXmlid}"]`, run: "click" },
    ];
}

function many2one(selector, text, { create = false } = {}) {
    return [
        { trigger: `${selector} input`, run: `edit ${text}` },
        {
            trigger: create
                ? `${selector} .o_m2o_dropdown_option_create a`
                : `${selector} .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(${text})`,
            run: "click",
        },
    ];
}

/** A member line: its start fills itself (the stay's entry, or today). ``after``: the member of the line before,
 * whom the household's onchange shows first (adding a line commits the one before). */
function memberLine(name, role, after = null) {
    const list = ".o_field_widget[name=household_member_ids]";
    return [
        { trigger: `${list} .o_field_x2many_list_row_add a`, run: "click" },
        ...(after
            ? [{ trigger: `.o_field_widget[name=current_member_ids] .o_tag:contains(${after})` }]
            : []),
        { trigger: `${list} .o_selected_row .o_field_widget[name=partner_id] input` },
        ...many2one(`${list} .o_selected_row .o_field_widget[name=partner_id]`, name, { create: true }),
        { trigger: `${list} .o_selected_row .o_field_widget[name=role] select`, run: `select "${role}"` },
        {
            content: "the start of the membership is filled in",
            trigger: `${list} .o_selected_row .o_field_widget[name=date_start] input:not(:value(""))`,
        },
    ];
}

/** The steps, ending with one that fails when more than MAX_CLICKS of them act. */
function counted(steps) {
    const clicks = steps.filter((step) => step.run).length;
    return [
        ...steps,
        {
            content: `${clicks} clicks and entries, at most ${MAX_CLICKS}`,
            trigger: "body",
            run() {
                if (clicks > MAX_CLICKS) {
                    throw new Error(`the workflow takes ${clicks} clicks and entries, more than ${MAX_CLICKS}`);
                }
            },
        },
    ];
}

const landsOnDashboard = {
    content: "lands on the IML dashboard",
    trigger: ".o_imlr_dashboard .o_kanban_record",
};

registry.category("web_tour.tours").add("imlr_role_social_worker", {
    url: "/odoo",
    steps: () =>
        patient(counted([
            landsOnDashboard,
            // --- the household: a woman and her two children
            ...menu("imlr_odoo.imlr_menu_households", "imlr_odoo.imlr_household_menu"),
            { trigger: ".o_list_button_add", run: "click" },
            { trigger: ".o_form_editable .o_field_widget[name=name] input", run: `edit ${HOUSEHOLD}` },
            ...memberLine("Amina Rôles", "reference"),
            ...memberLine("Yasmine Rôles", "child", "Amina Rôles"),
            ...memberLine("Adam Rôles", "child", "Yasmine Rôles"),
            ...stepUtils.saveForm(),
            // --- the SIAO orientation, admitted: the stay form comes filled in
            ...menu("imlr_odoo.imlr_menu_households", "imlr_odoo.imlr_orientation_menu"),
            { trigger: ".o_list_button_add", run: "click" },
            { trigger: ".o_form_editable .o_field_widget[name=siao_reference] input", run: "edit SIAO-ROLES-1" },
            ...many2one(".o_field_widget[name=household_id]", HOUSEHOLD),
            ...stepUtils.saveForm(),
            { trigger: ".o_form_statusbar button[name=action_admit]", run: "click" },
            {
                content: "the referent is the social worker who admits",
                trigger:
                    ".o_field_widget[name=social_worker_id]:has(input:value(Claire Lemaire)), .o_field_widget[name=social_worker_id]:contains(Claire Lemaire)",
            },
            // --- the sublease of a free place: start, rent and charges fill themselves
            { trigger: ".o_notebook .nav-link[name=subleases]", run: "click" },
            { trigger: ".o_field_widget[name=sublease_ids] .o_field_x2many_list_row_add a", run: "click" },
            {
                trigger: ".o_field_widget[name=sublease_ids] .o_selected_row .o_field_widget[name=place_id] input",
                run: `edit ${PLACE}`,
            },
            {
                content: "the free place comes first, with its state",
                trigger: `.o-autocomplete--dropdown-item:first-child a:contains(${PLACE})`,
                run: "click",
            },
            ...stepUtils.saveForm(),
            {
                content: "the start and the rent filled themselves (the main lease's rent for its one place)",
                trigger: ".o_field_widget[name=sublease_ids] .o_data_row:has(td[name=date_start]:not(:empty)) td[name=rent]:contains(520,00)",
            },
            { trigger: ".o_form_statusbar .o_arrow_button_current[data-value=present]" },
            // --- the support contract, with an objective "en cours"
            { trigger: ".oe_stat_button:has([name=support_contract_count])", run: "click" },
            { trigger: ".o_list_button_add", run: "click" },
            {
                content: "the contract is the stay's",
                trigger: `.o_form_editable .o_field_widget[name=stay_id] input:value(${HOUSEHOLD})`,
            },
            { trigger: ".o_field_widget[name=objective_ids] .o_field_x2many_list_row_add a", run: "click" },
            {
                trigger: ".o_field_widget[name=objective_ids] .o_selected_row .o_field_widget[name=area] select",
                run: 'select "housing"',
            },
            {
                trigger: ".o_field_widget[name=objective_ids] .o_selected_row .o_field_widget[name=name] input",
                run: "edit Trouver un logement social",
            },
            ...stepUtils.saveForm(),
            // --- the first intervention, from the stay
            {
                content: "back to the stay",
                trigger: `.o_breadcrumb .breadcrumb-item a:contains(${HOUSEHOLD} — )`,
                run: "click",
            },
            { trigger: ".oe_stat_button:has([name=intervention_count])", run: "click" },
            { trigger: ".o_switch_view.o_list", run: "click" },
            { trigger: ".o_list_button_add", run: "click" },
            {
                trigger: ".o_form_editable .o_field_widget[name=name] input",
                run: "edit Premier rendez-vous",
            },
            ...stepUtils.saveForm(),
        ])),
});

registry.category("web_tour.tours").add("imlr_role_rent_manager", {
    url: "/odoo",
    steps: () => patient([
        landsOnDashboard,
        // the rent run previews before posting
        ...menu("imlr_odoo.imlr_menu_rents", "imlr_odoo.imlr_rent_run_wizard_menu"),
        { trigger: ".modal .o_field_widget[name=line_ids]" },
        { trigger: ".modal .modal-footer button[special=cancel]", run: "click" },
        // so does the landlord bill run: opening it writes nothing
        ...menu("imlr_odoo.imlr_menu_rents", "imlr_odoo.imlr_landlord_bill_run_menu"),
        { trigger: ".modal .o_field_widget[name=line_ids]" },
        { trigger: ".modal .modal-footer button[special=cancel]", run: "click" },
        // the free places
        { trigger: "body:not(:has(.modal))" },
        ...menu("imlr_odoo.imlr_menu_housing", "imlr_odoo.imlr_place_menu"),
        { trigger: ".o_list_view .o_data_row" },
        { trigger: ".o_searchview_dropdown_toggler", run: "click" },
        {
            content: "the Free filter (« Libres »)",
            trigger: ".o_filter_menu .o-dropdown-item:contains(Libres), .o_filter_menu .o-dropdown-item:contains(Free)",
            run: "click",
        },
        { trigger: `.o_list_view .o_data_row:contains(${PLACE})` },
    ]),
});

registry.category("web_tour.tours").add("imlr_role_psychologist", {
    url: "/odoo",
    steps: () => patient([
        landsOnDashboard,
        ...menu("imlr_odoo.imlr_menu_support", "imlr_odoo.imlr_psychological_support_menu"),
        { trigger: ".o_action_manager .o_view_controller" },
        ...menu("imlr_odoo.imlr_menu_households", "imlr_odoo.imlr_household_menu"),
        { trigger: ".o_list_view .o_data_row" },
        { trigger: ".o_switch_view.o_kanban", run: "click" },
        { trigger: ".o_kanban_view .o_kanban_record" },
    ]),
});

registry.category("web_tour.tours").add("imlr_role_manager", {
    url: "/odoo",
    steps: () => patient([
        landsOnDashboard,
        ...menu("imlr_odoo.imlr_menu_households", "imlr_odoo.imlr_stay_menu"),
        { trigger: ".o_list_view .o_data_row" },
        ...menu("imlr_odoo.imlr_menu_config", "imlr_odoo.imlr_sector_menu"),
        { trigger: ".o_list_view .o_data_row" },
        ...menu("imlr_odoo.imlr_menu_reporting", "imlr_odoo_reports.imlr_annual_report_menu"),
        { trigger: ".o_list_view" },
    ]),
});

registry.category("web_tour.tours").add("imlr_role_reader", {
    url: "/odoo",
    steps: () => patient([
        {
            content: "lands on the annual reports, not on a household",
            trigger: ".o_action_manager .o_list_view",
        },
        { trigger: ".o_menu_sections [data-menu-xmlid='imlr_odoo.imlr_menu_reporting']", run: "click" },
        { trigger: ".dropdown-item[data-menu-xmlid='imlr_odoo_reports.imlr_place_occupancy_menu']", run: "click" },
        {
            content: "the analysis opens on the current program year",
            trigger: ".o_searchview .o_facet_value",
        },
        { trigger: "body:not(:has([data-menu-xmlid='imlr_odoo.imlr_menu_households']))" },
    ]),
});
