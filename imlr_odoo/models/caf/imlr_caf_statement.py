"""The CAF's monthly APL statement (bordereau, tiers payant): rents issue, item 3.

The CAF pays the households' APL to the association and sends a statement: a line per household and month
covered, regular payments, rappels (positive, a past month topped up) and indus (negative, taken back).
Posting it makes ONE journal entry: the CAF owes the total (one debit line, so its bank transfer matches it
in one line), each household's receivable is credited with the APL of each month (an indus is a debit: the
household owes it back), and imlr.rent.ledger matches each month's APL with that month's rent invoice.
"""

import logging
import re

from psycopg2 import errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

from ...tools import periods

_logger = logging.getLogger(__name__)


class ImlrCafStatement(models.Model):
    _name = "imlr.caf.statement"
    _inherit = ["mail.thread"]
    _description = "CAF APL statement"
    _order = "date_month desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    caf_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="CAF",
        required=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env.company._imlr_rent_settings(required=())["caf_partner"],
    )
    journal_id = fields.Many2one(
        comodel_name="account.journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'general')]",
        default=lambda self: self._default_journal(),
    )
    date_month = fields.Date(
        string="Statement month",
        required=True,
        tracking=True,
        help="The month of the statement (its first day): the month the regular lines cover.",
    )
    date_payment = fields.Date(
        string="Payment date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Date of the CAF's transfer announced by the statement; the accounting date of the entry.",
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("posted", "Posted")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    line_ids = fields.One2many(comodel_name="imlr.caf.statement.line", inverse_name="statement_id", string="Lines")
    move_id = fields.Many2one(
        comodel_name="account.move", string="Journal entry", readonly=True, copy=False, ondelete="restrict"
    )
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amount_total", store=True, help="What the CAF pays: the lines not excluded."
    )
    line_count = fields.Integer(compute="_compute_counts")
    mismatch_count = fields.Integer(string="Mismatches", compute="_compute_counts")
    undecided_count = fields.Integer(
        string="Mismatches to decide", compute="_compute_counts", help="Mismatched lines neither accepted nor excluded."
    )

    _sql_constraints = [
        (
            "date_month_first_day",
            "CHECK (EXTRACT(DAY FROM date_month) = 1)",
            "The statement month is the first day of a month.",
        ),
        (
            "posted_has_move",
            "CHECK (state = 'draft' OR move_id IS NOT NULL)",
            "A posted CAF statement has its journal entry.",
        ),
    ]

    @api.model
    def _default_journal(self):
        company = self.env.company
        return company.imlr_apl_journal_id or self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")], limit=1
        )

    @api.depends("date_month", "caf_partner_id.name")
    def _compute_name(self):
        for statement in self:
            month = f"{statement.date_month:%Y-%m}" if statement.date_month else "…"
            statement.name = f"APL {statement.caf_partner_id.name or 'CAF'} {month}"

    @api.depends("line_ids.amount", "line_ids.decision")
    def _compute_amount_total(self):
        for statement in self:
            statement.amount_total = sum(statement.line_ids._to_post().mapped("amount"))

    @api.depends("line_ids.check_result", "line_ids.decision")
    def _compute_counts(self):
        for statement in self:
            mismatches = statement.line_ids.filtered(lambda line: line.check_result != "ok")
            statement.line_count = len(statement.line_ids)
            statement.mismatch_count = len(mismatches)
            statement.undecided_count = len(mismatches.filtered(lambda line: not line.decision))

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([periods.month_start_in(vals, "date_month") for vals in vals_list])

    def write(self, vals):
        return super().write(periods.month_start_in(vals, "date_month"))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(statement.state == "posted" for statement in self):
            raise UserError(self.env._("A posted CAF statement cannot be deleted: reverse its journal entry instead."))

    # ------------------------------------------------------------------ actions

    def action_check(self):
        """Match the allocataire numbers again (households may have been given theirs since) and log the result."""
        for statement in self:
            if statement.state != "draft":
                raise UserError(
                    self.env._(
                        "CAF statement %(statement)s is posted: it is no longer checked.", statement=statement.name
                    )
                )
        unmatched = self.line_ids.filtered(lambda line: not line.household_id)
        unmatched._compute_household_id()
        self.line_ids.invalidate_recordset(["expected_apl", "check_result"])
        for statement in self:
            statement._message_log(
                body=self.env._(
                    "Checked: %(count)s lines, %(mismatches)s mismatches, %(undecided)s to decide.",
                    count=statement.line_count,
                    mismatches=statement.mismatch_count,
                    undecided=statement.undecided_count,
                )
            )
        return True

    def action_post(self):
        """Post each statement as one journal entry and reconcile the households' APL with their rent invoices.

        All or nothing: every problem of every statement is listed before anything is written. Safe when two
        workers post the same statement at once: the statements' rows are locked (NOWAIT) and their state
        re-read; the loser gets a UserError."""
        self._lock_for_posting()
        self.line_ids.invalidate_recordset(["expected_apl", "check_result"])
        problems = []
        for statement in self:
            problems += statement._posting_problems()
        if problems:
            listed = "\n".join(f"• {problem}" for problem in problems)
            raise UserError(self.env._("Nothing was posted:\n%(problems)s", problems=listed))
        kinds = {line: line._posting_kind() for line in self.line_ids._to_post()}
        _logger.info("CAF statements: posting %s statements, %s lines", len(self), len(kinds))
        moves = self.env["account.move"].create([statement._prepare_move_vals() for statement in self])
        moves.action_post()
        _logger.info("CAF statements: %s entries posted, matching their %s items", len(moves), len(kinds))
        household_lines = self.env["account.move.line"]
        for statement, move in zip(self, moves, strict=True):
            statement.write({"state": "posted", "move_id": move.id})
            # the entry's lines are created in the order of _prepare_move_vals: the CAF's, then one per line
            lines = statement._lines_to_move()
            for line, move_line in zip(lines, move.line_ids.sorted("id")[1:], strict=True):
                line.write({"posted_as": kinds[line], "move_line_id": move_line.id})
                household_lines |= move_line
        self._flush_regular_months()
        ledger = self.env["imlr.rent.ledger"]
        if not self._has_cash_basis_taxes(household_lines.partner_id):
            # Odoo rescans every line of an entry for cash-basis taxes at each partial of it: with one line per
            # household, the statement's matching grew with the square of the households. Without such taxes
            # on these households' items (rents bear no VAT) there is nothing to scan for.
            ledger = ledger.with_context(no_cash_basis=True)
        ledger._reopen_for_indus(household_lines.filtered(lambda move_line: move_line.debit > 0))
        ledger._allocate(household_lines.filtered(lambda move_line: move_line.credit > 0))
        _logger.info("CAF statements: %s items matched", len(household_lines))
        return True

    def action_open_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
            "name": self.move_id.display_name,
        }

    # ------------------------------------------------------------------ posting

    def _flush_regular_months(self):
        """Write the lines now, so that the unique index on the regular months speaks before reconciling: a
        month another statement paid meanwhile (committed after this one was checked) gets a sentence, not
        PostgreSQL's error (nor its "bad query" in the server's log)."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                self.env.flush_all()
        except errors.UniqueViolation as error:
            match = re.search(r"=\((\d+), ([\d-]+)\)", getattr(error.diag, "message_detail", None) or "")
            household = self.env["res.partner"].browse(int(match.group(1))) if match else None
            raise UserError(
                self.env._(
                    "The APL of %(month)s of %(household)s has just been posted by another CAF statement: "
                    "nothing was posted. Reload this statement and check it again.",
                    month=match.group(2)[:7] if match else "?",
                    household=household.display_name if household else "?",
                )
            ) from error

    def _lock_for_posting(self):
        """Row locks on the statements (NOWAIT), then the state re-read from the database."""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL("SELECT id FROM imlr_caf_statement WHERE id IN %s FOR UPDATE NOWAIT", tuple(self.ids))
                )
        except (errors.LockNotAvailable, errors.SerializationFailure) as error:
            raise UserError(
                self.env._(
                    "%(statements)s is being posted by someone else, or has just been: reload it.",
                    statements=", ".join(self.mapped("name")),
                )
            ) from error
        self.invalidate_recordset(["state", "move_id"])
        posted = self.filtered(lambda statement: statement.state != "draft")
        if posted:
            raise UserError(
                self.env._(
                    "CAF statement %(statement)s is already posted (entry %(move)s).",
                    statement=posted[0].name,
                    move=posted[0].move_id.name,
                )
            )

    def _posting_problems(self):
        """What stops this statement from being posted, in plain words (an empty list: nothing)."""
        self.ensure_one()
        problems = []
        to_post = self.line_ids._to_post()
        if not to_post:
            problems.append(self.env._("%(statement)s has no line to post.", statement=self.name))
        elif self.currency_id.is_zero(self.amount_total):
            problems.append(self.env._("%(statement)s: the lines to post add up to zero.", statement=self.name))
        for line in self.line_ids:
            if line.decision != "exclude" and line.currency_id.is_zero(line.amount):
                problems.append(self.env._("%(line)s: the amount is zero; exclude the line.", line=line.display_name))
            elif line.check_result == "unknown" and line.decision != "exclude":
                problems.append(
                    self.env._(
                        "%(line)s: unknown household; it can only be excluded (give the household its "
                        "allocataire number, then check again).",
                        line=line.display_name,
                    )
                )
            elif line.check_result != "ok" and not line.decision:
                problems.append(
                    self.env._(
                        "%(line)s: %(result)s; accept or exclude it.",
                        line=line.display_name,
                        result=line._check_result_label(),
                    )
                )
        company = self.company_id
        if not self._caf_account():
            problems.append(
                self.env._(
                    "%(caf)s has no receivable account in %(company)s, and no APL clearing account is set.",
                    caf=self.caf_partner_id.display_name,
                    company=company.display_name,
                )
            )
        for household in to_post.household_id:
            if not household.with_company(company).property_account_receivable_id:
                problems.append(
                    self.env._("%(household)s has no receivable account.", household=household.display_name)
                )
        return problems

    @api.model
    def _has_cash_basis_taxes(self, partners):
        """Whether any posted item of ``partners`` bears a tax due on payment (TVA sur les encaissements):
        only then can matching their items make cash-basis entries."""
        return bool(
            self.env["account.move.line"].search_count(
                [
                    ("partner_id", "in", partners.ids),
                    ("parent_state", "=", "posted"),
                    "|",
                    ("tax_line_id.tax_exigibility", "=", "on_payment"),
                    ("tax_ids.tax_exigibility", "=", "on_payment"),
                ],
                limit=1,
            )
        )

    def _caf_account(self):
        """The CAF's side: the APL clearing account if set, else the CAF's receivable."""
        self.ensure_one()
        return (
            self.company_id.imlr_apl_account_id
            or self.caf_partner_id.with_company(self.company_id).property_account_receivable_id
        )

    def _lines_to_move(self):
        """The statement lines the entry carries, in its order: not excluded, amount not zero."""
        self.ensure_one()
        return self.line_ids._to_post().filtered(lambda line: not self.currency_id.is_zero(line.amount))

    def _prepare_move_vals(self):
        """Vals (a plain dict) of the statement's entry: one line for the CAF, then one per household and
        month (an item of the rent ledger: the APL of that month, or an indus taking it back)."""
        self.ensure_one()
        month = f"{self.date_month:%Y-%m}"
        label = self.env._("APL %(month)s", month=month)
        line_vals = [self._prepare_move_line_vals(self.caf_partner_id, self._caf_account(), self.amount_total, label)]
        for line in self._lines_to_move():
            household, line_month = line.household_id, f"{line.date_month:%Y-%m}"
            vals = self._prepare_move_line_vals(
                household,
                household.with_company(self.company_id).property_account_receivable_id,
                -line.amount,
                self.env._(
                    "APL %(month)s (allocataire %(number)s)",
                    month=line_month,
                    number=line.caf_number or household.imlr_caf_number or "-",
                ),
            )
            line_vals.append({**vals, "imlr_rent_month": line.date_month})
        return {
            "move_type": "entry",
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "date": self.date_payment,
            "ref": self.name,
            "imlr_caf_statement_id": self.id,
            "line_ids": [Command.create(vals) for vals in line_vals],
        }

    def _prepare_move_line_vals(self, partner, account, balance, label):
        return {
            "name": label,
            "partner_id": partner.id,
            "account_id": account.id,
            "debit": balance if balance > 0 else 0.0,
            "credit": -balance if balance < 0 else 0.0,
        }
