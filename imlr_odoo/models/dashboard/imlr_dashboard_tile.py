from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_amount, format_date

# the program year runs from 1 November to 31 October (the annual report's period)
PROGRAM_YEAR_START_MONTH = 11


def program_year(today):
    """(first day, last day) of the program year that contains ``today``."""
    year = today.year if today.month >= PROGRAM_YEAR_START_MONTH else today.year - 1
    start = today.replace(year=year, month=PROGRAM_YEAR_START_MONTH, day=1)
    return start, start + relativedelta(years=1) - timedelta(days=1)


# who reads the records each figure counts (ir.model.access.csv): the tile's default groups
TILE_GROUPS = {
    "households_present": ("imlr_odoo.group_imlr_user",),
    "entries": ("imlr_odoo.group_imlr_user",),
    "exits": ("imlr_odoo.group_imlr_user",),
    "vacant_places": ("imlr_odoo.group_imlr_user",),
    "contracts_ending": ("imlr_odoo.group_imlr_social_worker", "imlr_odoo.group_imlr_psychologist"),
    "arrears": ("imlr_odoo.group_imlr_rent_manager",),
    "late_plans": ("imlr_odoo.group_imlr_user",),
    "impayes": ("imlr_odoo.group_imlr_user",),
}


class ImlrDashboardTile(models.Model):
    """A figure of the IML app's first screen: what it counts is computed when it is shown (never stored,
    so it never goes stale), and a click opens the records behind it.

    The tiles themselves are data (which figures, in which order); each ``code`` has a method
    ``_tile_<code>(today)`` returning (number, domain, action xml id). Each figure is computed with the
    viewer's rights, so each tile declares the groups that may read what it counts (``TILE_GROUPS``, editable
    in the configuration): a record rule shows a user the tiles of their groups only, never an error."""

    _name = "imlr.dashboard.tile"
    _description = "Dashboard figure"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        selection=[
            ("households_present", "Households present"),
            ("entries", "Entries of the period"),
            ("exits", "Exits of the period"),
            ("vacant_places", "Vacant places"),
            ("contracts_ending", "Support contracts ending within 30 days"),
            ("arrears", "Total arrears"),
            ("late_plans", "Repayment plans late"),
            ("impayes", "Impayés to report to the CAF"),
        ],
        required=True,
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    groups_id = fields.Many2many(
        comodel_name="res.groups",
        string="Shown to",
        compute="_compute_groups_id",
        store=True,
        readonly=False,
        help="The groups that see this figure: they must be allowed to read the records it counts.",
    )
    value = fields.Float(compute="_compute_value", digits=(16, 2))
    value_display = fields.Char(string="Figure", compute="_compute_value")
    period_display = fields.Char(string="Period", compute="_compute_value")

    _sql_constraints = [("code_unique", "UNIQUE (code)", "Each figure is shown once.")]

    @api.depends("code")
    def _compute_groups_id(self):
        for tile in self:
            groups = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in TILE_GROUPS.get(tile.code, ())]
            tile.groups_id = self.env["res.groups"].union(*filter(None, groups))

    def _today(self):
        return self.env.context.get("date") or fields.Date.context_today(self)

    @api.depends("code")
    @api.depends_context("date", "company")
    def _compute_value(self):
        today = self._today()
        start, end = program_year(today)
        period = self.env._(
            "from %(start)s to %(end)s", start=format_date(self.env, start), end=format_date(self.env, end)
        )
        at_date = self.env._("on %(date)s", date=format_date(self.env, today))
        for tile in self:
            try:
                value, _domain, _action, kind = tile._figure(today)
            except AccessError:
                # a figure of records the user may not read (arrears for a social worker): not shown, and the
                # dashboard still opens
                tile.value, tile.value_display, tile.period_display = 0, "—", ""
                continue
            tile.value = value
            tile.value_display = (
                format_amount(self.env, value, self.env.company.currency_id) if kind == "amount" else str(int(value))
            )
            tile.period_display = period if kind == "period" else at_date

    def _figure(self, today):
        """(value, domain, action xml id, kind): kind "period" (counts over the program year), "date" (at
        today) or "amount" (money, at today)."""
        self.ensure_one()
        return getattr(self, f"_tile_{self.code}")(today)

    def action_open(self):
        """The records behind the figure."""
        self.ensure_one()
        _value, domain, xmlid, _kind = self._figure(self._today())
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action.update({"domain": domain, "name": self.name, "context": {"create": False}})
        return action

    # ------------------------------------------------------------------ the figures

    def _count(self, model, domain):
        return self.env[model].search_count(domain)

    def _tile_households_present(self, today):
        domain = self.env["imlr.stay"]._domain_present_at(today)
        return self._count("imlr.stay", domain), domain, "imlr_odoo.imlr_stay_action", "date"

    def _tile_entries(self, today):
        domain = self.env["imlr.stay"]._domain_entered(*program_year(today))
        return self._count("imlr.stay", domain), domain, "imlr_odoo.imlr_stay_action", "period"

    def _tile_exits(self, today):
        domain = self.env["imlr.stay"]._domain_exited(*program_year(today))
        return self._count("imlr.stay", domain), domain, "imlr_odoo.imlr_stay_action", "period"

    def _tile_vacant_places(self, today):
        vacant = self.env["imlr.place"].with_context(date=today).search([("state", "=", "vacant")])
        domain = [("id", "in", vacant.ids)]
        return len(vacant), domain, "imlr_odoo.imlr_place_action", "date"

    def _tile_contracts_ending(self, today):
        domain = self.env["imlr.support.contract"]._domain_ending_soon(today)
        count = self._count("imlr.support.contract", domain)
        return count, domain, "imlr_odoo.imlr_support_contract_action", "date"

    def _tile_arrears(self, today):
        arrears = self.env["imlr.household.arrears"].with_context(date=today)
        total = sum(arrears.search([("overdue", ">", 0)]).mapped("overdue"))
        return total, [("overdue", ">", 0)], "imlr_odoo.imlr_household_arrears_action", "amount"

    def _tile_late_plans(self, today):
        late = self.env["imlr.repayment.plan"].with_context(date=today).search([("is_late", "=", True)])
        return len(late), [("id", "in", late.ids)], "imlr_odoo.imlr_repayment_plan_action", "date"

    def _tile_impayes(self, today):
        households = self.env["res.partner"].with_context(date=today).search([("imlr_is_impaye", "=", True)])
        return len(households), [("id", "in", households.ids)], "imlr_odoo.imlr_household_action", "date"
