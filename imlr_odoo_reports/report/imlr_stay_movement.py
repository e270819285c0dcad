"""Entries and exits of stays, one row per event, for pivot and graph analysis (DOMAIN §3)."""

from odoo import fields, models


class ImlrStayMovement(models.Model):
    """A stay's entry (on its entry date) and, once the household has left, its exit (on its exit date).

    Read-only SQL view. ``members`` follows the counting rules: at an entry, the members present that day
    (start <= entry < end); at an exit, the members who had not left before it (start < exit <= end).
    ``months`` is the completed calendar months of the stay at its exit, as ``periods.completed_months``
    counts them (31 Jan → 29 Feb is one month: PostgreSQL's ``age()`` would say 29 days, so the months are
    counted as the largest n with entry + n months <= exit; date + interval clips to the month's end like
    dateutil does).
    """

    _name = "imlr.stay.movement"
    _description = "Entries and exits of stays"
    _auto = False
    _rec_name = "stay_id"
    _order = "date desc, stay_id desc, movement"

    movement = fields.Selection(selection=[("entry", "Entry"), ("exit", "Exit")], readonly=True)
    date = fields.Date(readonly=True)
    stay_id = fields.Many2one(comodel_name="imlr.stay", readonly=True)
    household_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    program_id = fields.Many2one(comodel_name="imlr.program", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    entry_situation_id = fields.Many2one(
        comodel_name="imlr.entry.situation", string="Situation before entry", readonly=True
    )
    exit_destination_id = fields.Many2one(
        comodel_name="imlr.exit.destination", string="Exit destination", readonly=True, help="Exits only."
    )
    is_glissement = fields.Boolean(string="Glissement de bail", readonly=True, help="Exits only.")
    members = fields.Integer(string="Persons", readonly=True, help="Members of the household on the event date.")
    months = fields.Integer(
        string="Months of stay",
        readonly=True,
        aggregator="avg",
        help="Completed calendar months from entry to exit (exits only).",
    )
    movement_count = fields.Integer(string="Households", readonly=True)

    _depends = {
        "imlr.stay": [
            "household_id", "program_id", "company_id", "date_entry", "date_exit",
            "entry_situation_id", "exit_destination_id", "is_glissement",
        ],
        "imlr.household.member": ["household_id", "date_start", "date_end"],
    }  # fmt: skip

    # Row ids: 2 × stay id for the entry, + 1 for the exit: stable from one read to the next.
    _table_query = """
        SELECT stay.id * 2 AS id,
               'entry' AS movement,
               stay.date_entry AS date,
               stay.id AS stay_id,
               stay.household_id,
               stay.program_id,
               stay.company_id,
               stay.entry_situation_id,
               NULL::integer AS exit_destination_id,
               FALSE AS is_glissement,
               (
                   SELECT COUNT(*)
                     FROM imlr_household_member member
                    WHERE member.household_id = stay.household_id
                      AND member.date_start <= stay.date_entry
                      AND (member.date_end IS NULL OR member.date_end > stay.date_entry)
               )::integer AS members,
               NULL::integer AS months,
               1 AS movement_count
          FROM imlr_stay stay
        UNION ALL
        SELECT stay.id * 2 + 1 AS id,
               'exit' AS movement,
               stay.date_exit AS date,
               stay.id AS stay_id,
               stay.household_id,
               stay.program_id,
               stay.company_id,
               stay.entry_situation_id,
               stay.exit_destination_id,
               COALESCE(stay.is_glissement, FALSE) AS is_glissement,
               (
                   SELECT COUNT(*)
                     FROM imlr_household_member member
                    WHERE member.household_id = stay.household_id
                      AND member.date_start < stay.date_exit
                      AND (member.date_end IS NULL OR member.date_end >= stay.date_exit)
               )::integer AS members,
               (
                   span.months
                   - CASE WHEN stay.date_entry + make_interval(months => span.months) > stay.date_exit
                          THEN 1 ELSE 0 END
               )::integer AS months,
               1 AS movement_count
          FROM imlr_stay stay
          CROSS JOIN LATERAL (
              SELECT (
                  (date_part('year', stay.date_exit) - date_part('year', stay.date_entry)) * 12
                  + date_part('month', stay.date_exit) - date_part('month', stay.date_entry)
              )::integer AS months
          ) span
         WHERE stay.date_exit IS NOT NULL
    """
