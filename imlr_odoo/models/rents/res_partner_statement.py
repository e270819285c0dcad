from dateutil.relativedelta import relativedelta

from odoo import Command, fields, models

ACTIVITY_STATEMENT = "partner_statement.activity_statement"


class ResPartner(models.Model):
    """The tenant account statement (relevé de compte locataire): the OCA's activity statement of the household's
    receivable account — rents, APL and payments with a balance brought forward — offered from the household
    form and sent by e-mail."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
