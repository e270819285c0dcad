"""What subleases (tenant side) and main leases (landlord side) share: the rent history with its IRL
reference, the rent of a month pro rata by days, and the monthly billing run (months due, one batch posted)."""

from dateutil.relativedelta import relativedelta
from psycopg2 import errors

from odoo import Command, api, fields, models
from odoo.tools import SQL, mute_logger

from ...tools import periods

# the moves a billing run creates for a record of each model: (account.move's link field, move types)
BILLING_LINKS = {
    "imlr.sublease": ("imlr_sublease_id", ("out_invoice",)),
    "imlr.lease": ("imlr_lease_id", ("in_invoice",)),
}
# moves created and posted together by a billing run (the default; system parameter imlr_odoo.billing_chunk):
# the run logs a line after each chunk, and the wizard's job commits each; the process's memory stays bounded
BILLING_CHUNK = 250


class ImlrRentMixin(models.AbstractModel):
    """Needs ``date_start``, ``date_end`` (last day covered), ``rent``, ``charges``, ``currency_id``,
    ``company_id`` and ``rent_revision_ids`` (the ``imlr.rent.revision`` rows of the record)."""

    _name = "imlr.rent.mixin"
    _description = "Rented contract (rent history and monthly billing)"

    irl_index_id = fields.Many2one(
        comodel_name="imlr.irl.index",
        string="IRL reference quarter",
        ondelete="restrict",
        tracking=True,
        help="INSEE IRL quarter the rent refers to; the annual revision moves it one year on.",
    )
    irl_reference_value = fields.Float(related="irl_index_id.value", string="IRL reference value")
    rent_revision_count = fields.Integer(string="Rent revisions", compute="_compute_rent_revision_count")

    def _compute_rent_revision_count(self):
        for record in self:
            record.rent_revision_count = len(record.rent_revision_ids)

    # ------------------------------------------------------------------ rent history

    def _rent_at(self, date):
        """The rent in force on ``date``: the new rent of the last revision effective by then, the previous
        rent of the first revision before it, the current rent after the last one (or without history)."""
        self.ensure_one()
        revisions = self.rent_revision_ids.sorted("date_effective")
        if not revisions or date >= revisions[-1].date_effective:
            return self.rent
        rent = revisions[0].previous_rent
        for revision in revisions:
            if revision.date_effective > date:
                break
            rent = revision.new_rent
        return rent

    def _rent_over(self, date_from, date_to, month_days):
        """The rent of the days [date_from, date_to] of one month of ``month_days`` days, each day at the rent
        in force that day (unrounded); a whole month under one rent is that rent exactly."""
        self.ensure_one()
        cuts = sorted(
            revision.date_effective
            for revision in self.rent_revision_ids
            if date_from < revision.date_effective <= date_to
        )
        starts = [date_from, *cuts]
        ends = [cut - relativedelta(days=1) for cut in cuts] + [date_to]
        days = (date_to - date_from).days + 1
        if not cuts:
            rent = self._rent_at(date_from)
            return rent if days == month_days else rent * days / month_days
        segments = zip(starts, ends, strict=True)
        return sum(self._rent_at(low) * ((high - low).days + 1) / month_days for low, high in segments)

    def _rent_month_amounts(self, period_start):
        """The rent and charges of the month starting on ``period_start``, pro rata by days for the first and
        last months and for a revision effective within the month, each rounded to the currency:
        {"rent", "charges", "days", "month_days"}."""
        self.ensure_one()
        month_end = period_start + relativedelta(day=31)
        month_days = month_end.day
        days = periods.covered_days(self.date_start, self.date_end, period_start, month_end)
        if not days:
            return {"rent": 0.0, "charges": 0.0, "days": 0, "month_days": month_days}
        low = max(self.date_start, period_start)
        high = min(self.date_end, month_end) if self.date_end else month_end
        return {
            "rent": self.currency_id.round(self._rent_over(low, high, month_days)),
            "charges": self._prorata(self.charges, days, month_days),
            "days": days,
            "month_days": month_days,
        }

    def _prorata(self, amount, days, month_days):
        """``amount`` for ``days`` of a month of ``month_days`` days, rounded to the currency."""
        return amount if days == month_days else self.currency_id.round((amount or 0.0) * days / month_days)

    def _anniversary_in(self, month_start):
        """The anniversary of the contract's start in the month of ``month_start`` (29 February falls on the
        28th in other years), None in the starting year or before."""
        self.ensure_one()
        if month_start.month != self.date_start.month or month_start.year <= self.date_start.year:
            return None
        return self.date_start + relativedelta(years=month_start.year - self.date_start.year)

    # ------------------------------------------------------------------ billing run

    @api.model
    def _billing_links(self):
        """(field of account.move linking a move to a record of this model, the move types a run creates)."""
        return BILLING_LINKS[self._name]

    def _billing_due_sql(self, date, record_ids=None, links=None):
        """[(record id, first day of a month)] not billed yet, up to the month of ``date``: every month of the
        current company's records since their start (or since the company's billing start, if later) without
        a move of the run's types neither cancelled nor wholly reversed by a credit note (such a month is billed
        again); one query, the unique key's index answering."""
        link_field, move_types = links or self._billing_links()
        company = self.env.company
        first = company.imlr_billing_start.replace(day=1) if company.imlr_billing_start else None
        last_period = date.replace(day=1)
        filters = SQL()
        if record_ids is not None:
            filters = SQL("AND record.id IN %s", tuple(record_ids) or (None,))
        query = SQL(
            """
            SELECT record.id, month::date
              FROM %(table)s record
             CROSS JOIN LATERAL generate_series(
                       date_trunc('month', GREATEST(record.date_start, COALESCE(%(first)s, record.date_start))),
                       date_trunc('month', LEAST(COALESCE(record.date_end, %(last)s), %(last)s)),
                       INTERVAL '1 month') AS month
             WHERE record.company_id = %(company)s
               AND record.date_start <= %(last_day)s
               %(filters)s
               AND NOT EXISTS (
                       SELECT 1 FROM account_move move
                        WHERE move.%(link)s = record.id AND move.imlr_period_start = month::date
                          AND move.move_type IN %(types)s AND move.state != 'cancel'
                          AND move.payment_state IS DISTINCT FROM 'reversed')
             ORDER BY month, record.id
            """,
            table=SQL.identifier(self._table),
            first=first,
            last=last_period,
            last_day=last_period + relativedelta(day=31),
            company=company.id,
            filters=filters,
            link=SQL.identifier(link_field),
            types=tuple(move_types),
        )
        self.env["account.move"].flush_model([link_field, "imlr_period_start", "move_type", "state", "payment_state"])
        self.flush_model(["date_start", "date_end", "company_id"])
        return self.env.execute_query(query)

    @api.model
    def _billing_records_to_bill(self, date):
        """The current company's records (subleases, leases) with a month not billed yet up to the month of
        ``date``: what a run of ``date`` looks at. No month is ever skipped, however old (before the
        company's billing start, none is billed)."""
        return self.browse(dict.fromkeys(record_id for record_id, _month in self._billing_due_sql(date)))

    def _billing_periods_due(self, date, link_field, move_types):
        """[(record, first day of a month)] not billed yet: every month of these records up to the month of
        ``date`` without a move of ``move_types`` (not cancelled) linked by ``link_field``."""
        rows = self._billing_due_sql(date, self.ids, links=(link_field, move_types))
        # the records of one prefetch set: the run reads their rents, revisions and households in one query each
        records = {record.id: record for record in self.browse(dict.fromkeys(record_id for record_id, _month in rows))}
        return [(records[record_id], month) for record_id, month in rows]

    def _first_unbilled_day(self, link_field, move_types):
        """{record: the first day of the first month after its last billed month} (None: nothing billed);
        one grouped query. A rent revision is never effective before it: billed months stay as billed."""
        last_billed = dict(
            self.env["account.move"]._read_group(
                [(link_field, "in", self.ids), ("move_type", "in", move_types), ("state", "!=", "cancel")],
                [link_field],
                ["imlr_period_start:max"],
            )
        )
        return {
            record: (last_billed[record] + relativedelta(months=1)) if last_billed.get(record) else None
            for record in self
        }

    def _billing_lock(self, lock_key):
        """Transaction-level advisory lock (``lock_key``, company): False when another run of the same kind
        for the current company holds it."""
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [lock_key, self.env.company.id])
        return self.env.cr.fetchone()[0]

    def _billing_create_and_post(self, vals_list, progress=None):
        """Create the moves of ``vals_list`` and post them, by chunks of BILLING_CHUNK moves (each chunk created
        in one batch and posted in one ``_post``); on a unique-key violation (another run billed the same months
        meanwhile) create nothing and return None (the caller says so). ``progress(done, total)`` is called
        after each chunk (a log line, the wizard's progress).

        Without the chatter's "created" note, field tracking and follower subscriptions on each move: the
        run's moves are made by the machine, their creation is dated and signed by create_date/create_uid and
        the run is logged; a message per move would cost more than the move itself."""
        moves = self.env["account.move"].with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            imlr_billing_run=True,
        )
        if not vals_list:
            return moves
        vals_list = self._billing_batch_vals(vals_list)
        created = moves
        try:
            # the unique violation is expected when another run won the race: no "bad query" in the server's
            # log (it would print the invoices' names and amounts)
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                size = self._billing_chunk()
                for start in range(0, len(vals_list), size):
                    chunk = moves.create(vals_list[start : start + size])
                    chunk.action_post()
                    created |= chunk
                    if progress:
                        progress(len(created), len(vals_list))
        except errors.UniqueViolation:
            self.env.invalidate_all()
            return None
        return created.with_env(self.env)

    @api.model
    def _billing_chunk(self):
        """How many moves a billing run creates and posts together (system parameter
        ``imlr_odoo.billing_chunk``, default BILLING_CHUNK): also the size of the wizard's steps."""
        value = self.env["ir.config_parameter"].sudo().get_param("imlr_odoo.billing_chunk")
        return max(int(value), 1) if value and value.isdigit() else BILLING_CHUNK

    @api.model
    def _billing_batch_vals(self, vals_list):
        """``vals_list`` with what Odoo would otherwise compute and then write move by move, given at creation:
        each line's balance (lines without taxes, in the company's currency: the amount is price × quantity)
        and, for a French company's sales, the delivery date l10n_fr sets when posting (the invoice date).
        Odoo's own values, so the entries are the same; Odoo then skips a write per line and per move."""
        moves = self.env["account.move"]
        companies = self.env["res.company"].browse({vals["company_id"] for vals in vals_list})
        currencies = {company.id: company.currency_id for company in companies}
        french = {company.id for company in companies if company.account_fiscal_country_id.code == "FR"}
        products = self.env["product.product"].browse(
            {
                command[2]["product_id"]
                for vals in vals_list
                for command in vals["invoice_line_ids"]
                if command[2].get("product_id")
            }
        )
        result = []
        for vals in vals_list:
            currency = currencies[vals["company_id"]]
            if vals.get("currency_id", currency.id) != currency.id:
                result.append(vals)
                continue
            inbound = vals["move_type"] in moves.get_inbound_types(include_receipts=True)
            sign = -1 if inbound else 1  # a sale credits its revenue lines, a purchase debits its expense lines
            lines = []
            for command in vals["invoice_line_ids"]:
                line = command[2]
                if line.get("discount") or self._billing_line_taxed(line, products, inbound, vals["company_id"]):
                    lines.append(command)
                    continue
                amount = currency.round(sign * line["quantity"] * line["price_unit"])
                lines.append(Command.create({**line, "balance": amount, "amount_currency": amount}))
            batch_vals = {**vals, "invoice_line_ids": lines}
            if vals["company_id"] in french and vals["move_type"] in moves.get_sale_types(include_receipts=True):
                batch_vals.setdefault("delivery_date", vals.get("invoice_date"))
            result.append(batch_vals)
        return result

    @api.model
    def _billing_line_taxed(self, line, products, inbound, company_id):
        """Whether the invoice line ``line`` (create vals) bears taxes, or may: its own ``tax_ids`` commands,
        else its product's taxes in the company; a line with neither gets its account's (not looked at)."""
        if "tax_ids" in line:
            return any(
                command[0] == Command.LINK or (command[0] == Command.SET and command[2]) for command in line["tax_ids"]
            )
        if not line.get("product_id"):
            return True
        product = products.browse(line["product_id"])
        taxes = product.taxes_id if inbound else product.supplier_taxes_id
        return bool(taxes.filtered(lambda tax: tax.company_id.id == company_id))
