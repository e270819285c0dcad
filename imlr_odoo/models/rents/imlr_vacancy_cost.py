from odoo import fields, models, tools
from odoo.tools import SQL


class ImlrVacancyCost(models.Model):
    """Cost of vacancy per dwelling and month (rents issue, item 8), read from the posted landlord bills.

    The places of a dwelling share its landlord cost equally; a place-day is available when the dwelling is
    under a main lease and the place is not blocked (the occupancy rule of ``imlr.housing.stock``), sub-let when a
    sublease covers it. Vacancy cost = landlord cost × vacant place-days / available place-days (zero when no
    place was available: blocked places are not vacant)."""

    _name = "imlr.vacancy.cost"
    _description = "Cost of vacancy"
    _auto = False
    _order = "month desc, dwelling_id"
    _rec_name = "dwelling_id"

    dwelling_id = fields.Many2one(comodel_name="imlr.dwelling", readonly=True)
    sector_id = fields.Many2one(comodel_name="imlr.sector", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    month = fields.Date(readonly=True)
    landlord_cost = fields.Monetary(
        string="Landlord cost",
        readonly=True,
        help="Rent and charges billed by the landlord for the month, credit notes deducted.",
    )
    available_place_days = fields.Integer(string="Available place-days", readonly=True)
    sublet_place_days = fields.Integer(string="Sub-let place-days", readonly=True)
    vacant_place_days = fields.Integer(string="Vacant place-days", readonly=True)
    blocked_place_days = fields.Integer(string="Blocked place-days", readonly=True)
    vacancy_cost = fields.Monetary(string="Vacancy cost", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %(table)s AS (
    WITH bills AS (
        SELECT MIN(m.id) AS id, l.dwelling_id, m.imlr_period_start AS month, m.company_id, m.currency_id,
               SUM(CASE WHEN m.move_type = 'in_refund' THEN -m.amount_untaxed ELSE m.amount_untaxed END)
                   AS landlord_cost
          FROM account_move m
          JOIN imlr_lease l ON l.id = m.imlr_lease_id
         WHERE m.state = 'posted' AND m.move_type IN ('in_invoice', 'in_refund')
      GROUP BY l.dwelling_id, m.imlr_period_start, m.company_id, m.currency_id
    ),
    place_days AS (
        SELECT b.id,
               COALESCE((SELECT SUM(upper(r) - lower(r)) FROM (
                   SELECT daterange(l.date_start, l.date_end, '[]') * mr.r AS r
                     FROM imlr_lease l WHERE l.dwelling_id = b.dwelling_id) leased
                 WHERE NOT isempty(r)), 0) AS leased_days,
               COALESCE((SELECT SUM(upper(r) - lower(r)) FROM (
                   SELECT daterange(bl.date_start, bl.date_end, '[]') * daterange(l.date_start, l.date_end, '[]')
                          * mr.r AS r
                     FROM imlr_place_block bl
                     JOIN imlr_lease l ON l.dwelling_id = b.dwelling_id
                    WHERE bl.place_id = p.id) blocked
                 WHERE NOT isempty(r)), 0) AS blocked_days,
               COALESCE((SELECT SUM(upper(r) - lower(r)) FROM (
                   SELECT daterange(s.date_start, s.date_end, '[]') * mr.r AS r
                     FROM imlr_sublease s WHERE s.place_id = p.id) sublet
                 WHERE NOT isempty(r)), 0) AS sublet_days
          FROM bills b
          JOIN imlr_place p ON p.dwelling_id = b.dwelling_id
          CROSS JOIN LATERAL (SELECT daterange(b.month, (b.month + interval '1 month')::date) AS r) mr
    ),
    totals AS (
        SELECT id, SUM(leased_days - blocked_days)::integer AS available, SUM(sublet_days)::integer AS sublet,
               SUM(blocked_days)::integer AS blocked
          FROM place_days GROUP BY id
    )
    SELECT b.id, b.dwelling_id, dw.sector_id, b.company_id, b.currency_id, b.month, b.landlord_cost,
           COALESCE(t.available, 0) AS available_place_days,
           COALESCE(t.sublet, 0) AS sublet_place_days,
           GREATEST(COALESCE(t.available, 0) - COALESCE(t.sublet, 0), 0) AS vacant_place_days,
           COALESCE(t.blocked, 0) AS blocked_place_days,
           CASE WHEN COALESCE(t.available, 0) > 0
                THEN ROUND(b.landlord_cost * GREATEST(t.available - t.sublet, 0) / t.available, 2)
                ELSE 0 END AS vacancy_cost
      FROM bills b
      JOIN imlr_dwelling dw ON dw.id = b.dwelling_id
      LEFT JOIN totals t ON t.id = b.id
)""",
                table=SQL.identifier(self._table),
            )
        )
