"""A daily job runs once at a time across Odoo processes (imlr_odoo/tools/job_lock.py): a second run while the
first one's transaction is open skips, then, once it is over, the job runs (bench/faults.py two-crons)."""

import zlib
from datetime import timedelta

from odoo.tools import mute_logger

from .common import RegistryCase, d


class TestJobLock(RegistryCase):
    def test_a_second_run_at_once_skips(self):
        today = d("2024-06-01")
        person = self.make_person("Lock holder", "female", "1990-01-01")
        self.env["imlr.legal.status"].create(
            {"partner_id": person.id, "status": "regularised", "date_start": d("2023-08-01"),
             "permit_expiry_date": today + timedelta(days=80)}
        )  # fmt: skip
        renewal = self.env.ref("imlr_odoo.mail_activity_type_permit_renewal")
        status_model = self.env["imlr.legal.status"].with_context(tz="UTC")
        domain = [("activity_type_id", "=", renewal.id), ("res_model", "=", "res.partner"), ("res_id", "=", person.id)]
        from freezegun import freeze_time  # noqa: PLC0415

        key = zlib.crc32(b"imlr.permit.renewals") & 0x7FFFFFFF
        with freeze_time("2024-06-01"):
            with self.registry.cursor() as other_process, mute_logger("odoo.addons.imlr_odoo.tools.job_lock"):
                # another process runs the job: its transaction holds the job's lock
                other_process.execute("SELECT pg_advisory_xact_lock(%s)", [key])
                status_model._cron_schedule_permit_renewals()
                self.assertEqual(self.env["mail.activity"].search_count(domain), 0)
                other_process.rollback()
            status_model._cron_schedule_permit_renewals()
        self.assertEqual(self.env["mail.activity"].search_count(domain), 1)
