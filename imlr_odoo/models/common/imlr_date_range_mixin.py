from collections import defaultdict

from odoo import api, models

from ...tools import periods


class ImlrDateRangeMixin(models.AbstractModel):
    """Models with ``date_start``/``date_end`` rows that must not overlap.

    PostgreSQL enforces it with an exclusion constraint (``=`` on an id, ``&&`` on a date range,
    which needs the ``btree_gist`` extension: a trusted one, the database owner may create it);
    the Python checks built on ``_overlapping_rows`` explain it to the user first. The exclusion
    constraints are DEFERRABLE INITIALLY DEFERRED: checked at commit, so that Odoo's constraint
    methods (which run after the rows are written) give their clear message before PostgreSQL would
    answer with its own; anything that bypasses them is still refused when the transaction commits.
    """

    _name = "imlr.date.range.mixin"
    _description = "Dated rows that must not overlap"

    def _auto_init(self):
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        return super()._auto_init()

    @api.model
    def _domain_overlapping(self, date_start, date_end, closed=True, start_field="date_start", end_field="date_end"):
        """Rows whose period meets ``[date_start, date_end]`` (closed: ``date_end`` is the last day) or
        ``[date_start, date_end)`` (half-open: ``date_end`` is the first day after); no end = open-ended."""
        start_op, end_op = ("<=", ">=") if closed else ("<", ">")
        domain = [(start_field, start_op, date_end)] if date_end else []
        return [*domain, "|", (end_field, "=", False), (end_field, end_op, date_start)]

    def _overlapping_rows(self, keys, closed=True, start_field="date_start", end_field="date_end", domain=()):
        """{record: the first other row with the same ``keys`` (many2one fields) whose period meets the
        record's}, for the records of ``self`` that have one. One search for the whole batch, then each record
        is compared with the rows of its own key only (an import checks thousands of rows at once)."""
        others = self.search([(keys[0], "in", self.mapped(keys[0]).ids), *domain])
        by_key = defaultdict(list)
        for row in others:
            by_key[tuple(row[key].id for key in keys)].append(row)
        overlapping = {}
        for record in self:
            for row in by_key[tuple(record[key].id for key in keys)]:
                if row.id != record.id and periods.overlap(
                    record[start_field], record[end_field], row[start_field], row[end_field], closed
                ):
                    overlapping[record] = row
                    break
        return overlapping
