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

    Read from the rent ledger's open items and nothing else: the household's posted receivable items dated up
    to the date, less what was reconciled with them by then (partials whose two items are dated up to the
    date). So at today the figures are Odoo's open items, and at a past date those of that date.

    - balance: what the household owes (negative: an advance in its favour), the sum of its open items;
    - overdue: the open debit items due before the date, split by days late into 0–30 (1 to 30 days late),
      31–60, 61–90 and over 90 days; also by part, the household's share and the CAF's (an APL the CAF has
      not paid by the end of the following month: the household owes it then). An open credit (an advance
      not yet applied) is set against the oldest items, so that overdue ≤ balance whenever the household
      owes, and the buckets always add up to the overdue amount;
    - the impayé rule (tiers payant: the sublease in force at the date expects APL): the monthly reste à
      charge is rent + charges − APL of that sublease; the household is "impayé à signaler à la CAF" when its
      overdue debt is at least the company's impayé factor times that (2, the CAF's rule). It arose the day
      after the due date of the open item with which the overdue items, oldest first, reached the threshold;
      the CAF must be told within the company's impayé delay (2 months) of that date: the deadline.

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
            "imlr_rent_part",
        ],
        "account.partial.reconcile": ["debit_move_id", "credit_move_id", "amount", "max_date"],
        "account.account": ["account_type"],
        "res.partner": ["is_household"],
        "res.company": ["imlr_impaye_factor", "imlr_impaye_delay_months"],
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
    overdue_household = fields.Monetary(string="Overdue household share", readonly=True)
    overdue_caf = fields.Monetary(
        string="Overdue APL", readonly=True, help="APL the CAF has not paid by the end of the following month."
    )
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
    def _flush_sources(self):
        for model, fnames in self._depends.items():
            self.env[model].flush_model(fnames)

    @api.model
    def _overdue_at(self, date, households, companies):
        """{(household id, company id): overdue debt at ``date``}, in one query (flushes what it reads)."""
        self._flush_sources()
        query = self._arrears_sql(date, household_ids=households.ids, company_ids=companies.ids)
        return {(row["household_id"], row["company_id"]): row["overdue"] for row in self.env.execute_query_dict(query)}

    @api.model
    def _overdue_items(self, date, household, company):
        """[{"line_id", "due", "part", "amount"}]: the household's open items overdue at ``date`` and what is
        left of each (after the open credits), oldest first: what a repayment plan made then covers."""
        self._flush_sources()
        query = self._open_items_sql(date, household_ids=household.ids, company_ids=company.ids)
        rows = self.env.execute_query_dict(
            SQL(
                "SELECT id AS line_id, due, part, remaining AS amount FROM (%s) AS items "
                "WHERE remaining > 0 AND due < %s ORDER BY due, id",
                query,
                date,
            )
        )
        return rows

    def _open_items_sql(self, date, household_ids=None, company_ids=None):
        """The SQL of the households' open receivable items at ``date``: one row per item with its due date,
        part (household, caf; none for a credit), residual at the date and ``remaining``, what is left of a
        debit once the open credits are set against the oldest debits (0 for the credits)."""
        filters = SQL()
        if household_ids is not None:
            filters = SQL("%s AND aml.partner_id IN %s", filters, tuple(household_ids) or (None,))
        if company_ids is not None:
            filters = SQL("%s AND aml.company_id IN %s", filters, tuple(company_ids) or (None,))
        return SQL(
            """
            WITH receivable AS (
                SELECT aml.id, aml.partner_id AS household_id, aml.company_id, aml.balance,
                       COALESCE(aml.date_maturity, aml.date) AS due,
                       CASE WHEN aml.balance > 0 THEN COALESCE(aml.imlr_rent_part, 'household') END AS part
                  FROM account_move_line aml
                  JOIN res_partner household ON household.id = aml.partner_id AND household.is_household
                  JOIN account_account account ON account.id = aml.account_id
                 WHERE aml.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND aml.date <= %(date)s
                   %(filters)s
            ),
            matched AS (
                SELECT partial.debit_move_id AS id, partial.amount
                  FROM account_partial_reconcile partial
                 WHERE partial.max_date <= %(date)s AND partial.debit_move_id IN (SELECT id FROM receivable)
                 UNION ALL
                SELECT partial.credit_move_id, partial.amount
                  FROM account_partial_reconcile partial
                 WHERE partial.max_date <= %(date)s AND partial.credit_move_id IN (SELECT id FROM receivable)
            ),
            items AS (
                SELECT receivable.*,
                       receivable.balance - SIGN(receivable.balance) * COALESCE(SUM(matched.amount), 0) AS residual
                  FROM receivable
                  LEFT JOIN matched USING (id)
                 GROUP BY receivable.id, receivable.household_id, receivable.company_id, receivable.balance,
                          receivable.due, receivable.part
                HAVING receivable.balance - SIGN(receivable.balance) * COALESCE(SUM(matched.amount), 0) != 0
            ),
            open_credit AS (
                SELECT household_id, company_id, -SUM(residual) AS amount
                  FROM items WHERE residual < 0 GROUP BY household_id, company_id
            )
            SELECT items.*,
                   CASE WHEN items.residual > 0 THEN GREATEST(0, LEAST(items.residual, SUM(items.residual)
                            FILTER (WHERE items.residual > 0) OVER (
                                PARTITION BY items.household_id, items.company_id
                                ORDER BY items.residual > 0 DESC, items.due, items.id
                            ) - COALESCE(open_credit.amount, 0)))
                        ELSE 0 END AS remaining
              FROM items
              LEFT JOIN open_credit USING (household_id, company_id)
            """,
            date=date,
            filters=filters,
        )

    def _arrears_sql(self, date, household_ids=None, company_ids=None):
        """The SQL of the arrears at ``date``: one row per household and company with open items;
        ``household_ids``/``company_ids`` narrow it (the household form reads its own rows)."""
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
            WITH items AS (%(items)s),
            totals AS (
                SELECT household_id, company_id, MIN(id) AS id, SUM(residual) AS balance,
                       COALESCE(SUM(remaining) FILTER (WHERE due < %(date)s), 0) AS overdue,
                       COALESCE(SUM(remaining) FILTER (WHERE due < %(date)s AND part = 'household'), 0)
                           AS overdue_household,
                       COALESCE(SUM(remaining) FILTER (WHERE due < %(date)s AND part = 'caf'), 0) AS overdue_caf,
                       %(buckets)s
                  FROM items
                 GROUP BY household_id, company_id
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
            -- the overdue items, oldest first, reach the threshold with the first item whose running total
            -- does: the impayé arose the day after its due date
            impaye AS (
                SELECT DISTINCT ON (household_id, company_id) household_id, company_id, due + 1 AS impaye_date
                  FROM (
                        SELECT items.household_id, items.company_id, items.due, items.id,
                               company.imlr_impaye_factor * sublease.monthly_share AS threshold,
                               SUM(items.remaining) OVER (
                                   PARTITION BY items.household_id, items.company_id ORDER BY items.due, items.id
                               ) AS running
                          FROM items
                          JOIN sublease USING (household_id, company_id)
                          JOIN res_company company ON company.id = items.company_id
                         WHERE items.remaining > 0 AND items.due < %(date)s AND sublease.monthly_share > 0
                       ) AS overdue_items
                 WHERE running >= threshold
                 ORDER BY household_id, company_id, due, id
            )
            SELECT totals.id, totals.household_id, totals.company_id, company.currency_id,
                   sublease.sublease_id, sublease.sector_id, sublease.social_worker_id,
                   totals.balance, totals.overdue, totals.overdue_household, totals.overdue_caf,
                   totals.arrears_0_30, totals.arrears_31_60, totals.arrears_61_90, totals.arrears_over_90,
                   CASE WHEN sublease.monthly_share > 0 THEN sublease.monthly_share END AS monthly_share,
                   CASE WHEN sublease.monthly_share > 0
                        THEN company.imlr_impaye_factor * sublease.monthly_share END AS impaye_threshold,
                   impaye.impaye_date IS NOT NULL AS is_impaye,
                   impaye.impaye_date,
                   (impaye.impaye_date + make_interval(months => company.imlr_impaye_delay_months))::date
                       AS impaye_deadline
              FROM totals
              JOIN res_company company ON company.id = totals.company_id
              LEFT JOIN sublease USING (household_id, company_id)
              LEFT JOIN impaye USING (household_id, company_id)
            """,
            items=self._open_items_sql(date, household_ids, company_ids),
            date=date,
            buckets=buckets,
        )
