/** @odoo-module **/
/*
 * Every step of the project's tours waits for its trigger up to the longest wait Odoo allows (60 s) instead of its
 * 10 s default: on a busy machine (two shared cores) the web client may take longer than 10 s to show what a step
 * waits for. A step still goes on as soon as its trigger is there.
 */
export const STEP_TIMEOUT = 60000;

/** The steps, each waiting up to STEP_TIMEOUT unless it says otherwise. */
export function patient(steps) {
    return steps.map((step) => ({ timeout: STEP_TIMEOUT, ...step }));
}
