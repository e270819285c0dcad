from odoo import api, models


class ImlrDateRangeMixin(models.AbstractModel):
    """Models with ``date_start``/``date_end`` rows that must not overlap.

    PostgreSQL enforces it with an exclusion constraint (``=`` on an id, ``&&`` on a date range,
    which needs the ``btree_gist`` extension: a trusted one, the database owner may create it);
    the Python checks built on ``_domain_overlapping`` explain it to the user first.
    """

    _name = "imlr.date.range.mixin"
    _description = "Dated rows that must not overlap"

    def _auto_init(self):
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    @api.model
    def _domain_overlapping(self, date_start, date_end, closed=True):
        """Rows whose period meets ``[date_start, date_end]`` (closed: ``date_end`` is the last day) or
        ``[date_start, date_end)`` (half-open: ``date_end`` is the first day after); no end = open-ended."""
        start_op, end_op = ("<=", ">=") if closed else ("<", ">")
        domain = [("date_start", start_op, date_end)] if date_end else []
        return [*domain, "|", ("date_end", "=", False), ("date_end", end_op, date_start)]
