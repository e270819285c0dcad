from odoo import api, fields, models
from odoo.tools import SQL

# (field, first day late, last day late or None): days late = date − due date; a line due today is not late
ARREARS_BUCKETS = (
    ("arrears_0_30", 1, 30),
    ("arrears_31_60", 31, 60),
    ("arrears_61_90", 61, 90),
    ("arrears_over_90", 91, None),
)


class ImlrHouseholdArrears(models.Model):
    """Balance, aged arrears and the impayé rule of each household, at a date (a read-only SQL view).

    The figures come from the household's posted receivable lines dated up to the date, whatever their
    reconciliation, with the rule of imputation of payments (Code civil art. 1342-10, the way the rent
    payments are reconciled): every credit (payment, APL, credit note) pays the debits oldest due date first.
    So the figures at a past date are those of that date, and at today they equal the open lines.

    - balance: what the household owes (negative: a credit in its favour);
    - overdue: the part of it due before the date, split by days late into 0–30 (1 to 30 days late), 31–60,
      61–90 and over 90 days;
    - the impayé rule (tiers payant: the sublease in force at the date expects APL): the monthly reste à
      charge is rent + charges − APL of that sublease; the household is "impayé à signaler à la CAF" when
      its overdue debt is at least twice that. With tiers payant, the APL part of a rent invoice (as expected
      when it was billed) is the CAF's to pay: it falls due only at the end of the month after the rent
      month, so the APL the CAF pays at the beginning of the next month is never counted as the household's.
      The date the impayé arose is the first day since which the
      overdue debt has stayed at or above the threshold (rebuilt day by day from the dated lines: a debit
      becomes overdue the day after its due date, a credit counts from its date); the CAF must be told
      within 2 months of that date: the deadline.

    Computed at the context's ``date`` (default today) each time it is read: nothing goes stale.
    """

    _name = "imlr.household.arrears"
    _description = "Household arrears"
    _auto = False
    _order = "overdue desc, household_id"
    _rec_name = "household_id"
    _depends = {
        "account.move.line": [
            "partner_id",
            "company_id",
            "date",
            "date_maturity",
            "balance",
            "parent_state",
            "account_id",
        ],
        "account.move": ["move_type", "imlr_apl_expected", "imlr_period_start"],
        "account.account": ["account_type"],
        "res.partner": ["is_household"],
        "imlr.sublease": [
            "household_id",
            "company_id",
            "stay_id",
            "dwelling_id",
            "date_start",
            "date_end",
            "rent",
            "charges",
            "apl_expected",
        ],
        "imlr.stay": ["social_worker_id"],
        "imlr.dwelling": ["sector_id"],
    }

    household_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    sublease_id = fields.Many2one(
        comodel_name="imlr.sublease", readonly=True, help="The sublease in force, else the last one."
    )
    sector_id = fields.Many2one(comodel_name="imlr.sector", readonly=True)
    social_worker_id = fields.Many2one(comodel_name="res.users", string="Referent social worker", readonly=True)
    balance = fields.Monetary(readonly=True)
    overdue = fields.Monetary(readonly=True)
    arrears_0_30 = fields.Monetary(string="0–30 days", readonly=True)
    arrears_31_60 = fields.Monetary(string="31–60 days", readonly=True)
    arrears_61_90 = fields.Monetary(string="61–90 days", readonly=True)
    arrears_over_90 = fields.Monetary(string="> 90 days", readonly=True)
    monthly_share = fields.Monetary(
        string="Monthly reste à charge",
        readonly=True,
        help="Rent + charges − APL of the sublease in force, with tiers payant only.",
    )
    impaye_threshold = fields.Monetary(string="Impayé threshold", readonly=True)
    is_impaye = fields.Boolean(string="Impayé to report to the CAF", readonly=True)
    impaye_date = fields.Date(string="Impayé since", readonly=True)
    impaye_deadline = fields.Date(string="Report to the CAF by", readonly=True)

    @property
    def _table_query(self):
        return self._arrears_sql(self.env["res.partner"]._imlr_today())

    @api.model
    @api.model
    def _overdue_at(self, date, households, companies):
        """{(household id, company id): overdue debt at ``date``}, in one query (flushes what it reads)."""
        for model, fnames in self._depends.items():
            self.env[model].flush_model(fnames)
        query = self._arrears_sql(date, household_ids=households.ids, company_ids=companies.ids)
        return {(row["household_id"], row["company_id"]): row["overdue"] for row in self.env.execute_query_dict(query)}

    def _arrears_sql(self, date, household_ids=None, company_ids=None):
        """The SQL of the arrears at ``date``: one row per household and company with receivable lines;
        ``household_ids``/``company_ids`` narrow it (the household form reads its own rows)."""
        filters = SQL()
        if household_ids is not None:
            filters = SQL("%s AND aml.partner_id IN %s", filters, tuple(household_ids) or (None,))
        if company_ids is not None:
            filters = SQL("%s AND aml.company_id IN %s", filters, tuple(company_ids) or (None,))
        buckets = SQL(", ").join(
            SQL(
                "COALESCE(SUM(remaining) FILTER (WHERE %(date)s - due BETWEEN %(low)s AND %(high)s), 0) AS %(name)s",
                date=date,
                low=low,
                high=high or 2**31 - 1,
                name=SQL.identifier(name),
            )
            for name, low, high in ARREARS_BUCKETS
        )
        return SQL(
            """
            WITH receivable AS (
                SELECT aml.id, aml.partner_id AS household_id, aml.company_id, aml.date, aml.balance,
                       COALESCE(aml.date_maturity, aml.date) AS due, move.imlr_period_start,
                       CASE WHEN move.move_type = 'out_invoice' AND aml.balance > 0
                            THEN LEAST(COALESCE(move.imlr_apl_expected, 0), aml.balance) ELSE 0 END AS apl,
                       move.imlr_caf_statement_id IS NOT NULL AND aml.balance < 0 AS from_caf
                  FROM account_move_line aml
                  JOIN account_move move ON move.id = aml.move_id
                  JOIN res_partner household ON household.id = aml.partner_id AND household.is_household
                  JOIN account_account account ON account.id = aml.account_id
                 WHERE aml.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND aml.date <= %(date)s
                   %(filters)s
            ),
            -- With tiers payant a rent invoice holds two debts, each paid by its own payer ("stream"): the
            -- household's share ('h'), due on the due date and paid by the household, and the APL ('c'), paid
            -- by the CAF's statements, due at the end of the month after the rent month. APL the CAF pays
            -- early never hides the household's own debt; APL it does not pay in time becomes overdue.
            lines AS (
                SELECT 2 * id AS id, household_id, company_id, date, balance - apl AS balance, due,
                       CASE WHEN from_caf THEN 'c' ELSE 'h' END AS stream
                  FROM receivable
                 UNION ALL
                SELECT 2 * id + 1, household_id, company_id, date, apl,
                       (imlr_period_start + INTERVAL '2 months' - INTERVAL '1 day')::date, 'c'
                  FROM receivable
                 WHERE apl > 0
            ),
            totals AS (
                SELECT household_id, company_id, MIN(id) AS id, SUM(balance) AS balance
                  FROM lines
                 GROUP BY household_id, company_id
            ),
            paid AS (
                SELECT household_id, company_id, stream, COALESCE(-SUM(balance) FILTER (WHERE balance < 0), 0) AS paid
                  FROM lines
                 GROUP BY household_id, company_id, stream
            ),
            -- what is left of each debit once the credits of its stream have paid the oldest due first
            debits AS (
                SELECT lines.household_id, lines.company_id, lines.due,
                       GREATEST(0, LEAST(lines.balance, SUM(lines.balance) OVER (
                           PARTITION BY lines.household_id, lines.company_id, lines.stream
                           ORDER BY lines.due, lines.id
                       ) - paid.paid)) AS remaining
                  FROM lines
                  JOIN paid USING (household_id, company_id, stream)
                 WHERE lines.balance > 0
            ),
            aged AS (
                SELECT household_id, company_id,
                       COALESCE(SUM(remaining) FILTER (WHERE due < %(date)s), 0) AS overdue,
                       %(buckets)s
                  FROM debits
                 GROUP BY household_id, company_id
            ),
            -- the overdue debt of each stream after each day it changed (a debit is overdue the day after its
            -- due date), then of the household: the sum of what each stream has overdue (an advance on one
            -- stream does not pay the other)
            stream_events AS (
                SELECT household_id, company_id, stream, day, SUM(delta) AS delta
                  FROM (
                        SELECT household_id, company_id, stream, due + 1 AS day, balance AS delta
                          FROM lines WHERE balance > 0 AND due < %(date)s
                         UNION ALL
                        SELECT household_id, company_id, stream, date AS day, balance AS delta
                          FROM lines WHERE balance < 0
                       ) AS events
                 GROUP BY household_id, company_id, stream, day
            ),
            stream_debt AS (
                SELECT household_id, company_id, stream, day,
                       SUM(delta) OVER (PARTITION BY household_id, company_id, stream ORDER BY day) AS debt,
                       LEAD(day) OVER (PARTITION BY household_id, company_id, stream ORDER BY day) AS next_day
                  FROM stream_events
            ),
            running AS (
                SELECT days.household_id, days.company_id, days.day, SUM(GREATEST(stream_debt.debt, 0)) AS debt
                  FROM (SELECT DISTINCT household_id, company_id, day FROM stream_events) AS days
                  JOIN stream_debt ON stream_debt.household_id = days.household_id
                                  AND stream_debt.company_id = days.company_id
                                  AND stream_debt.day <= days.day
                                  AND (stream_debt.next_day IS NULL OR stream_debt.next_day > days.day)
                 GROUP BY days.household_id, days.company_id, days.day
            ),
            -- the sublease in force at the date, else the last one; reste à charge with tiers payant only
            sublease AS (
                SELECT DISTINCT ON (sublease.household_id, sublease.company_id)
                       sublease.household_id, sublease.company_id, sublease.id AS sublease_id,
                       dwelling.sector_id, stay.social_worker_id,
                       CASE WHEN COALESCE(sublease.apl_expected, 0) > 0
                                 AND (sublease.date_end IS NULL OR sublease.date_end >= %(date)s)
                            THEN sublease.rent + COALESCE(sublease.charges, 0) - sublease.apl_expected
                       END AS monthly_share
                  FROM imlr_sublease sublease
                  JOIN imlr_stay stay ON stay.id = sublease.stay_id
                  LEFT JOIN imlr_dwelling dwelling ON dwelling.id = sublease.dwelling_id
                 WHERE sublease.date_start <= %(date)s
                   AND sublease.household_id IN (SELECT household_id FROM totals)
                 ORDER BY sublease.household_id, sublease.company_id, sublease.date_start DESC, sublease.id DESC
            ),
            -- the last day the debt was under the threshold: the impayé arose on the next change after it
            impaye AS (
                SELECT household_id, company_id,
                       MIN(day) FILTER (WHERE last_below IS NULL OR day > last_below) AS impaye_date
                  FROM (
                        SELECT running.household_id, running.company_id, running.day,
                               MAX(running.day) FILTER (WHERE running.debt < 2 * sublease.monthly_share) OVER (
                                   PARTITION BY running.household_id, running.company_id
                               ) AS last_below
                          FROM running
                          JOIN sublease USING (household_id, company_id)
                         WHERE sublease.monthly_share > 0
                       ) AS days
                 GROUP BY household_id, company_id
            )
            SELECT totals.id, totals.household_id, totals.company_id, company.currency_id,
                   sublease.sublease_id, sublease.sector_id, sublease.social_worker_id,
                   totals.balance, COALESCE(aged.overdue, 0) AS overdue,
                   COALESCE(aged.arrears_0_30, 0) AS arrears_0_30,
                   COALESCE(aged.arrears_31_60, 0) AS arrears_31_60,
                   COALESCE(aged.arrears_61_90, 0) AS arrears_61_90,
                   COALESCE(aged.arrears_over_90, 0) AS arrears_over_90,
                   CASE WHEN sublease.monthly_share > 0 THEN sublease.monthly_share END AS monthly_share,
                   CASE WHEN sublease.monthly_share > 0 THEN 2 * sublease.monthly_share END AS impaye_threshold,
                   impaye.impaye_date IS NOT NULL AS is_impaye,
                   impaye.impaye_date,
                   (impaye.impaye_date + INTERVAL '2 months')::date AS impaye_deadline
              FROM totals
              JOIN res_company company ON company.id = totals.company_id
              LEFT JOIN aged USING (household_id, company_id)
              LEFT JOIN sublease USING (household_id, company_id)
              LEFT JOIN impaye USING (household_id, company_id)
            """,
            date=date,
            filters=filters,
            buckets=buckets,
        )
