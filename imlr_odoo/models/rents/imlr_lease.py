"""The landlord side of a main lease (rents issue, item 8): one posted vendor bill per lease and month, so the
cost of each dwelling, and of its vacancy, is known per period. Same run as the tenant rents
(``rents/imlr_sublease.py``), through the shared ``imlr.rent.mixin``."""

import logging
import zlib

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ...tools.cron import in_association_language

_logger = logging.getLogger(__name__)

# first key of pg_try_advisory_xact_lock(int, int); the second is the company id
LANDLORD_RUN_LOCK = zlib.crc32(b"imlr.landlord.bill.run") & 0x7FFFFFFF
LANDLORD_BILL_TYPES = ["in_invoice"]


class ImlrLease(models.Model):
    _name = "imlr.lease"
    _inherit = ["imlr.lease", "imlr.rent.mixin"]

    rent_revision_ids = fields.One2many(
        comodel_name="imlr.rent.revision", inverse_name="lease_id", string="Rent history", readonly=True
    )
    bill_move_ids = fields.One2many(
        comodel_name="account.move", inverse_name="imlr_lease_id", string="Landlord bills", readonly=True
    )
    bill_move_count = fields.Integer(string="Landlord bills count", compute="_compute_bill_move_count")

    def _compute_bill_move_count(self):
        counts = dict(
            self.env["account.move"]._read_group([("imlr_lease_id", "in", self.ids)], ["imlr_lease_id"], ["__count"])
        )
        for lease in self:
            lease.bill_move_count = counts.get(lease, 0)

    def action_open_bill_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_landlord_bill_action")
        action["domain"] = [("imlr_lease_id", "=", self.id)]
        return action

    def action_bill_landlord(self):
        """Bill the months of this lease due up to today (the button of the lease form)."""
        self.ensure_one()
        moves = self.with_company(self.company_id)._imlr_bill_landlord(fields.Date.context_today(self))
        return moves._imlr_landlord_bills_action(self.env._("No landlord bill created: nothing left to bill."))

    # ------------------------------------------------------------------ bills

    def _prepare_landlord_bill_vals(self, period_start, settings):
        """Vals (a plain dict) of the vendor bill of the month starting on ``period_start``: loyer and charges,
        pro rata by days; None when there is nothing to bill."""
        self.ensure_one()
        amounts = self._rent_month_amounts(period_start)
        lang = self.landlord_id.lang or self.company_id._imlr_lang()
        env = self.with_context(lang=lang).env
        month = format_date(self.env, period_start, lang_code=lang, date_format="MMMM y")
        prorata = (
            env._(" (%(days)s/%(month_days)s days)", **amounts) if amounts["days"] != amounts["month_days"] else ""
        )
        lines = [
            Command.create(
                {
                    "name": f"{label} — {self.dwelling_id.name} — {month}{prorata}",
                    "account_id": account.id,
                    "quantity": 1.0,
                    "price_unit": amount,
                    "tax_ids": [Command.clear()],
                    "analytic_distribution": self.dwelling_id._imlr_analytic_distribution(),
                }
            )
            for label, account, amount in (
                (env._("Landlord rent"), settings["rent_account"], amounts["rent"]),
                (env._("Landlord charges"), settings["charges_account"], amounts["charges"]),
            )
            if not self.currency_id.is_zero(amount)
        ]
        if not lines:
            return None
        invoice_date = max(period_start, self.date_start)
        return {
            "move_type": "in_invoice",
            "company_id": self.company_id.id,
            "journal_id": settings["journal"].id,
            "partner_id": self.landlord_id.id,
            "currency_id": self.currency_id.id,
            "invoice_date": invoice_date,
            "invoice_payment_term_id": False,
            "invoice_date_due": invoice_date,
            "invoice_origin": self.name,
            # the lease and the month: what the landlord's own receipt refers to, and no two bills share it
            "ref": env._("Lease %(lease)s — %(month)s", lease=self.name, month=month),
            "imlr_lease_id": self.id,
            "imlr_period_start": period_start,
            "invoice_line_ids": lines,
        }

    # ------------------------------------------------------------------ the run

    @api.model
    def _leases_to_bill(self, date):
        """The current company's main leases that cover a day of the months the run of ``date`` looks at."""
        return self._billing_records_to_bill(date)

    def _landlord_periods_due(self, date):
        """[(lease, first day of a month)] not billed yet, up to the month of ``date``."""
        due = self._billing_periods_due(date, "imlr_lease_id", LANDLORD_BILL_TYPES)
        return sorted(due, key=lambda item: (item[1], item[0].dwelling_id.name or "", item[0].id))

    @api.model
    def _imlr_landlord_bill_run(self, date=None):
        """The landlord run of the current company: bill every month due up to the month of ``date`` (default
        today). Returns the vendor bills created."""
        date = date or fields.Date.context_today(self)
        return self._leases_to_bill(date)._imlr_bill_landlord(date)

    def _imlr_bill_landlord(self, date):
        """Bill the months of these leases (of the current company) due up to the month of ``date``: one
        vendor bill per lease and month, created in one batch and posted. Returns the bills created.

        Safe to run twice or concurrently, as the rent run: advisory lock per company, then the unique key
        (lease, month) on account_move. A lease without landlord stops the run before anything is written."""
        company = self.env.company
        moves = self.env["account.move"]
        if not self._billing_lock(LANDLORD_RUN_LOCK):
            _logger.info("Landlord run of %s skipped: another landlord run of this company is going on.", company.name)
            return moves
        due = self.filtered(lambda lease: lease.company_id == company)._landlord_periods_due(date)
        if not due:
            return moves
        orphans = {lease for lease, _period in due if not lease.landlord_id}
        if orphans:
            raise UserError(
                self.env._(
                    "These main leases have no landlord, their bills cannot be made: %(leases)s.",
                    leases=", ".join(sorted(lease.display_name for lease in orphans)),
                )
            )
        settings = company._imlr_landlord_settings()
        self.browse({lease.id for lease, _period in due}).dwelling_id._imlr_ensure_analytic_accounts()
        vals_list = [vals for lease, period in due if (vals := lease._prepare_landlord_bill_vals(period, settings))]
        moves = self._billing_create_and_post(vals_list)
        if moves is None:
            _logger.warning("Landlord run of %s stopped: another run billed the same months meanwhile.", company.name)
            return self.env["account.move"]
        _logger.info("Landlord run of %s up to %s: %s vendor bills posted.", company.name, date, len(moves))
        return moves

    @api.model
    @in_association_language
    def _cron_landlord_bill_run(self):
        """Daily: the landlord run of every company that has main leases, each on its own."""
        for [company] in self._read_group([("company_id", "!=", False)], ["company_id"]):
            try:
                with self.env.cr.savepoint():
                    self.with_company(company)._imlr_landlord_bill_run()
            except UserError as error:
                _logger.warning("Landlord run of %s not done: %s", company.name, error)
