"""The rents of a sublease: the monthly rent run (rents issue, items 1-2).

Kept apart from ``imlr_sublease.py`` (the registry model) while both change; same model.
"""

import logging
import zlib

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ...tools.cron import in_association_language

_logger = logging.getLogger(__name__)

# first key of pg_try_advisory_xact_lock(int, int); the second is the company id
RENT_RUN_LOCK = zlib.crc32(b"imlr.rent.run") & 0x7FFFFFFF


class ImlrSublease(models.Model):
    _inherit = "imlr.sublease"

    rent_move_ids = fields.One2many(
        comodel_name="account.move", inverse_name="imlr_sublease_id", string="Rent invoices", readonly=True
    )
    rent_move_count = fields.Integer(string="Rent invoices count", compute="_compute_rent_move_count")
    apl_from_entry = fields.Boolean(
        string="APL from the month of entry",
        compute="_compute_apl_from_entry",
        store=True,
        readonly=False,
        precompute=True,
        help="The CAF pays the APL for the month of entry too (the household comes from a structure or from housing "
        "where it already had it, CCH art. R.823-11): set from the stay's situation before entry.",
    )
    # the security deposit in the books: received and returned as payments of the household on the deposits
    # account (165), so that what the association holds is what its accounts say
    deposit_payment_ids = fields.One2many(
        comodel_name="account.payment", inverse_name="imlr_deposit_sublease_id", string="Deposit payments"
    )
    deposit_held = fields.Monetary(
        string="Deposit held",
        compute="_compute_deposit_held",
        help="Received less returned, from the posted deposit payments.",
    )

    @api.depends("stay_id.entry_situation_id")
    def _compute_apl_from_entry(self):
        for sublease in self:
            sublease.apl_from_entry = sublease.stay_id.entry_situation_id.apl_from_entry

    def _compute_rent_move_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("imlr_sublease_id", "in", self.ids)], ["imlr_sublease_id"], ["__count"]
            )
        )
        for sublease in self:
            sublease.rent_move_count = counts.get(sublease, 0)

    def action_open_rent_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_rent_invoice_action")
        action["domain"] = [("imlr_sublease_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # ------------------------------------------------------------------ amounts

    def _rent_amounts(self, period_start):
        """The month's rent and charges, pro rata temporis by days for the entry and exit months (and for a
        rent revision effective within the month), each rounded to the currency, and the APL expected for it:
        {"rent", "charges", "apl", "days", "month_days"}.

        The APL is never pro rata: the housing benefit is due from the first day of the month after the
        entry, and stops on the first day of the month in which the household leaves. So it is expected in
        full for a month the sublease covers entirely, and not at all for the entry and exit months; but in
        full for the month of entry when the household already had it where it came from (``apl_from_entry``)."""
        self.ensure_one()
        amounts = self._rent_month_amounts(period_start)
        whole_month = amounts["days"] == amounts["month_days"]
        month_end = period_start + relativedelta(day=31)
        entry_month = (
            self.apl_from_entry
            and self.date_start >= period_start
            and not (self.date_end and self.date_end < month_end)
        )
        apl = self.apl_expected if whole_month or (entry_month and amounts["days"]) else 0.0
        # the housing benefit never exceeds what the month costs (a short month of entry)
        return {**amounts, "apl": min(apl, self.currency_id.round(amounts["rent"] + amounts["charges"]))}

    def _rent_payment_reference(self, period_start):
        """The reference the household writes on its transfer, e.g. "LOYER H001 2024-03": household
        reference (else its id) and month, readable and the same for every month's invoice of a household."""
        self.ensure_one()
        return f"LOYER {self.household_id.ref or self.household_id.id} {period_start:%Y-%m}"

    # ------------------------------------------------------------------ invoices

    def _prepare_rent_invoice_line_vals(self, period_start, settings, amounts=None):
        """Line vals (plain dicts) of the month's invoice: loyer, provision sur charges (lines at zero left out)."""
        self.ensure_one()
        amounts = amounts or self._rent_amounts(period_start)
        lang = self.household_id.lang or self.company_id._imlr_lang()
        month = format_date(self.env, period_start, lang_code=lang, date_format="MMMM y")
        prorata = (
            self.with_context(lang=lang).env._(" (%(days)s/%(month_days)s days)", **amounts)
            if amounts["days"] != amounts["month_days"]
            else ""
        )
        vals_list = []
        for product, account, amount in (
            (settings["rent_product"], settings["rent_account"], amounts["rent"]),
            (settings["charges_product"], settings["charges_account"], amounts["charges"]),
        ):
            if self.currency_id.is_zero(amount):
                continue
            vals_list.append(
                {
                    "product_id": product.id,
                    "name": f"{product.with_context(lang=lang).name} — {month}{prorata}",
                    "account_id": account.id,
                    "quantity": 1.0,
                    "price_unit": amount,
                    "analytic_distribution": self.dwelling_id._imlr_analytic_distribution(),
                }
            )
        return vals_list

    def _prepare_rent_invoice_vals(self, period_start, settings=None):
        """Vals (a plain dict) of the customer invoice of the month starting on ``period_start``;
        None when there is nothing to bill (rent and charges at zero)."""
        self.ensure_one()
        settings = settings or self.company_id._imlr_rent_settings()
        amounts = self._rent_amounts(period_start)
        line_vals_list = self._prepare_rent_invoice_line_vals(period_start, settings, amounts)
        if not line_vals_list:
            return None
        invoice_date = max(period_start, self.date_start)
        return {
            "move_type": "out_invoice",
            "company_id": self.company_id.id,
            "journal_id": settings["journal"].id,
            "partner_id": self.household_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": invoice_date,
            "invoice_payment_term_id": False,
            "invoice_date_due": max(period_start.replace(day=settings["due_day"]), invoice_date),
            "payment_reference": self._rent_payment_reference(period_start),
            "invoice_origin": self.name,
            "imlr_sublease_id": self.id,
            "imlr_period_start": period_start,
            "imlr_apl_expected": amounts["apl"],
            "invoice_line_ids": [Command.create(vals) for vals in line_vals_list],
        }

    # ------------------------------------------------------------------ corrections

    def write(self, vals):
        res = super().write(vals)
        if {"date_start", "date_end"} & set(vals):
            self._imlr_correct_billed_months(self.env._("dates of the sublease changed"))
        return res

    def _imlr_correct_billed_months(self, reason):
        """Correct every billed month whose amount the sublease's dates no longer give (an exit moved into a
        billed month, a start moved): its invoice reversed, the month billed again for the days covered (or
        not at all). One search for the invoices of all these subleases."""
        invoices = self.env["account.move"].search(
            [
                ("imlr_sublease_id", "in", self.ids),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "!=", "reversed"),
            ]
        )
        for invoice in invoices:
            sublease = invoice.imlr_sublease_id
            amounts = sublease._rent_amounts(invoice.imlr_period_start)
            if invoice.currency_id.compare_amounts(invoice.amount_total, amounts["rent"] + amounts["charges"]):
                sublease._imlr_correct_month(invoice, reason)

    def _imlr_correct_month(self, invoice, reason):
        """Reverse ``invoice`` wholly and bill its month again from the sublease as it is now; returns the
        action showing the credit note and the new invoice (none when nothing is left to bill)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        month = invoice.imlr_period_start
        label = format_date(self.env, month, date_format="MMMM y")
        credit_note = invoice._reverse_moves(
            [
                {
                    "date": today,
                    "invoice_date": today,
                    "ref": self.env._("Correction of %(month)s: %(reason)s", month=label, reason=reason),
                }
            ],
            cancel=True,
        )
        invoice.flush_recordset(["payment_state"])  # "reversed", for the unique key of the month
        vals = self._prepare_rent_invoice_vals(month, self.company_id._imlr_rent_settings())
        new_invoice = self._billing_create_and_post([vals] if vals else [])
        if new_invoice is None:
            raise UserError(self.env._("The month %(month)s was billed meanwhile: reload.", month=label))
        self.env["imlr.rent.ledger"]._apply_open_credits(self.household_id, self.company_id)
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_rent_invoice_action")
        action["domain"] = [("id", "in", (invoice | credit_note | new_invoice).ids)]
        return action

    def action_imlr_correct_month(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "imlr.rent.correction.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_sublease_id": self.id},
        }

    # ------------------------------------------------------------------ the run

    @api.model
    def _rent_subleases_to_bill(self, date):
        """The current company's subleases with a month not billed yet up to the month of ``date``."""
        return self._billing_records_to_bill(date)

    def _rent_periods_due(self, date):
        """[(sublease, first day of a month)] not billed yet, up to the month of ``date`` (since each
        sublease's start, or the company's billing start); one query."""
        due = self._billing_periods_due(date, "imlr_sublease_id", ["out_invoice"])
        return sorted(due, key=lambda item: (item[1], item[0].household_id.name or "", item[0].id))

    @api.model
    def _imlr_rent_run(self, date=None, limit=None):
        """The rent run of the current company: bill every month due up to the month of ``date`` (default
        today); the first ``limit`` invoices only, if given (the wizard's job, a chunk per transaction).
        Returns the invoices created."""
        date = date or fields.Date.context_today(self)
        return self._rent_subleases_to_bill(date)._imlr_bill_rents(date, limit=limit)

    def _imlr_bill_rents(self, date, limit=None):
        """Bill the months of these subleases (of the current company) due up to the month of ``date`` (the
        first ``limit`` of them, oldest month first, if given): one invoice per sublease and month, created and
        posted by chunks (a log line after each). Returns the invoices created.

        Safe to run twice or concurrently: a second run while one is going skips (transaction-level
        advisory lock per company); the unique key (sublease, month) on account_move is the last guard,
        e.g. for a run whose snapshot predates another's commit: it then bills nothing."""
        company = self.env.company
        moves = self.env["account.move"]
        if not self._billing_lock(RENT_RUN_LOCK):
            _logger.info("Rent run of %s skipped: another rent run of this company is going on.", company.name)
            return moves
        due = self.filtered(lambda sublease: sublease.company_id == company)._rent_periods_due(date)
        if limit is not None:
            due = due[:limit]
        if not due:
            return moves
        settings = company._imlr_rent_settings()
        self.browse({sublease.id for sublease, _period in due}).dwelling_id._imlr_ensure_analytic_accounts()
        vals_list = [
            vals for sublease, period in due if (vals := sublease._prepare_rent_invoice_vals(period, settings))
        ]
        _logger.info("Rent run of %s up to %s: %s invoices to create and post", company.name, date, len(vals_list))

        def progress(done, total):
            _logger.info("Rent run of %s up to %s: %s/%s invoices posted", company.name, date, done, total)

        moves = self._billing_create_and_post(vals_list, progress=progress)
        if moves is None:
            _logger.warning("Rent run of %s stopped: another run billed the same months meanwhile.", company.name)
            return self.env["account.move"]
        # advances and APL received before their month's invoice pay the new invoices (imlr.rent.ledger)
        _logger.info(
            "Rent run of %s up to %s: %s invoices posted; applying the open credits of their %s households",
            company.name,
            date,
            len(moves),
            len(moves.partner_id),
        )
        self.env["imlr.rent.ledger"]._apply_open_credits(moves.partner_id, company, date=date)
        _logger.info("Rent run of %s up to %s: done.", company.name, date)
        return moves

    @api.model
    @in_association_language
    def _cron_rent_run(self):
        """Daily: the rent run of every company that has subleases, each on its own (one failing, e.g. for
        want of settings, does not stop the others)."""
        for [company] in self._read_group([("company_id", "!=", False)], ["company_id"]):
            try:
                with self.env.cr.savepoint():
                    self.with_company(company)._imlr_rent_run()
            except UserError as error:
                _logger.warning("Rent run of %s not done: %s", company.name, error)

    # ------------------------------------------------------------------ security deposit
    @api.depends("deposit_payment_ids.state", "deposit_payment_ids.amount", "deposit_payment_ids.payment_type")
    def _compute_deposit_held(self):
        # what the sublease's own deposit field says anyway: readable by whoever reads the sublease (a social worker
        # has no access to payments)
        groups = (
            self.env["account.payment"]
            .sudo()
            ._read_group(
                [("imlr_deposit_sublease_id", "in", self._origin.ids), ("state", "in", ("in_process", "paid"))],
                ["imlr_deposit_sublease_id", "payment_type"],
                ["amount:sum"],
            )
        )
        held = {}
        for sublease, payment_type, amount in groups:
            held[sublease] = held.get(sublease, 0.0) + (amount if payment_type == "inbound" else -amount)
        for sublease in self:
            sublease.deposit_held = held.get(sublease._origin, 0.0)

    def _imlr_deposit_wizard_action(self, purpose, amount):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_rent_payment_wizard_action")
        action["name"] = dict(self.env["imlr.rent.payment.wizard"]._fields["purpose"]._description_selection(self.env))[
            purpose
        ]
        action["context"] = {
            "default_purpose": purpose,
            "default_household_id": self.household_id.id,
            "default_sublease_id": self.id,
            "default_company_id": self.company_id.id,
            "default_amount": amount,
            "default_method": "transfer",
        }
        return action

    def action_imlr_deposit_received(self):
        return self._imlr_deposit_wizard_action("deposit", self.deposit - self.deposit_held)

    def action_imlr_deposit_return(self):
        return self._imlr_deposit_wizard_action("deposit_return", self.deposit_held)
