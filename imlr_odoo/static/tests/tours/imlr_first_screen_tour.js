/** @odoo-module **/
/*
 * The IML app's first screen, opened from the apps menu by each role (issue #15, item 1): the team lands on
 * the dashboard and sees its figures, a reader or funder on the annual reports. Any access error would open an
 * error dialog and log to the console, which fails the tour.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { patient } from "@imlr_odoo/../tests/tours/patient";

const openApp = () => stepUtils.goToAppSteps("imlr_odoo.imlr_menu_root", "Open the IML app from the apps menu");

registry.category("web_tour.tours").add("imlr_first_screen_dashboard", {
    steps: () => patient([
        ...openApp(),
        {
            content: "The dashboard shows the role's figures",
            trigger: ".o_imlr_dashboard .o_kanban_record:not(.o_kanban_ghost)",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ]),
});

registry.category("web_tour.tours").add("imlr_first_screen_reader", {
    steps: () => patient([
        ...openApp(),
        {
            content: "A reader or funder lands on the annual reports",
            trigger: ".o_list_renderer .o_data_row",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ]),
});
