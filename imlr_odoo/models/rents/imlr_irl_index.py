from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ImlrIrlIndex(models.Model):
    """INSEE's Indice de Référence des Loyers, one row per quarter: the table the annual rent revisions read.

    Source: INSEE, série 001515333 (base 100 = 4th quarter 1998), published quarterly about two weeks after
    the quarter's end. Kept as data (editable): the rent manager adds each newly published quarter; a revision
    needing a quarter the table lacks is refused (never estimated)."""

    _name = "imlr.irl.index"
    _description = "IRL index (INSEE)"
    _order = "year desc, quarter desc"
    _rec_name = "code"

    year = fields.Integer(required=True)
    quarter = fields.Integer(string="Quarter number", required=True, help="1 to 4.")
    code = fields.Char(string="Quarter", compute="_compute_code", store=True, index=True, help="e.g. 2024-T2.")
    value = fields.Float(
        required=True, digits=(8, 2), help="As published by INSEE, série 001515333 (base 100 = 4th quarter 1998)."
    )
    date_published = fields.Date(string="Published on", help="INSEE's publication date of this quarter's value.")

    _sql_constraints = [
        ("year_quarter_uniq", "UNIQUE (year, quarter)", "The IRL table has one value per quarter."),
        ("quarter_check", "CHECK (quarter BETWEEN 1 AND 4)", "An IRL quarter is 1, 2, 3 or 4."),
        ("year_check", "CHECK (year BETWEEN 1998 AND 2200)", "The IRL exists since 1998."),
        ("value_check", "CHECK (value > 0)", "An IRL value is positive."),
    ]

    @api.depends("year", "quarter")
    def _compute_code(self):
        for index in self:
            index.code = f"{index.year}-T{index.quarter}" if index.year and index.quarter else False

    @api.constrains("value")
    def _check_value(self):
        for index in self:
            if index.value <= 0:
                raise ValidationError(self.env._("The IRL value of %(quarter)s must be positive.", quarter=index.code))

    @api.model
    def _by_quarter(self, keys):
        """{(year, quarter): index} for those of ``keys`` the table has; one search."""
        keys = set(keys)
        if not keys:
            return {}
        found = self.search([("year", "in", list({year for year, _quarter in keys}))])
        return {(index.year, index.quarter): index for index in found if (index.year, index.quarter) in keys}
