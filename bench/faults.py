"""Faults survived: real Odoo processes killed, PostgreSQL restarted, crons run twice at once.

    python3 bench/faults.py [rent-run-kill] [caf-pg-restart] [import-kill] [two-crons] [--days 62] [--keep]

Each fault runs on its own copy of the demo database (``imlr_demo`` of ``./imlr``'s cluster, created if
missing), prints what it killed or restarted and what it found after, and the script exits 1 when an
invariant fails (README.md › Load and faults). With no fault named, all four run.

- ``rent-run-kill``: ~100 rent invoices due (the demo's 17 open subleases, billed from six months ago); the
  rent cron made due on a server with ``--workers 2 --max-cron-threads 1``; the cron worker SIGKILLed while its
  transaction inserts the invoices' lines; after Odoo respawns the worker and the cron runs again: every month
  billed once, the run's invoices all there, no draft, the journal's numbers without a gap.
- ``caf-pg-restart``: November 2024 billed and the CAF's statement of November typed (draft); posted over
  HTTP, and the embedded cluster restarted (``pg_ctl restart -m fast``, this checkout's cluster only) while
  the post's transaction runs; the statement is then either posted with its entry matched, or still a draft
  with no entry, which then posts (retried as a user would).
- ``import-kill``: a generated association (bench/generate.py, 300 households) imported through the import
  wizard over HTTP, whose job runs in the scheduler's worker; that worker SIGKILLed while its transaction
  inserts the stays; the number of rows of every IML table and of the contacts is unchanged; the job's next
  run (Odoo's master starts a new scheduler worker) imports the wizard again, to the end.
- ``two-crons``: two Odoo processes (``odoo shell``) run the code of every IML cron at the same time, day
  after simulated day (``--days``, from 1 November 2024: the clock of both processes is set to the simulated
  day, both start each day together); no rent invoice, landlord bill or activity twice, no error in either
  process's log. Odoo's scheduler itself never runs one job twice at once (it locks the job's row): running
  the jobs' code is what tests the crons' own safety, as when a job is run by hand during its scheduled run.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import zlib
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import odoo_procs as procs  # noqa: E402

RENT_RUN_LOCK = zlib.crc32(b"imlr.rent.run") & 0x7FFFFFFF  # as imlr_odoo/models/rents/imlr_sublease.py
LOGS = procs.dev.LOCAL / "logs"


class Fault:
    """One fault on its own copy of the template: ``run`` returns the problems found (empty: survived)."""

    name = None

    def __init__(self, setup, args):
        self.setup, self.args = setup, args
        self.db = procs.copy_database(setup.config, args.template, f"imlr_fault_{self.name.replace('-', '_')}")
        self.config = setup.other_config(f"fault-{self.db}", procs.free_port())
        self.problems = []

    def sql(self, query, params=None):
        return procs.sql(self.config, self.db, query, params)

    def shell(self, script, log_name="shell"):
        """Run ``script`` in ``odoo shell`` on the copy; returns the JSON it prints on a line ``RESULT …``."""
        command = [sys.executable, str(procs.LAUNCHER), "shell", "-c", str(self.config), "-d", self.db, "--no-http",
                   f"--logfile={LOGS / f'{self.db}-{log_name}.log'}", "--log-level=warn"]  # fmt: skip
        done = subprocess.run(command, input=script, capture_output=True, text=True, check=False)
        for line in done.stdout.splitlines():
            if line.startswith("RESULT "):
                return json.loads(line[len("RESULT ") :])
        raise SystemExit(f"odoo shell on {self.db} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")

    def check(self, ok, found, invariant):
        """Print what was found; an invariant that fails is a problem."""
        procs.say(f"  {'ok  ' if ok else 'FAIL'} {invariant}: {found}")
        if not ok:
            self.problems.append(f"{self.name}: {invariant}: {found}")

    def backends(self):
        """[(backend pid, client port, state, query)] of the copy's connections from Odoo processes."""
        rows = procs.sql(
            self.config,
            "postgres",
            "SELECT pid, client_port, state, query FROM pg_stat_activity WHERE datname = %s "
            "AND application_name LIKE 'odoo-%%'",
            [self.db],
        )
        return [(pid, port, state, query or "") for pid, port, state, query in rows]

    def wait_for_backend(self, predicate, timeout, every=0.02):
        """The first backend (pid, odoo pid, state, query) for which ``predicate`` holds, polled."""
        found = []

        def seen():
            found[:] = [backend for backend in self.backends() if predicate(backend)]
            return bool(found)

        return found[0] if procs.wait_until(seen, timeout, every) else None

    def kill_worker(self, server, client_port, what):
        """SIGKILL the worker of ``server`` connected from ``client_port`` (never any other process)."""
        odoo_pid = procs.process_of_client_port(client_port, server.children())
        if not odoo_pid:
            raise SystemExit(f"no worker of the server started here is connected from port {client_port}")
        os.kill(odoo_pid, signal.SIGKILL)
        procs.say(f"KILLED (SIGKILL) Odoo worker {odoo_pid}: {what}")

    def counts(self, tables):
        return {table: self.sql(f'SELECT count(*) FROM "{table}"')[0][0] for table in tables}

    def finish(self):
        if not self.args.keep:
            procs.dev.drop_database(self.setup.config, self.db)
            self.config.unlink(missing_ok=True)


# --------------------------------------------------------------------------- the faults


class RentRunKill(Fault):
    name = "rent-run-kill"
    DUE_SCRIPT = """
import json
from odoo import fields
today = fields.Date.context_today(env["imlr.sublease"])
subleases = env["imlr.sublease"]._rent_subleases_to_bill(today)
print("RESULT " + json.dumps({"due": len(subleases._rent_periods_due(today))}))
"""

    def run(self):
        start = date.today().replace(day=1) - relativedelta(months=5)
        self.sql("UPDATE res_company SET imlr_billing_start = %s", [start])
        # only the rent run is due: the cron worker does nothing else
        self.sql("UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' + interval '1 year'")
        [[cron]] = self.sql("SELECT res_id FROM ir_model_data WHERE module = 'imlr_odoo' AND name = 'ir_cron_rent_run'")
        self.sql("UPDATE ir_cron SET active = TRUE WHERE id = %s", [cron])
        due = self.shell(self.DUE_SCRIPT, "due-before")["due"]
        invoices_before = self.rent_invoices()
        procs.say(f"rent-run-kill: {due} rent invoices due (billing from {start}), {invoices_before} rent invoices")
        server = procs.OdooServer(self.config, self.db, LOGS / f"{self.db}.log", workers=2, cron_threads=1).start()
        try:
            self.sql("UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 minute' WHERE id = %s",
                     [cron])  # fmt: skip
            procs.sql(self.config, "postgres", "NOTIFY cron_trigger, %s", [self.db])  # the cron worker listens there
            locked = self.lock_holder(timeout=300)
            if not locked:
                self.check(False, "no backend took the rent run's lock in 300 s", "the rent run started")
                return self.problems
            busy = self.wait_for_backend(
                lambda b: b[0] == locked and 'INSERT INTO "account_move_line"' in b[3], timeout=300, every=0.01
            )
            if not busy:
                self.check(False, "the run ended before its lines were inserted", "killed mid-run")
                return self.problems
            self.kill_worker(server, busy[1], f"the cron worker, its backend {busy[0]} inserting invoice lines")
            procs.say(f"  rent invoices committed at the kill: {self.rent_invoices() - invoices_before}")
            procs.say("  waiting for Odoo to respawn the cron worker and for the rent run to complete")
            done = procs.wait_until(lambda: self.cron_done(cron), timeout=900, every=1)
            self.check(done, "the rent cron ran again to its end" if done else "not within 900 s", "run completed")
        finally:
            server.stop()
        created = self.rent_invoices() - invoices_before
        self.check(created == due, f"{created} invoices created, {due} were due", "the run's invoices all there")
        left = self.shell(self.DUE_SCRIPT, "due-after")["due"]
        self.check(left == 0, f"{left} months still due", "every sublease billed")
        twice = self.sql(
            "SELECT count(*) FROM (SELECT 1 FROM account_move WHERE imlr_sublease_id IS NOT NULL AND "
            "move_type = 'out_invoice' AND state = 'posted' GROUP BY imlr_sublease_id, imlr_period_start "
            "HAVING count(*) > 1) twice"
        )[0][0]
        self.check(twice == 0, f"{twice} (sublease, month) billed twice", "billed once")
        drafts = self.sql("SELECT count(*) FROM account_move WHERE imlr_sublease_id IS NOT NULL AND state = 'draft'")
        self.check(drafts[0][0] == 0, f"{drafts[0][0]} draft rent invoices", "no draft left behind")
        gaps = self.sequence_gaps()
        self.check(not gaps, gaps or "every sequence of the rent journal contiguous from 1", "no gap in the numbers")
        errors = server.log_problems()
        self.check(not errors, errors[:5] or "no error in the server's log", "server log")
        return self.problems

    def rent_invoices(self):
        return self.sql("SELECT count(*) FROM account_move WHERE imlr_sublease_id IS NOT NULL")[0][0]

    def lock_holder(self, timeout):
        def holder():
            rows = self.sql(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 AND granted "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                [RENT_RUN_LOCK],
            )
            return rows[0][0] if rows else None

        found = []
        procs.wait_until(lambda: found.append(holder()) or found[-1], timeout, every=0.05)
        if found and found[-1]:
            procs.say(f"  the rent run's advisory lock is held by backend {found[-1]}")
            return found[-1]
        return None

    def cron_done(self, cron):
        return self.sql(
            "SELECT nextcall > now() AT TIME ZONE 'UTC' FROM ir_cron WHERE id = %s AND NOT EXISTS "
            "(SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objsubid = 2 "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
            [cron, RENT_RUN_LOCK],
        ) == [(True,)]

    def sequence_gaps(self):
        """The sequences (journal, prefix) of customer invoices whose numbers are not 1..n."""
        rows = self.sql(
            "SELECT j.code, m.sequence_prefix, count(*), min(m.sequence_number), max(m.sequence_number) "
            "FROM account_move m JOIN account_journal j ON j.id = m.journal_id WHERE m.move_type = 'out_invoice' "
            "AND m.state = 'posted' GROUP BY j.code, m.sequence_prefix"
        )
        for code, prefix, count, low, high in rows:
            procs.say(f"  journal {code} {prefix}: {count} numbers, {low} to {high}")
        return [f"{prefix}: {count} numbers from {low} to {high}" for _c, prefix, count, low, high in rows
                if low != 1 or high != count]  # fmt: skip


class CafPgRestart(Fault):
    name = "caf-pg-restart"
    SETUP_SCRIPT = """
import json
from datetime import date
from odoo import Command
month = date(2024, 11, 1)
Sublease = env["imlr.sublease"]
Sublease._imlr_rent_run(date(2024, 11, 30))
subleases = Sublease.search([("date_start", "<=", month), "|", ("date_end", "=", False), ("date_end", ">", month)])
lines = [Command.create({"caf_number": s.household_id.imlr_caf_number, "date_month": month,
                         "amount": s._rent_amounts(month)["apl"]})
         for s in subleases if s._rent_amounts(month)["apl"] and s.household_id.imlr_caf_number]
statement = env["imlr.caf.statement"].create(
    {"date_month": month, "date_payment": date(2024, 12, 5), "line_ids": lines})
env.cr.commit()
print("RESULT " + json.dumps({"statement": statement.id, "lines": len(lines), "total": statement.amount_total}))
"""

    def run(self):
        made = self.shell(self.SETUP_SCRIPT, "setup")
        statement = made["statement"]
        procs.say(f"caf-pg-restart: November 2024 billed; CAF statement {statement} drafted: {made['lines']} "
                  f"lines, {made['total']} €")  # fmt: skip
        server = procs.OdooServer(self.config, self.db, LOGS / f"{self.db}.log", workers=2, cron_threads=0).start()
        try:
            session = procs.Session(server.base, self.db, "admin", "admin")
            outcome = {}
            posting = threading.Thread(target=self.post, args=(session, statement, outcome))
            posting.start()
            locker = self.statement_locker(timeout=120)
            self.restart_cluster(
                f"while backend {locker} posts the statement (holding its row lock)"
                if locker
                else "the post's row lock was not seen: restarting anyway"
            )
            posting.join(timeout=600)
            procs.say(f"  the post's HTTP request answered: {outcome.get('result') or outcome.get('error')}")
            state = self.statement_state(statement)
            procs.say(f"  after the restart the statement is {state}")
            if state == "draft":
                self.check(not self.caf_moves(statement), "no entry for the draft statement", "nothing half posted")
                self.retry_post(server, statement)
            self.check_posted(statement, made["lines"])
        finally:
            server.stop()
        return self.problems

    def statement_locker(self, timeout):
        """The backend whose transaction holds a row lock (FOR UPDATE) on imlr_caf_statement: the post's."""
        found = []

        def locked():
            found[:] = self.sql(
                "SELECT pid FROM pg_locks WHERE locktype = 'relation' AND mode = 'RowShareLock' "
                "AND relation = 'imlr_caf_statement'::regclass AND pid <> pg_backend_pid()"
            )
            return bool(found)

        return found[0][0] if procs.wait_until(locked, timeout, every=0.005) else None

    def post(self, session, statement, outcome):
        try:
            outcome["result"] = session.rpc(
                "/web/dataset/call_button",
                {"model": "imlr.caf.statement", "method": "action_post", "args": [[statement]], "kwargs": {}},
            )
        except Exception as error:  # noqa: BLE001 - the restart is expected to break the request
            outcome["error"] = repr(error)[:300]

    def restart_cluster(self, why):
        data, run_dir = procs.dev.cluster_folders()
        # the server's output to its log file: a pipe to this script would keep pg_ctl (and this script) waiting
        log = run_dir / "postgresql.log"
        command = [procs.dev.postgres_bin() / "pg_ctl", "-D", data, "-l", log, "-m", "fast", "-w", "restart"]
        subprocess.run(procs.dev.as_cluster_owner(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)  # fmt: skip
        procs.say(f"RESTARTED PostgreSQL (pg_ctl restart -m fast, cluster {data}) {why}")

    def retry_post(self, server, statement):
        """Post again as a user would: a new session (the restart may have dropped the old one's connection)."""
        for attempt in range(1, 6):
            try:
                session = procs.Session(server.base, self.db, "admin", "admin")
                session.rpc("/web/dataset/call_button", {"model": "imlr.caf.statement", "method": "action_post",
                                                         "args": [[statement]], "kwargs": {}})  # fmt: skip
                procs.say(f"  posted on retry {attempt}")
                return
            except Exception as error:  # noqa: BLE001 - a pooled connection from before the restart may fail once
                procs.say(f"  retry {attempt} failed: {repr(error)[:200]}")
                time.sleep(1)
        self.check(False, "five retries failed", "the draft posts on retry")

    def statement_state(self, statement):
        return self.sql("SELECT state FROM imlr_caf_statement WHERE id = %s", [statement])[0][0]

    def caf_moves(self, statement):
        return self.sql(
            "SELECT id, state FROM account_move WHERE imlr_caf_statement_id = %s OR id = "
            "(SELECT move_id FROM imlr_caf_statement WHERE id = %s)",
            [statement, statement],
        )

    def check_posted(self, statement, line_count):
        state = self.statement_state(statement)
        self.check(state == "posted", state, "the statement is posted")
        moves = self.caf_moves(statement)
        self.check(len(moves) == 1 and moves[0][1] == "posted", moves, "one posted entry")
        lines = self.sql(
            "SELECT count(*), count(l.move_line_id), count(*) FILTER (WHERE aml.amount_residual = 0) "
            "FROM imlr_caf_statement_line l LEFT JOIN account_move_line aml ON aml.id = l.move_line_id "
            "WHERE l.statement_id = %s",
            [statement],
        )[0]
        self.check(lines == (line_count, line_count, line_count), f"{lines[0]} lines, {lines[1]} in the entry, "
                   f"{lines[2]} matched", "every line in the entry and matched")  # fmt: skip


class ImportKill(Fault):
    name = "import-kill"
    HOUSEHOLDS = 300

    def run(self):
        sys.path.insert(0, str(procs.ROOT / "bench"))
        import generate  # noqa: PLC0415 - the benchmark's generator, standard library only

        files = generate.to_csv_files(generate.generate(self.HOUSEHOLDS, 42))
        rows = sum(content.count(b"\n") - 1 for _name, content in files)
        tables = [row[0] for row in self.sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND "
            "(tablename LIKE 'imlr\\_%%' OR tablename IN ('res_partner', 'account_move'))")]  # fmt: skip
        # the wizard hands the import to a job: the scheduler's worker (one) runs it
        server = procs.OdooServer(self.config, self.db, LOGS / f"{self.db}.log", workers=2, cron_threads=1).start()
        try:
            session = procs.Session(server.base, self.db, "admin", "admin")
            wizard = self.upload(session, files)
            procs.say(f"import-kill: {len(files)} files, {rows} rows ({self.HOUSEHOLDS} households) uploaded")
            # started: the wizard running and its progress row are committed, the import not
            session.rpc(
                "/web/dataset/call_button",
                {"model": "imlr.import.wizard", "method": "action_import", "args": [[wizard]], "kwargs": {}},
            )
            before = self.counts(tables)
            busy = self.wait_for_backend(lambda b: 'INSERT INTO "imlr_stay"' in b[3], timeout=600, every=0.01)
            if not busy:
                self.check(False, f"the import's job did not insert stays: {self.state(session, wizard)}",
                           "killed mid-import")  # fmt: skip
                return self.problems
            self.kill_worker(
                server, busy[1], f"the scheduler's worker importing, its backend {busy[0]} inserting stays"
            )
            gone = procs.wait_until(lambda: not [b for b in self.backends() if b[0] == busy[0]], 120)
            self.check(gone, "its backend ended, its transaction rolled back" if gone else "still there after 120 s",
                       "the killed worker's transaction")  # fmt: skip
            after = self.counts(tables)
            changed = {table: (before[table], after[table]) for table in tables if before[table] != after[table]}
            self.check(not changed, changed or f"{len(tables)} tables with the same rows", "nothing written")
            # Odoo's master starts a new scheduler worker; the job's trigger, whose deletion was rolled back with
            # the import, has it import the wizard left running again
            procs.say("  the job's next run")
            done = procs.wait_until(lambda: self.state(session, wizard)["state"] != "running", 600, every=1)
            outcome = self.state(session, wizard)
            self.check(done and outcome["state"] == "done", outcome, "the import, run again by the job, completes")
        finally:
            server.stop()
        return self.problems

    def upload(self, session, files):
        import base64  # noqa: PLC0415

        vals_list = [
            {"name": name, "datas": base64.b64encode(content).decode(), "res_model": "imlr.import.wizard"}
            for name, content in files
        ]
        attachments = session.call("ir.attachment", "create", vals_list)
        return session.call("imlr.import.wizard", "create", [{"attachment_ids": [(6, 0, attachments)]}])[0]

    def state(self, session, wizard):
        [values] = session.call("imlr.import.wizard", "read", [wizard], ["state", "progress", "summary"])
        return {key: values[key] for key in ("state", "progress", "summary")}


class TwoCrons(Fault):
    name = "two-crons"
    SCRIPT = """
import json, os, time, traceback
from datetime import date, datetime, timedelta
from odoo import fields

PROCESS, DAYS, BARRIER = %(process)r, %(days)d, %(barrier)r
day = date(2024, 11, 1)
# the simulated clock of this process: Odoo's today and now
fields.Date.today = staticmethod(lambda *args: day)
fields.Date.context_today = staticmethod(lambda record, timestamp=None: day)
fields.Datetime.now = staticmethod(lambda *args: datetime.combine(day, datetime.min.time()) + timedelta(hours=6))

crons = env["ir.cron"].with_context(active_test=False).search([("id", "in", env["ir.model.data"].search(
    [("model", "=", "ir.cron"), ("module", "like", "imlr%%")]).mapped("res_id"))], order="id")
# each job as Odoo's scheduler runs it: its model's method (the code is "model._cron_x()"), as the cron's user
jobs = [(cron.cron_name, cron.model_id.model, cron.code.strip()[len("model."):-2], cron.user_id.id)
        for cron in crons]
env.cr.commit()
errors, runs = [], 0
for number in range(DAYS):
    day = date(2024, 11, 1) + timedelta(days=number)
    mine = os.path.join(BARRIER, f"{number}.{PROCESS}")
    open(mine, "w").close()
    while len([name for name in os.listdir(BARRIER) if name.startswith(f"{number}.")]) < 2:
        time.sleep(0.05)
    for job, model, method, user in jobs:
        try:
            getattr(env[model].with_user(user), method)()
            env.cr.commit()
            runs += 1
        except Exception:
            env.cr.rollback()
            errors.append(f"{day} {job}: {traceback.format_exc()[-800:]}")
            print(f"ERROR {errors[-1]}", flush=True)
print("RESULT " + json.dumps({"runs": runs, "errors": errors}))
"""

    def run(self):
        days = self.args.days
        barrier = procs.dev.LOCAL / f"barrier-{self.db}"
        barrier.mkdir(parents=True, exist_ok=True)
        crons = self.sql("SELECT count(*) FROM ir_model_data WHERE model = 'ir.cron' AND module LIKE 'imlr%%'")[0][0]
        procs.say(f"two-crons: two Odoo processes run the {crons} IML crons, {days} simulated days from 2024-11-01")
        before = self.sql("SELECT count(*) FROM account_move WHERE imlr_sublease_id IS NOT NULL")[0][0]
        logs = [LOGS / f"{self.db}-cron-{process}.log" for process in (1, 2)]
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(procs.LAUNCHER),
                    "shell",
                    "-c",
                    str(self.config),
                    "-d",
                    self.db,
                    "--no-http",
                    f"--logfile={log}",
                    "--log-level=info",
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for log in logs
        ]
        procs.say(f"  Odoo processes {processes[0].pid} and {processes[1].pid} started, logs {logs[0]}, {logs[1]}")
        outputs = [None, None]

        def drive(index):
            script = self.SCRIPT % {"process": index + 1, "days": days, "barrier": str(barrier)}
            outputs[index] = processes[index].communicate(script, timeout=7200)[0]

        threads = [threading.Thread(target=drive, args=(index,)) for index in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for index, output in enumerate(outputs):
            result = next((json.loads(line[7:]) for line in output.splitlines() if line.startswith("RESULT ")), None)
            if result is None:
                self.check(False, output[-2000:], f"process {index + 1} ran to its end")
                continue
            procs.say(f"  process {index + 1}: {result['runs']} cron runs, {len(result['errors'])} errors")
            self.check(not result["errors"], result["errors"][:3] or "none", f"process {index + 1}: no failed cron")
        self.check_no_duplicates(before)
        for log in logs:
            text = log.read_text(errors="replace") if log.exists() else ""
            errors = [line for line in text.splitlines() if " ERROR " in line or "Traceback" in line]
            skipped = len([line for line in text.splitlines() if "skipped: another" in line])
            procs.say(f"  {log.name}: {skipped} job runs skipped because the other process was running the same job")
            self.check(not errors, errors[:3] or "no error", f"log {log.name}")
        for entry in barrier.iterdir():
            entry.unlink()
        barrier.rmdir()
        return self.problems

    def check_no_duplicates(self, before):
        billed = self.sql("SELECT count(*) FROM account_move WHERE imlr_sublease_id IS NOT NULL")[0][0] - before
        procs.say(f"  rent invoices made over the simulated days: {billed}")
        for what, query in (
            ("rent invoice per sublease and month", "SELECT imlr_sublease_id, imlr_period_start FROM account_move "
             "WHERE imlr_sublease_id IS NOT NULL AND move_type = 'out_invoice' AND state = 'posted'"),
            ("landlord bill per lease and month", "SELECT imlr_lease_id, imlr_period_start FROM account_move "
             "WHERE imlr_lease_id IS NOT NULL AND move_type = 'in_invoice' AND state = 'posted'"),
            ("activity per record, type, deadline and summary", "SELECT res_model, res_id, activity_type_id, "
             "date_deadline, summary, user_id FROM mail_activity"),
        ):  # fmt: skip
            twice = self.sql(f"SELECT count(*) FROM ({query}) q GROUP BY q.* HAVING count(*) > 1")
            self.check(not twice, f"{len(twice)} twice" if twice else "none twice", what)


FAULTS = {fault.name: fault for fault in (RentRunKill, CafPgRestart, ImportKill, TwoCrons)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("faults", nargs="*", choices=[*FAULTS, []], help="default: all")
    parser.add_argument("--days", type=int, default=62, help="two-crons: simulated days (default two months)")
    parser.add_argument("--template", default=procs.dev.DEMO_DB, help="the database to copy")
    parser.add_argument("--keep", action="store_true", help="keep the copies")
    args = parser.parse_args(argv)
    setup, started_cluster = procs.cluster()
    problems = []
    try:
        for name in args.faults or FAULTS:
            fault = FAULTS[name](setup, args)
            try:
                found = fault.run()
            finally:
                fault.finish()
            procs.say(f"{name}: " + ("survived" if not found else f"{len(found)} invariants FAILED"))
            problems += found
    finally:
        if started_cluster and not args.keep:
            setup.stop_cluster()
    for problem in problems:
        print(f"FAILED {problem}")
    procs.say("faults: " + ("all survived" if not problems else f"{len(problems)} invariants failed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
