"""What the rents add to a household: balance, aged arrears and the impayé rule (rents issue, items 4 and 6), its
rent invoices and open rent lines, its account statement and its repayment plans.

The arrears are those of the SQL view ``imlr.household.arrears`` (one definition), read for the context's
``date`` (default today).
"""

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, format_date

from ...tools import job_lock
from ...tools.cron import in_association_language
from .imlr_household_arrears import ARREARS_BUCKETS

ARREARS_FIELDS = {
    "imlr_rent_balance": "balance",
    "imlr_rent_overdue": "overdue",
    **{f"imlr_{name}": name for name, _low, _high in ARREARS_BUCKETS},
    "imlr_rent_monthly_share": "monthly_share",
    "imlr_impaye_threshold": "impaye_threshold",
    "imlr_impaye_date": "impaye_date",
    "imlr_impaye_deadline": "impaye_deadline",
}
ACTIVITY_STATEMENT = "partner_statement.activity_statement"


class ResPartner(models.Model):
    _inherit = "res.partner"

    imlr_rent_balance = fields.Monetary(
        string="Rent balance",
        compute="_compute_imlr_arrears",
        help="What the household owes on its rent account (negative: a credit in its favour).",
    )
    imlr_rent_overdue = fields.Monetary(
        string="Overdue", compute="_compute_imlr_arrears", help="The part of the balance due before today."
    )
    imlr_arrears_0_30 = fields.Monetary(
        string="0–30 days", compute="_compute_imlr_arrears", help="Overdue by 1 to 30 days."
    )
    imlr_arrears_31_60 = fields.Monetary(string="31–60 days", compute="_compute_imlr_arrears")
    imlr_arrears_61_90 = fields.Monetary(string="61–90 days", compute="_compute_imlr_arrears")
    imlr_arrears_over_90 = fields.Monetary(string="> 90 days", compute="_compute_imlr_arrears")
    imlr_rent_monthly_share = fields.Monetary(
        string="Monthly reste à charge",
        compute="_compute_imlr_arrears",
        help="Rent + charges − APL of the sublease in force, with tiers payant (APL paid to the association).",
    )
    imlr_impaye_threshold = fields.Monetary(
        string="Impayé threshold",
        compute="_compute_imlr_arrears",
        help="The monthly reste à charge times the impayé threshold of the settings (2).",
    )
    imlr_is_impaye = fields.Boolean(
        string="Impayé to report to the CAF",
        compute="_compute_imlr_arrears",
        search="_search_imlr_is_impaye",
        help="With tiers payant, the overdue debt is at least twice the monthly reste à charge: the CAF must be "
        "told within 2 months.",
    )
    imlr_impaye_date = fields.Date(
        string="Impayé since",
        compute="_compute_imlr_arrears",
        help="First day since which the overdue debt has stayed at or above the threshold.",
    )
    imlr_impaye_deadline = fields.Date(
        string="Report to the CAF by",
        compute="_compute_imlr_arrears",
        help="Impayé date + the impayé report delay of the settings (2 months).",
    )
    imlr_impaye_reported_date = fields.Date(
        string="Reported to the CAF on",
        compute="_compute_imlr_impaye_reported_date",
        help="The day the current impayé was reported to the CAF (the activity marked done, or the button).",
    )
    imlr_rent_invoice_count = fields.Integer(string="Rent invoices count", compute="_compute_imlr_rent_invoice_count")

    @api.depends_context("date", "company", "allowed_company_ids")
    def _compute_imlr_arrears(self):
        rows = {}
        households = self.filtered(lambda partner: partner.is_household and partner.id)
        if households:
            self._imlr_flush_arrears_sources()
            query = self.env["imlr.household.arrears"]._arrears_sql(
                self._imlr_today(), household_ids=households.ids, company_ids=self.env.companies.ids
            )
            for row in self.env.execute_query_dict(query):
                # one row per company: the figures add up, the impayé is the earliest
                total = rows.setdefault(row["household_id"], dict.fromkeys(ARREARS_FIELDS.values(), False))
                for column in ARREARS_FIELDS.values():
                    value, current = row[column], total[column]
                    if column in ("impaye_date", "impaye_deadline"):
                        total[column] = min(filter(None, (value, current)), default=False)
                    elif value is not None:
                        total[column] = (current or 0.0) + value
        for partner in self:
            row = rows.get(partner.id, {})
            for field_name, column in ARREARS_FIELDS.items():
                value = row.get(column, False)
                partner[field_name] = value if value is not None else False
            partner.imlr_is_impaye = bool(row.get("impaye_date"))

    def _imlr_flush_arrears_sources(self):
        """Flush what the arrears SQL reads."""
        for model, fnames in self.env["imlr.household.arrears"]._depends.items():
            self.env[model].flush_model(fnames)

    def _search_imlr_is_impaye(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search households by impayé with = or != and True or False only."))
        self._imlr_flush_arrears_sources()
        query = self.env["imlr.household.arrears"]._arrears_sql(self._imlr_today(), company_ids=self.env.companies.ids)
        rows = self.env.execute_query(SQL("SELECT DISTINCT household_id FROM (%s) AS arrears WHERE is_impaye", query))
        ids = [household_id for (household_id,) in rows]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def _compute_imlr_rent_invoice_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("partner_id", "in", self.ids), ("move_type", "in", ("out_invoice", "out_refund"))],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.imlr_rent_invoice_count = counts.get(partner, 0)

    def action_imlr_open_rent_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_rent_invoice_action")
        action["domain"] = [("partner_id", "=", self.id), ("move_type", "in", ("out_invoice", "out_refund"))]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    @api.depends_context("date", "company", "allowed_company_ids")
    def _compute_imlr_impaye_reported_date(self):
        """The day the current impayé (the one arisen on ``imlr_impaye_date``) was reported to the CAF."""
        impaye = self.filtered("imlr_is_impaye")
        # sudo: the banner of the household form says it to whoever sees the impayé; the reports are the rent team's
        reports = (
            self.env["imlr.impaye.report"]
            .sudo()
            .search([("household_id", "in", impaye.ids), ("company_id", "in", self.env.companies.ids)])
        )
        reported = {(report.household_id, report.impaye_date): report.date_reported for report in reports}
        for partner in self:
            partner.imlr_impaye_reported_date = reported.get((partner, partner.imlr_impaye_date), False)

    def _imlr_record_impaye_reports(self):
        """Record, today, the report to the CAF of the current impayé of these households (once each)."""
        rows = (
            self.env["imlr.household.arrears"]
            .sudo()
            .search([("household_id", "in", self.ids), ("is_impaye", "=", True)])
        )
        done = self.env["imlr.impaye.report"].sudo()._reported(rows.household_id)
        vals_list = [
            {"household_id": row.household_id.id, "company_id": row.company_id.id, "impaye_date": row.impaye_date}
            for row in rows
            if (row.household_id.id, row.company_id.id, row.impaye_date) not in done
        ]
        # as superuser: whoever marks the reminder done (its assignee) records the fact, for these households only
        return self.env["imlr.impaye.report"].sudo().create(vals_list)

    def action_imlr_impaye_reported(self):
        """ "Reported to the CAF" button: record the report and close the reminder (a rent manager's act: the
        record is written as superuser)."""
        if not self.env.user.has_group("imlr_odoo.group_imlr_rent_manager"):
            raise AccessError(self.env._("Only rent managers record that an impayé was reported to the CAF."))
        self._imlr_record_impaye_reports()
        self.activity_unlink(["imlr_odoo.mail_activity_type_impaye"])
        return True

    @api.model
    def _imlr_impaye_recipient(self, company):
        """Who follows the impayés of ``company``: its first rent manager, one whose role it is before the
        managers (who are rent managers too), the administrator last."""
        rent_managers = self.env.ref("imlr_odoo.group_imlr_rent_manager").users.filtered(
            lambda user: not user.share and user.id != SUPERUSER_ID and company in user.company_ids
        )
        managers = self.env.ref("imlr_odoo.group_imlr_manager").users
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        return rent_managers.sorted(lambda user: (user == admin, user in managers, user.id))[:1]

    @api.model
    @in_association_language
    def _cron_imlr_impaye_activities(self):
        """Daily: an activity "Impayé to report to the CAF" for a rent manager of the household's company on
        every impayé not reported yet, due on the deadline; none while one is open, none again once the
        impayé is reported (the activity marked done records it). Runs as superuser: every company."""
        if not job_lock.acquire(self.env.cr, "imlr.impaye.activities"):
            return self.env["mail.activity"]
        activity_type = self.env.ref("imlr_odoo.mail_activity_type_impaye", raise_if_not_found=False)
        if not activity_type:
            return self.env["mail.activity"]
        rows = self.env["imlr.household.arrears"].search([("is_impaye", "=", True)], order="impaye_date, id")
        already = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", rows.household_id.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        reported = self.env["imlr.impaye.report"]._reported(rows.household_id)
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for household, group in rows.grouped("household_id").items():
            row = group[0]  # the earliest impayé when the household owes in several companies
            if household.id in already or (household.id, row.company_id.id, row.impaye_date) in reported:
                continue
            user = self._imlr_impaye_recipient(row.company_id) or activity_type.default_user_id or self.env.user
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": household.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "user_id": user.id,
                    "date_deadline": row.impaye_deadline,
                    "note": self.env._(
                        "Overdue debt %(overdue)s since %(date)s (threshold %(threshold)s): report it to the CAF.",
                        overdue=format_amount(self.env, row.overdue, row.currency_id),
                        date=format_date(self.env, row.impaye_date),
                        threshold=format_amount(self.env, row.impaye_threshold, row.currency_id),
                    ),
                }
            )
        return self.env["mail.activity"].create(vals_list)

    def action_imlr_register_payment(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_rent_payment_wizard_action")
        action["context"] = {"default_household_id": self.id}
        return action

    # The household form's button on its open rent lines.
    def action_imlr_open_receivable(self):
        """What makes up the balance: the household's open receivable journal items."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_account_moves_all")
        action.update(
            name=self.env._("Rent account of %(household)s", household=self.display_name),
            domain=[
                ("partner_id", "=", self.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
            ],
            context={"create": False},
        )
        return action

    # The tenant account statement (relevé de compte locataire): the OCA's activity statement of the household's
    # receivable account — rents, APL and payments with a balance brought forward — offered from the household
    # form and sent by e-mail.
    def _imlr_statement_wizard(self, date_end=None):
        """The activity statement of the household over the twelve months up to ``date_end`` (default today):
        its receivable account, with the aged balance, by month."""
        self.ensure_one()
        date_end = date_end or fields.Date.context_today(self)
        return (
            self.env["activity.statement.wizard"]
            .with_context(active_ids=self.ids, active_model="res.partner")
            .create(
                {
                    "company_id": self.env.company.id,
                    "date_start": date_end.replace(day=1) - relativedelta(months=11),
                    "date_end": date_end,
                    "account_type": "asset_receivable",
                    "aging_type": "months",
                    "show_aging_buckets": True,
                    "filter_negative_balances": False,
                    "filter_partners_non_due": False,
                }
            )
        )

    def _imlr_render_statement(self, date_end=None):
        """(PDF bytes, file name) of the household's account statement, in the household's language."""
        self.ensure_one()
        wizard = self._imlr_statement_wizard(date_end)
        data = wizard._prepare_statement()
        data["date_start"] = fields.Date.to_string(data["date_start"])
        data["date_end"] = fields.Date.to_string(data["date_end"])
        pdf, _report_type = (
            self.env["ir.actions.report"]
            .with_context(lang=self.lang or self.env.lang)
            ._render_qweb_pdf(ACTIVITY_STATEMENT, self.ids, data=data)
        )
        name = self.env._("Account statement %(household)s %(date)s", household=self.name, date=data["date_end"])
        return pdf, f"{name}.pdf"

    def action_imlr_account_statement(self):
        """The activity statement's wizard, for this household's rents (dates and options may be changed)."""
        self.ensure_one()
        wizard = self._imlr_statement_wizard()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tenant account statement"),
            "res_model": "activity.statement.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": self.ids, "active_model": "res.partner"},
        }

    def action_imlr_send_account_statement(self):
        """The e-mail composer with the household's account statement of the last twelve months attached."""
        self.ensure_one()
        pdf, filename = self._imlr_render_statement()
        attachment = self.env["ir.attachment"].create(
            {"name": filename, "raw": pdf, "mimetype": "application/pdf", "res_model": self._name, "res_id": self.id}
        )
        template = self.env.ref("imlr_odoo.imlr_mail_template_account_statement")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_attachment_ids": [Command.link(attachment.id)],
            },
        }

    # A household's repayment plans (rents issue, item 5).
    imlr_repayment_plan_ids = fields.One2many(
        comodel_name="imlr.repayment.plan", inverse_name="household_id", string="Repayment plans"
    )
    imlr_repayment_plan_count = fields.Integer(
        compute="_compute_imlr_repayment_plan_count", string="Repayment plans count"
    )

    def _compute_imlr_repayment_plan_count(self):
        counts = dict(
            self.env["imlr.repayment.plan"]._read_group(
                [("household_id", "in", self.ids)], ["household_id"], ["__count"]
            )
        )
        for partner in self:
            partner.imlr_repayment_plan_count = counts.get(partner, 0)

    def action_open_repayment_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_repayment_plan_action")
        action["domain"] = [("household_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_create_repayment_plan(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_repayment_plan_wizard_action")
        action["context"] = {"default_household_id": self.id}
        return action
