import json

from odoo import api, fields, models
from odoo.exceptions import UserError

TEAM_GROUP = "imlr_odoo.group_imlr_user"


class ImlrAnnualReport(models.Model):
    """An annual activity report of a program for a period.

    "Compute" fills the tables; "Validate" freezes them: a validated report reprints identically,
    whatever is corrected or anonymised afterwards.
    """

    _name = "imlr.annual.report"
    _inherit = ["mail.thread"]
    _description = "Annual activity report"
    _order = "date_to desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    program_id = fields.Many2one(
        comodel_name="imlr.program",
        required=True,
        tracking=True,
        default=lambda self: self.env.ref("imlr_odoo.imlr_program_imlr", raise_if_not_found=False),
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, default=lambda self: self.env.company)
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_period()[0], tracking=True)
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_period()[1], tracking=True)
    state = fields.Selection(
        selection=[("draft", "Draft"), ("computed", "Computed"), ("validated", "Validated")],
        default="draft",
        required=True,
        tracking=True,
    )
    # the data-quality list in it names households and persons: the team's only; a reader or funder gets the
    # figures without it through _report_data()
    data = fields.Json(string="Figures", copy=False, readonly=True, groups=TEAM_GROUP)
    figures_html = fields.Html(
        string="Tables", compute="_compute_figures_html", sanitize=False, help="The computed figures, as printed."
    )
    is_provisional = fields.Boolean(
        string="Period not over",
        compute="_compute_is_provisional",
        help="The period ends today or later: its figures are provisional and the report cannot be validated.",
    )
    computed_on = fields.Datetime(readonly=True, copy=False)
    validated_on = fields.Datetime(readonly=True, copy=False)
    validated_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    # the sections the team writes by hand
    intro_text = fields.Html(string="Introduction and public")
    orientation_text = fields.Html(string="Orientation circuit")
    housing_text = fields.Html(string="Housing management")
    support_text = fields.Html(string="Support")
    partnership_text = fields.Html(string="Partnerships")
    volunteers_text = fields.Html(string="Volunteers")

    _sql_constraints = [
        ("period_check", "CHECK (date_to >= date_from)", "The period must end after it starts."),
        (
            "program_company_period_unique",
            "UNIQUE (program_id, company_id, date_from, date_to)",
            "A report of this program, company and period already exists.",
        ),
    ]

    def _default_period(self):
        return self.env["imlr.annual.report.data"].default_period(fields.Date.context_today(self))

    @api.depends("program_id.code", "date_from", "date_to")
    def _compute_name(self):
        for report in self:
            report.name = self.env._(
                "Activity report %(program)s %(start)s – %(end)s",
                program=report.program_id.code or "",
                start=report.date_from or "",
                end=report.date_to or "",
            )

    @api.depends("date_to")
    def _compute_is_provisional(self):
        today = fields.Date.context_today(self)
        for report in self:
            report.is_provisional = bool(report.date_to) and report.date_to >= today

    @api.depends("data", "state")
    def _compute_figures_html(self):
        """The tables and the data-quality list as printed, shown on the form once computed."""
        for report in self:
            if not report.sudo().data:  # sudo: only whether it was computed; the figures come from _qweb_values
                report.figures_html = False
                continue
            values = report._qweb_values()
            report.figures_html = self.env["ir.qweb"]._render(
                "imlr_odoo_reports.report_annual_figures", {**values, "doc": report}
            )

    def write(self, vals):
        frozen = {"program_id", "company_id", "date_from", "date_to", "data"}
        if frozen & set(vals) and any(report.state == "validated" for report in self):
            raise UserError(self.env._("A validated report is frozen: its period and figures cannot change."))
        return super().write(vals)

    def action_compute(self):
        """Compute (or recompute) the tables; only before validation."""
        if any(report.state == "validated" for report in self):
            raise UserError(self.env._("A validated report cannot be recomputed."))
        for report in self:
            report.write({"data": report._build_data(), "state": "computed", "computed_on": fields.Datetime.now()})
        return True

    def action_validate(self):
        for report in self:
            if report.state != "computed":
                raise UserError(self.env._("Compute the report %s before validating it.", report.name))
            if report.is_provisional:
                raise UserError(
                    self.env._(
                        "The period of %(report)s is not over (it ends on %(date)s): its figures cannot be validated "
                        "yet.",
                        report=report.name,
                        date=report.date_to.strftime("%d/%m/%Y"),
                    )
                )
        self.write({"state": "validated", "validated_on": fields.Datetime.now(), "validated_by_id": self.env.uid})
        return True

    def action_reset_draft(self):
        if any(report.state == "validated" for report in self):
            raise UserError(self.env._("A validated report stays validated."))
        self.write({"state": "draft", "data": False, "computed_on": False})
        return True

    def _report_lang(self):
        """Reports are printed in the company's language (French for a French association)."""
        self.ensure_one()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        lang = self.company_id.partner_id.lang
        return lang if lang in installed else ("fr_FR" if "fr_FR" in installed else "en_US")

    def _build_data(self):
        self.ensure_one()
        builder = self.env["imlr.annual.report.data"].with_context(lang=self._report_lang())
        return builder.build(self.program_id, self.date_from, self.date_to, self.company_id)

    def _report_data(self):
        """The figures to print: the frozen snapshot once computed, else computed on the fly. The data-quality
        list names households and persons: it is the team's, None for a reader or funder (printed without it)."""
        self.ensure_one()
        if self.env.su or self.env.user.has_group(TEAM_GROUP):
            return self.data or self._build_data()
        # sudo: the field is the team's for its names; the record's read access is checked first, and the
        # reader gets the figures without the data-quality list
        self.check_access("read")
        return {**(self.sudo().data or self.sudo()._build_data()), "data_quality": None}

    def _qweb_values(self, data=None):
        """What the templates print, from ``data`` (the report's figures, built once per print if a draft)."""
        self.ensure_one()
        data = {"company": self.company_id.name, **(data or self._report_data())}  # schema 1 did not keep it
        return {"layout": self.env["imlr.annual.report.data"].with_context(lang=self._report_lang()).layout(data)}

    def _running_header(self):
        """The line printed at the top of every PDF page: association, program, period."""
        self.ensure_one()
        builder = self.env["imlr.annual.report.data"].with_context(lang=self._report_lang())
        data = self.data or {
            "program": {"name": self.program_id.name},
            "period": {"date_from": self.date_from.isoformat(), "date_to": self.date_to.isoformat()},
        }
        return builder.running_header({"company": self.company_id.name, **data})

    def _page_number_format(self):
        return (
            self.env["imlr.annual.report.data"]
            .with_context(lang=self._report_lang())
            .env._("Page %(page)s / %(pages)s")
        )

    # ------------------------------------------------------------------ exports

    def _json_bytes(self, data=None):
        builder = self.env["imlr.annual.report.data"].with_context(lang=self._report_lang())
        return json.dumps(builder.with_labels(data or self._report_data()), ensure_ascii=False, indent=2).encode()

    def _xlsx_bytes(self, data=None):
        return (
            self.env["imlr.annual.report.xlsx"]
            .with_context(lang=self._report_lang())
            .render(data or self._report_data())
        )

    def action_export_json(self):
        return self._download("json")

    def action_export_xlsx(self):
        return self._download("xlsx")

    def _download(self, extension):
        """The export is streamed by the controller (controllers/main.py), made for the user who downloads it
        under their own read access: never stored as an attachment of the report, where a team member's export
        (with the names of its data-quality list) would be readable by a reader or funder, and where exports
        would pile up."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/imlr/annual_report/{self.id}/export/{extension}",
            "target": "self",
        }

    def _export(self, extension):
        """(content, mimetype, file name) of the export in ``extension`` (json or xlsx)."""
        self.ensure_one()
        self.check_access("read")
        if extension == "json":
            return self._json_bytes(), "application/json", f"{self.name}.json"
        if extension == "xlsx":
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return self._xlsx_bytes(), mimetype, f"{self.name}.xlsx"
        raise UserError(self.env._("Unknown format %s.", extension))

    def _stream(self, fmt):
        """The report in ``fmt`` (json, xlsx, pdf, html) as bytes: used by the console command."""
        self.ensure_one()
        if fmt in ("json", "xlsx"):
            return self._export(fmt)[0]
        action = self.env.ref("imlr_odoo_reports.action_report_annual")
        if fmt == "pdf":
            return action._render_qweb_pdf(action.report_name, self.ids)[0]
        if fmt == "html":
            return action._render_qweb_html(action.report_name, self.ids)[0]
        raise UserError(self.env._("Unknown format %s.", fmt))
