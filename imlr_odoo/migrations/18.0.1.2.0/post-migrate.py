"""Rent ledger by month (18.0.1.2.0): rent invoices get their two receivable items (household share, CAF
part), each CAF statement's entry one item per household and month, then every household's credits are
matched again by the rules of imlr.rent.ledger. Balances per account and partner are unchanged: only the
split of the invoices' receivable and the reconciliations change. Each company's billing start becomes its
first billed month (the runs no longer skip months older than 12). Then the rent journals are secured by the
hash chain and the rent lines get their dwelling's analytic account."""

import logging

from openupgradelib import openupgrade

from odoo import Command

_logger = logging.getLogger(__name__)


def _households_receivable_lines(env):
    return env["account.move.line"].search(
        [
            ("partner_id.is_household", "=", True),
            ("account_id.account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
        ]
    )


def _locked(move):
    """Whether ``move`` lies in a period its company has locked (it is then left as it was)."""
    lock_date = move.company_id._get_user_fiscal_lock_date(move.journal_id)
    return bool(lock_date and move.date <= lock_date)


def _split_rent_invoices(env):
    """Household share and CAF part on every posted rent invoice (outside locked periods)."""
    invoices = env["account.move"].search(
        [("move_type", "=", "out_invoice"), ("imlr_sublease_id", "!=", False), ("state", "=", "posted")]
    )
    openupgrade.logged_query(
        env.cr,
        """UPDATE account_move_line SET imlr_rent_part = 'household'
            WHERE display_type = 'payment_term' AND move_id IN %s""",
        (tuple(invoices.ids) or (None,),),
    )
    env["account.move.line"].invalidate_model(["imlr_rent_part"])
    with_apl = invoices.filtered(lambda move: move.imlr_apl_expected > 0)
    locked = with_apl.filtered(_locked)
    if locked:
        _logger.warning("%s rent invoices in locked periods keep a single receivable item.", len(locked))
    to_split = (with_apl - locked).with_context(
        tracking_disable=True, mail_notrack=True, imlr_allow_reset_to_draft=True
    )
    for batch_start in range(0, len(to_split), 200):
        batch = to_split[batch_start : batch_start + 200]
        apl = {move: move.imlr_apl_expected for move in batch}
        batch.button_draft()
        # two writes: the needs change twice, so the payment-term lines are synchronised (one item, then two)
        batch.write({"imlr_apl_expected": 0.0})
        for move in batch:
            move.imlr_apl_expected = apl[move]
        batch.action_post()
    _logger.info("%s rent invoices split into household share and CAF part.", len(to_split))


def _split_caf_entries(env):
    """One item per household and month on every posted CAF statement's entry."""
    statements = env["imlr.caf.statement"].search([("state", "=", "posted")])
    for statement in statements:
        lines = statement._lines_to_move()
        one_to_one = len(lines.move_line_id) == len(lines)
        if one_to_one or _locked(statement.move_id):
            for line in lines.filtered("move_line_id"):
                line.move_line_id.imlr_rent_month = line.date_month
            continue
        move = statement.move_id
        caf_line = move.line_ids.filtered(lambda move_line, caf=statement.caf_partner_id: move_line.partner_id == caf)
        counterparts = caf_line.matched_credit_ids.credit_move_id | caf_line.matched_debit_ids.debit_move_id
        move.with_context(imlr_allow_reset_to_draft=True).button_draft()
        vals = statement._prepare_move_vals()
        move.write({"line_ids": [Command.unlink(line.id) for line in move.line_ids - caf_line] + vals["line_ids"][1:]})
        move.action_post()
        for line, move_line in zip(lines, (move.line_ids - caf_line).sorted("id"), strict=True):
            line.move_line_id = move_line
        if counterparts:
            (caf_line | counterparts.filtered(lambda line: not line.reconciled)).reconcile()


def _fill_plan_debts(env):
    """The months of the repayment plans made before: the open items overdue on their start date."""
    plans = env["imlr.repayment.plan"].search([("debt_ids", "=", False)])
    for plan in plans:
        debts = plan.with_company(plan.company_id)._imlr_overdue_debts(plan.household_id, plan.date_start)
        plan.debt_ids = plan._imlr_debt_commands(debts)


def _set_billing_start(env):
    """The runs no longer look 12 months back only: each company's billing start is its first billed month,
    so that the months it never billed before it (the runs skipped them) are not billed all at once."""
    env.cr.execute(
        """SELECT company_id, MIN(imlr_period_start) FROM account_move
            WHERE (imlr_sublease_id IS NOT NULL OR imlr_lease_id IS NOT NULL) AND state != 'cancel'
            GROUP BY company_id"""
    )
    for company_id, first_month in env.cr.fetchall():
        company = env["res.company"].browse(company_id)
        if not company.imlr_billing_start:
            company.imlr_billing_start = first_month


def _apl_from_entry(env):
    """The situations whose households already had the APL (data of noupdate records): the CAF pays the month
    of entry for them. The subleases' flag follows (computed, stored): past invoices stay as billed."""
    for xmlid in ("specialised", "generalist", "adapted"):
        situation = env.ref(f"imlr_odoo.imlr_entry_situation_{xmlid}", raise_if_not_found=False)
        if situation:
            situation.apl_from_entry = True


def _secure_rent_journals(env):
    """The IML journals, secured by the hash chain (created where the company chose none), and the journals that
    already hold rent documents secured too: their entries posted so far are hashed now."""
    env["res.company"]._imlr_setup_accounting_all()
    env.cr.execute(
        """SELECT DISTINCT journal_id FROM account_move
            WHERE imlr_sublease_id IS NOT NULL OR imlr_lease_id IS NOT NULL OR imlr_caf_statement_id IS NOT NULL"""
    )
    env["account.journal"].browse(row[0] for row in env.cr.fetchall())._imlr_secure()


def _dwellings_analytic(env):
    """The rents and landlord bills posted before carry their dwelling's analytic account too (analytic
    distributions are not part of the secured fields)."""
    for field in ("imlr_sublease_id", "imlr_lease_id"):
        lines = env["account.move.line"].search(
            [(f"move_id.{field}", "!=", False), ("display_type", "=", "product"), ("analytic_distribution", "=", False)]
        )
        by_dwelling = lines.grouped(lambda line, field=field: line.move_id[field].dwelling_id)
        env["imlr.dwelling"].union(*by_dwelling)._imlr_ensure_analytic_accounts()
        for dwelling, dwelling_lines in by_dwelling.items():
            dwelling_lines.analytic_distribution = dwelling._imlr_analytic_distribution()


def _share_imlr_program(env):
    """The national IML-R program is shared by every company (a stay now checks that its program is of its
    company or of none): its record kept the company of the installation, and its data file is noupdate."""
    program = env.ref("imlr_odoo.imlr_program_imlr", raise_if_not_found=False)
    if program and program.company_id:
        program.company_id = False


@openupgrade.migrate()
def migrate(env, version):
    _share_imlr_program(env)
    _set_billing_start(env)
    _apl_from_entry(env)
    lines = _households_receivable_lines(env)
    lines.filtered(lambda line: line.matched_debit_ids or line.matched_credit_ids).remove_move_reconcile()
    _split_rent_invoices(env)
    _split_caf_entries(env)
    ledger = env["imlr.rent.ledger"]
    credits = _households_receivable_lines(env).filtered(lambda line: line.balance < 0 and not line.reconciled)
    for company, company_credits in credits.grouped("company_id").items():
        ledger.with_company(company)._allocate(company_credits)
    _fill_plan_debts(env)
    env["imlr.repayment.plan"].search([("state", "in", ("active", "closed"))])._imlr_update_closed()
    _dwellings_analytic(env)
    _secure_rent_journals(env)
