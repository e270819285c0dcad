/** @odoo-module **/
/*
 * The whole path of a household through the program, in the real web client (issue #9, item 3):
 * a household with its members, its orientation and admission into a vacant place with a sublease,
 * the month's rent run, a payment, the quittance, then the annual report printed.
 *
 * Triggers use field and button names, never translated labels: the tour runs in French.
 * The dwelling "Logement du parcours" (vacant, under a main lease) is made by the Python test.
 */
import { registry } from "@web/core/registry";
import { formatDate } from "@web/core/l10n/dates";
import { download } from "@web/core/network/download";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { patient } from "@imlr_odoo/../tests/tours/patient";

const HOUSEHOLD = "Ménage Parcours";
const PLACE = "Logement du parcours";

/** Report downloads are fetched for real (the server renders the report: a PDF, or its HTML under Odoo's test
 * mode, which skips wkhtmltopdf) but not saved: a marker tells the next step which report came back, with its
 * HTTP status (500 when rendering fails) and content type. */
function watchDownloads() {
    if (download._imlrWatched) {
        return;
    }
    download._imlrWatched = true;
    download._download = async (options) => {
        const body = new FormData();
        for (const [key, value] of Object.entries(options.data)) {
            body.append(key, value);
        }
        body.append("token", "dummy-because-api-expects-one");
        body.append("csrf_token", odoo.csrf_token);
        const response = await fetch(options.url, { method: "POST", body });
        await response.arrayBuffer();
        const marker = document.createElement("span");
        marker.className = "o_imlr_tour_download";
        marker.textContent = "downloaded";
        marker.dataset.url = JSON.parse(options.data.data)[0];
        marker.dataset.status = String(response.status);
        marker.dataset.type = response.headers.get("Content-Type") || "";
        document.body.append(marker);
    };
}

function menu(sectionXmlid, itemXmlid) {
    return [
        {
            trigger: `.o_menu_sections [data-menu-xmlid="${sectionXmlid}"]`,
            run: "click",
        },
        {
            trigger: `.dropdown-item[data-menu-xmlid="${itemXmlid}"]`,
            run: "click",
        },
    ];
}

function many2one(selector, text, { create = false } = {}) {
    return [
        {
            trigger: `${selector} input`,
            run: `edit ${text}`,
        },
        {
            trigger: create
                ? `${selector} .o_m2o_dropdown_option_create a`
                : `${selector} .o-autocomplete--dropdown-item:not(.o_m2o_dropdown_option) a:contains(${text})`,
            run: "click",
        },
    ];
}

/** Show the stat button ``name``, opening the button box's "More" dropdown when it is folded in there. */
function showStatButton(name) {
    return {
        content: `show the ${name} button`,
        trigger: ".o-form-buttonbox",
        run() {
            if (!document.querySelector(`.oe_stat_button[name=${name}]`)) {
                document.querySelector(".o-form-buttonbox .o_button_more").click();
            }
        },
    };
}

/** A member line. ``after``: the member of the line before, whom the household's onchange must show first
 * (adding a line commits the one before; typing while that onchange runs would be lost). */
function memberLine(name, role, date, after = null) {
    const list = ".o_field_widget[name=household_member_ids]";
    return [
        {
            trigger: `${list} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        ...(after
            ? [
                  {
                      content: `the household shows ${after}`,
                      trigger: `.o_field_widget[name=current_member_ids] .o_tag:contains(${after})`,
                  },
              ]
            : []),
        {
            content: "the new line is ready",
            trigger: `${list} .o_selected_row .o_field_widget[name=partner_id] input`,
        },
        ...many2one(`${list} .o_selected_row .o_field_widget[name=partner_id]`, name, { create: true }),
        {
            trigger: `${list} .o_selected_row .o_field_widget[name=role] select`,
            run: `select "${role}"`,
        },
        {
            trigger: `${list} .o_selected_row .o_field_widget[name=date_start] input`,
            run: `edit ${date}`,
        },
    ];
}

registry.category("web_tour.tours").add("imlr_workflow", {
    url: "/odoo",
    steps: () => {
        const firstOfMonth = formatDate(luxon.DateTime.now().startOf("month"));
        const steps = [
            // --- the IML app
            ...stepUtils.goToAppSteps("imlr_odoo.imlr_menu_root", "Open the IML app"),
            // --- a household with a reference person and a child
            ...menu("imlr_odoo.imlr_menu_households", "imlr_odoo.imlr_household_menu"),
            {
                trigger: ".o_list_button_add",
                run: "click",
            },
            {
                trigger: ".o_form_editable .o_field_widget[name=name] input",
                run: `edit ${HOUSEHOLD}`,
            },
            ...memberLine("Awa Parcours", "reference", firstOfMonth),
            ...memberLine("Moussa Parcours", "child", firstOfMonth, "Awa Parcours"),
            ...stepUtils.saveForm(),
            {
                content: "two members today",
                trigger: ".oe_stat_button[name=action_open_members] .o_stat_value:contains(2)",
            },
            // --- its orientation, admitted: the stay form comes prefilled
            ...menu("imlr_odoo.imlr_menu_households", "imlr_odoo.imlr_orientation_menu"),
            {
                trigger: ".o_list_button_add",
                run: "click",
            },
            {
                trigger: ".o_form_editable .o_field_widget[name=siao_reference] input",
                run: "edit SIAO-PARCOURS-1",
            },
            ...many2one(".o_field_widget[name=household_id]", HOUSEHOLD),
            {
                trigger: ".o_field_widget[name=date] input",
                run: `edit ${firstOfMonth}`,
            },
            ...stepUtils.saveForm(),
            {
                trigger: ".o_form_statusbar button[name=action_admit]",
                run: "click",
            },
            {
                content: "the stay is filled in from the orientation",
                trigger: `.o_form_editable .o_field_widget[name=orientation_id] input:value(SIAO-PARCOURS-1)`,
            },
            {
                trigger: ".o_field_widget[name=date_entry] input",
                run: `edit ${firstOfMonth}`,
            },
            // --- the sublease of the vacant place
            {
                trigger: ".o_notebook .nav-link[name=subleases]",
                run: "click",
            },
            {
                trigger: ".o_field_widget[name=sublease_ids] .o_field_x2many_list_row_add a",
                run: "click",
            },
            ...many2one(".o_field_widget[name=sublease_ids] .o_selected_row .o_field_widget[name=place_id]", PLACE),
            {
                trigger: ".o_field_widget[name=sublease_ids] .o_selected_row .o_field_widget[name=date_start] input",
                run: `edit ${firstOfMonth}`,
            },
            {
                trigger: ".o_field_widget[name=sublease_ids] .o_selected_row .o_field_widget[name=rent] input",
                run: "edit 400",
            },
            {
                trigger: ".o_field_widget[name=sublease_ids] .o_selected_row .o_field_widget[name=charges] input",
                run: "edit 50",
            },
            ...stepUtils.saveForm(),
            // --- the dwelling: its place is now occupied, by this household
            ...menu("imlr_odoo.imlr_menu_housing", "imlr_odoo.imlr_dwelling_menu"),
            {
                trigger: `.o_kanban_record:contains(${PLACE}) span:contains(${PLACE})`,
                run: "click",
            },
            {
                content: "one place, occupied today",
                trigger: ".oe_stat_button[name=action_open_occupancy] .o_stat_value:contains('1 / 1')",
                run: "click",
            },
            {
                trigger: `.o_list_view .o_data_row:contains(${HOUSEHOLD})`,
            },
            // --- the month's rents
            ...menu("imlr_odoo.imlr_menu_rents", "imlr_odoo.imlr_rent_run_wizard_menu"),
            {
                content: "the run bills the new sublease: one line, 450",
                trigger: `.modal .o_field_widget[name=line_ids] .o_data_row:contains(${HOUSEHOLD}):contains('450,00')`,
            },
            {
                trigger: ".modal .o_field_widget[name=line_ids]:not(:has(.o_data_row:nth-child(2)))",
            },
            {
                trigger: ".modal button[name=action_create_invoices]",
                run: "click",
            },
            {
                content: "the invoice created is shown",
                trigger: `.o_list_view .o_data_row:contains(${HOUSEHOLD})`,
            },
            // --- a payment from the household form
            ...menu("imlr_odoo.imlr_menu_households", "imlr_odoo.imlr_household_menu"),
            {
                trigger: `.o_list_view .o_data_row td[name=name]:contains(${HOUSEHOLD})`,
                run: "click",
            },
            showStatButton("action_imlr_open_receivable"),
            {
                content: "the balance is the month's rent and charges",
                trigger: ".oe_stat_button[name=action_imlr_open_receivable] .o_stat_value:contains('450,00')",
            },
            {
                trigger: ".o_form_statusbar button[name=action_imlr_register_payment]",
                run: "click",
            },
            {
                trigger: ".modal .o_field_widget[name=amount] input",
                run: "edit 450",
            },
            {
                trigger: ".modal button[name=action_register]",
                run: "click",
            },
            {
                trigger: "body:not(:has(.modal)) .o_form_saved",
            },
            showStatButton("action_imlr_open_receivable"),
            {
                content: "nothing left to pay",
                trigger: "body:not(:has(.modal)) .oe_stat_button[name=action_imlr_open_receivable] .o_stat_value:contains('0,00')",
            },
            // --- the quittance of the paid month
            showStatButton("action_imlr_open_rent_invoices"),
            {
                trigger: ".oe_stat_button[name=action_imlr_open_rent_invoices]",
                run: "click",
            },
            {
                trigger: `.o_list_view .o_data_row:contains(${HOUSEHOLD}) td.o_data_cell`,
                run: "click",
            },
            {
                trigger: ".o_form_statusbar button[name=action_imlr_print_receipt]",
                run() {
                    watchDownloads();
                    this.anchor.click();
                },
            },
            {
                content: "the quittance PDF is rendered",
                trigger:
                    ".o_imlr_tour_download[data-url*='imlr_odoo.report_rent_quittance'][data-status='200']:is([data-type^='application/pdf'], [data-type^='text/html'])",
            },
            // --- the annual report, computed and printed
            ...menu("imlr_odoo.imlr_menu_reporting", "imlr_odoo_reports.imlr_annual_report_menu"),
            {
                trigger: ".o_list_button_add",
                run: "click",
            },
            {
                trigger: ".o_form_editable .o_field_widget[name=date_from] input",
            },
            ...stepUtils.saveForm(),
            {
                trigger: ".o_form_statusbar button[name=action_compute]",
                run: "click",
            },
            {
                content: "computed: it can be printed",
                trigger: ".o_form_statusbar button[type=action]",
                run() {
                    watchDownloads();
                    this.anchor.click();
                },
            },
            {
                content: "the annual report PDF is rendered",
                trigger:
                    ".o_imlr_tour_download[data-url*='imlr_odoo_reports.report_annual'][data-status='200']:is([data-type^='application/pdf'], [data-type^='text/html'])",
            },
        ];
        return patient(steps);
    },
});
