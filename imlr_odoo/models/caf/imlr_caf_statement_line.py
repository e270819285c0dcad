from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ...tools import periods

CHECK_RESULTS = [
    ("ok", "OK"),
    ("unknown", "Unknown household"),
    ("amount", "Amount differs from the expected APL"),
    ("covered", "Month already covered"),
]


class ImlrCafStatementLine(models.Model):
    """A line of the CAF's APL statement: what the CAF pays (or takes back) for a household and a month.

    Rule of the months (kept by a unique index over the posted lines): a household's month is paid once by a
    **regular** line. Any other line for a month already covered (by a posted regular line, or by an earlier
    line of the same statement) is flagged; accepted, it is posted as a **rappel** (a positive line adding to
    what was paid). A negative line is an **indus** (the CAF takes APL back): never checked against the
    covered months nor the expected amount, it is always posted as such."""

    _name = "imlr.caf.statement.line"
    _description = "CAF APL statement line"
    _order = "statement_id, sequence, id"
    _check_company_auto = True

    statement_id = fields.Many2one(
        comodel_name="imlr.caf.statement", required=True, ondelete="cascade", index=True, readonly=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="statement_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    state = fields.Selection(related="statement_id.state")
    caf_number = fields.Char(string="Allocataire", help="The household's CAF allocataire number, as on the statement.")
    household_label = fields.Char(string="Household (as written)", help="The household as the imported file names it.")
    household_id = fields.Many2one(
        comodel_name="res.partner",
        domain="[('is_household', '=', True)]",
        index=True,
        compute="_compute_household_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Found from the allocataire number (else from the household as written in the file).",
    )
    date_month = fields.Date(string="Month covered", required=True, help="First day of the month the line pays.")
    amount = fields.Monetary(help="APL paid for the month; negative for an indus (taken back by the CAF).")
    expected_apl = fields.Monetary(
        string="Expected APL",
        compute="_compute_expected_apl",
        help="The APL expected by the household's sublease covering the month (the latest one starting in it).",
    )
    check_result = fields.Selection(selection=CHECK_RESULTS, string="Check", compute="_compute_check_result")
    decision = fields.Selection(
        selection=[("accept", "Accept"), ("exclude", "Exclude")],
        help="Required for a mismatched line before posting. An unknown household can only be excluded; an "
        "accepted line for a month already covered is posted as a rappel.",
    )
    posted_as = fields.Selection(
        selection=[("regular", "Regular"), ("rappel", "Rappel"), ("indus", "Indus")],
        readonly=True,
        copy=False,
        help="How the line was posted; empty while draft, or when excluded.",
    )
    move_line_id = fields.Many2one(
        comodel_name="account.move.line", string="Journal item", readonly=True, copy=False, ondelete="set null"
    )

    _sql_constraints = [
        (
            "date_month_first_day",
            "CHECK (EXTRACT(DAY FROM date_month) = 1)",
            "The month covered is the first day of a month.",
        ),
        (
            "posted_regular_has_household",
            "CHECK (posted_as IS NULL OR household_id IS NOT NULL)",
            "A posted CAF statement line has its household.",
        ),
    ]

    def init(self):
        res = super().init()
        # a household's month is paid once by a regular line (rappels and indus come on top)
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS imlr_caf_statement_line_regular_month_uniq
                   ON imlr_caf_statement_line (household_id, date_month) WHERE posted_as = 'regular'"""
            )
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([periods.month_start_in(vals, "date_month") for vals in vals_list])

    def write(self, vals):
        return super().write(periods.month_start_in(vals, "date_month"))

    @api.depends("statement_id", "household_id.name", "date_month", "amount")
    def _compute_display_name(self):
        for line in self:
            month = f"{line.date_month:%Y-%m}" if line.date_month else ""
            who = line.household_id.name or line.household_label or line.caf_number or "?"
            line.display_name = f"{who} {month} ({line.amount:.2f})"

    @api.depends("caf_number", "household_label")
    def _compute_household_id(self):
        """The household of the allocataire number, whatever the name written beside it (CAF files spell names
        their own way); without a number, the household whose reference, else whose name, is the one written."""
        numbers = {number.strip() for number in self.mapped("caf_number") if number}
        labels = {label.strip() for label in self.mapped("household_label") if label}
        households = self.env["res.partner"]
        if numbers or labels:
            households = households.search(
                [
                    ("is_household", "=", True),
                    "|",
                    "|",
                    ("imlr_caf_number", "in", list(numbers)),
                    ("ref", "in", list(labels)),
                    ("name", "in", list(labels)),
                ]
            )
        for line in self:
            number = (line.caf_number or "").strip()
            label = (line.household_label or "").strip()
            company = line.statement_id.company_id or self.env.company
            candidates = households.filtered(
                lambda household, company=company: not household.company_id or household.company_id == company
            )
            found = households.browse()
            if number:
                found = candidates.filtered(lambda household, number=number: household.imlr_caf_number == number)
            elif label:
                found = candidates.filtered(lambda household, label=label: household.ref == label)
                found = found or candidates.filtered(lambda household, label=label: household.name == label)
            if not number and not label:
                found = line.household_id
            line.household_id = found if len(found) == 1 else households.browse()

    @api.depends("household_id", "date_month")
    def _compute_expected_apl(self):
        """One search for the subleases of every household and month of the lines."""
        lines = self.filtered(lambda line: line.household_id and line.date_month)
        subleases = self.env["imlr.sublease"]
        if lines:
            first = min(lines.mapped("date_month"))
            last = max(lines.mapped("date_month")) + relativedelta(day=31)
            subleases = subleases.search(
                [
                    ("household_id", "in", lines.household_id.ids),
                    ("date_start", "<=", last),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", first),
                ],
                order="date_start desc, id desc",
            )
        by_household = subleases.grouped("household_id")
        for line in self:
            line.expected_apl = 0.0
            if line in lines:
                month_end = line.date_month + relativedelta(day=31)
                for sublease in by_household.get(line.household_id, []):
                    if sublease.date_start <= month_end and (
                        not sublease.date_end or sublease.date_end >= line.date_month
                    ):
                        line.expected_apl = sublease._rent_amounts(line.date_month)["apl"]
                        break

    @api.depends("household_id", "date_month", "amount", "expected_apl", "decision", "statement_id.line_ids")
    def _compute_check_result(self):
        """Unknown household, then month already covered, then amount: the first that applies."""
        covered = self._covered_months()
        # within a statement, the first positive line of a household's month is its regular one
        first_of_month = {}
        # sorted() is stable: lines of equal sequence keep the statement's order (new lines have no comparable id)
        for line in sorted(self.statement_id.line_ids, key=lambda line: line.sequence):
            if line.amount > 0 and line.decision != "exclude":
                first_of_month.setdefault((line.statement_id, line.household_id, line.date_month), line)
        for line in self:
            if not line.household_id:
                line.check_result = "unknown"
            elif line.amount < 0 or line.posted_as in ("rappel", "indus"):
                line.check_result = "ok"
            elif (line.household_id, line.date_month) in covered or first_of_month.get(
                (line.statement_id, line.household_id, line.date_month), line
            ) != line:
                line.check_result = "covered"
            elif line.currency_id.compare_amounts(line.amount, line.expected_apl) != 0:
                line.check_result = "amount"
            else:
                line.check_result = "ok"

    def _covered_months(self):
        """{(household, month)} paid by a posted regular line other than these lines: one search."""
        lines = self.filtered(lambda line: line.household_id and line.date_month)
        if not lines:
            return set()
        posted = self.search_fetch(
            [
                ("posted_as", "=", "regular"),
                ("household_id", "in", lines.household_id.ids),
                ("date_month", "in", list(set(lines.mapped("date_month")))),
                ("id", "not in", [line_id for line_id in lines.ids if isinstance(line_id, int)]),
            ],
            ["household_id", "date_month"],
        )
        return {(line.household_id, line.date_month) for line in posted}

    def _check_result_label(self):
        self.ensure_one()
        return dict(self._fields["check_result"]._description_selection(self.env))[self.check_result]

    def _to_post(self):
        """The lines the entry carries: all but the excluded ones."""
        return self.filtered(lambda line: line.decision != "exclude")

    def _posting_kind(self):
        """regular, rappel (accepted line for a month already covered) or indus (negative)."""
        self.ensure_one()
        if self.amount < 0:
            return "indus"
        return "rappel" if self.check_result == "covered" else "regular"
