"""One run at a time of a daily job, across Odoo processes."""

import logging
import zlib

_logger = logging.getLogger(__name__)


def acquire(cr, job):
    """Take the transaction-level advisory lock of ``job`` (a name); False, logged, when another transaction
    holds it: the same job is running in another process, whose run does today's work. Without it, two runs
    at once plan the same activities and the second fails on Odoo's unique followers (bench/faults.py)."""
    cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [zlib.crc32(job.encode()) & 0x7FFFFFFF])
    if cr.fetchone()[0]:
        return True
    _logger.info("%s skipped: another run of it is going on.", job)
    return False
