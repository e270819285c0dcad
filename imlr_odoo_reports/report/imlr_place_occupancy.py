"""Place-days of each place per calendar month, for pivot and graph analysis of occupancy (DOMAIN §3)."""

from odoo import fields, models
from odoo.addons.imlr_odoo.models.housing.imlr_dwelling import TYPOLOGIES


class ImlrPlaceOccupancy(models.Model):
    """One row per place and calendar month in which its dwelling is under a main lease, up to this month.

    Read-only SQL view; leases, blocked periods and subleases are closed intervals (the end date is the last
    day covered, no end = still running), counted to the day inside the month:

    - ``available_days``: under lease and not blocked; ``blocked_days``: under lease and blocked;
    - ``occupied_days``: covered by a sublease; ``vacant_days`` = available − occupied.

    The occupancy rate of any group of rows is sum(occupied_days) / sum(available_days): a pivot cannot
    divide measures and an average of per-row rates would be wrong, so the view gives the place-days only.
    Summed over a period these are the figures of ``imlr.housing.stock.stock()["occupancy"]``.
    """

    _name = "imlr.place.occupancy"
    _description = "Occupancy of places per month"
    _auto = False
    _rec_name = "place_id"
    _order = "month desc, place_id"

    month = fields.Date(readonly=True, help="First day of the month.")
    place_id = fields.Many2one(comodel_name="imlr.place", readonly=True)
    dwelling_id = fields.Many2one(comodel_name="imlr.dwelling", readonly=True)
    sector_id = fields.Many2one(comodel_name="imlr.sector", readonly=True)
    typology = fields.Selection(selection=[*TYPOLOGIES, ("room", "Room")], readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    available_days = fields.Integer(
        string="Available place-days", readonly=True, aggregator="sum", help="Days under lease and not blocked."
    )
    blocked_days = fields.Integer(
        string="Blocked place-days", readonly=True, aggregator="sum", help="Days under lease and blocked."
    )
    occupied_days = fields.Integer(
        string="Occupied place-days", readonly=True, aggregator="sum", help="Days covered by a sublease."
    )
    vacant_days = fields.Integer(
        string="Vacant place-days", readonly=True, aggregator="sum", help="Available days not sub-let."
    )

    _depends = {
        "imlr.lease": ["dwelling_id", "date_start", "date_end"],
        "imlr.place": ["dwelling_id", "sector_id", "typology", "company_id"],
        "imlr.place.block": ["place_id", "date_start", "date_end"],
        "imlr.sublease": ["place_id", "date_start", "date_end"],
    }

    # Months come from each lease, from its start to its end or to the current month, whichever is first;
    # leases of a dwelling never overlap (exclusion constraint), so summing per lease counts each day once.
    # Row id: place id × 100000 + months since year 0 (stable, unique per place and month).
    _table_query = """
        SELECT (place_month.place_id::bigint * 100000
                + date_part('year', place_month.month) * 12 + date_part('month', place_month.month))::bigint AS id,
               place_month.month,
               place.id AS place_id,
               place.dwelling_id,
               place.sector_id,
               place.typology,
               place.company_id,
               (place_month.leased_days - place_month.blocked_days)::integer AS available_days,
               place_month.blocked_days::integer AS blocked_days,
               occupied.days::integer AS occupied_days,
               (place_month.leased_days - place_month.blocked_days - occupied.days)::integer AS vacant_days
          FROM (
                SELECT place.id AS place_id,
                       lease_month.month,
                       lease_month.month_end,
                       SUM(lease_month.last_day - lease_month.first_day + 1) AS leased_days,
                       SUM(COALESCE(blocked.days, 0)) AS blocked_days
                  FROM (
                        SELECT lease.dwelling_id,
                               series.month::date AS month,
                               bounds.month_end,
                               GREATEST(lease.date_start, series.month::date) AS first_day,
                               LEAST(COALESCE(lease.date_end, bounds.month_end), bounds.month_end) AS last_day
                          FROM imlr_lease lease
                         CROSS JOIN LATERAL generate_series(
                               date_trunc('month', lease.date_start::timestamp),
                               LEAST(
                                   date_trunc('month', COALESCE(lease.date_end, CURRENT_DATE)::timestamp),
                                   date_trunc('month', CURRENT_DATE::timestamp)
                               ),
                               interval '1 month'
                         ) AS series(month)
                         CROSS JOIN LATERAL (
                               SELECT (series.month + interval '1 month' - interval '1 day')::date AS month_end
                         ) bounds
                       ) lease_month
                  JOIN imlr_place place ON place.dwelling_id = lease_month.dwelling_id
                  LEFT JOIN LATERAL (
                        SELECT SUM(LEAST(block.date_end, lease_month.last_day)
                                   - GREATEST(block.date_start, lease_month.first_day) + 1) AS days
                          FROM imlr_place_block block
                         WHERE block.place_id = place.id
                           AND block.date_start <= lease_month.last_day
                           AND block.date_end >= lease_month.first_day
                  ) blocked ON TRUE
                 GROUP BY place.id, lease_month.month, lease_month.month_end
               ) place_month
          JOIN imlr_place place ON place.id = place_month.place_id
         CROSS JOIN LATERAL (
               SELECT COALESCE(SUM(LEAST(COALESCE(sublease.date_end, place_month.month_end), place_month.month_end)
                                   - GREATEST(sublease.date_start, place_month.month) + 1), 0) AS days
                 FROM imlr_sublease sublease
                WHERE sublease.place_id = place_month.place_id
                  AND sublease.date_start <= place_month.month_end
                  AND (sublease.date_end IS NULL OR sublease.date_end >= place_month.month)
         ) occupied
    """
