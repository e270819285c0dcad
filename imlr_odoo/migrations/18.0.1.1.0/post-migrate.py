"""Main leases: the reference IRL quarter was two free fields (``irl_quarter`` text, ``irl_value``); it is now a
link to the IRL table (``irl_index_id``). Each lease is linked to the quarter of the same code; a quarter the
table lacks is added with the value the lease gave. The old columns are kept (nothing is lost)."""

import logging
import re

_logger = logging.getLogger(__name__)

QUARTER_RE = re.compile(r"^\s*(\d{4})\s*-\s*T([1-4])\s*$", re.IGNORECASE)


def migrate(cr, version):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'imlr_lease' AND column_name IN ('irl_quarter', 'irl_value')"
    )
    if len(cr.fetchall()) < 2:
        return
    cr.execute(
        "SELECT id, irl_quarter, irl_value FROM imlr_lease "
        "WHERE irl_index_id IS NULL AND COALESCE(TRIM(irl_quarter), '') != ''"
    )
    rows = cr.fetchall()
    unmapped = []
    for lease_id, text, value in rows:
        match = QUARTER_RE.match(text)
        if not match:
            unmapped.append((lease_id, text))
            continue
        year, quarter = int(match[1]), int(match[2])
        cr.execute("SELECT id FROM imlr_irl_index WHERE year = %s AND quarter = %s", [year, quarter])
        found = cr.fetchone()
        if not found and value and value > 0:
            cr.execute(
                "INSERT INTO imlr_irl_index (year, quarter, code, value, create_date, write_date) "
                "VALUES (%s, %s, %s, %s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC') RETURNING id",
                [year, quarter, f"{year}-T{quarter}", value],
            )
            found = cr.fetchone()
        if not found:
            unmapped.append((lease_id, text))
            continue
        cr.execute("UPDATE imlr_lease SET irl_index_id = %s WHERE id = %s", [found[0], lease_id])
    if unmapped:
        _logger.warning(
            "IRL quarter of %s main leases not linked (kept in column imlr_lease.irl_quarter): %s",
            len(unmapped),
            unmapped,
        )
