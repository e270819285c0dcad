"""Load test: an office at work on a copy of the demo database, served as in production.

    python3 bench/load.py --users 30 --minutes 3 [--think 2,8] [--spawn-rate 3] [--template imlr_demo] [--keep]

1. Makes the load client's virtualenv ``bench/.venv`` with Locust if missing (Locust pins its own gevent:
   never installed beside Odoo); the client speaks HTTP/JSON-RPC only (bench/locustfile.py).
2. Copies the demo database (``imlr_demo`` of ``./imlr``'s cluster, created if missing) and serves the copy
   with ``--workers 4 --max-cron-threads 1`` on 127.0.0.1 (IMLR_HTTP_PORT + 1 or a free port); the IML crons
   that are active are made due, so that the cron worker runs them during the load.
3. Prepares, as the director, the annual report 2023-2024 to print (computed), then runs Locust headless:
   ``--users`` users of three roles (bench/locustfile.py), ``--minutes`` long.
4. Prints and writes ``bench/results/load-<timestamp>.json``: requests/s, p50/p95/p99 per action and per
   request, errors, the server log's errors, the machine's load average before and after; then stops the
   server and drops the copy (``--keep`` keeps it).

Exit status 1 when any request failed or the server logged an error; the percentile goals (forms and lists
p95 < 1 s, PDFs p95 < 5 s) are printed as met or not, they do not fail the run (they depend on the machine).
"""

import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import odoo_procs as procs  # noqa: E402

BENCH = procs.ROOT / "bench"
VENV = BENCH / ".venv"
LOCUST_VERSION = "2.47.0"
RESULTS = BENCH / "results"
PDF_ACTIONS = ("quittance: PDF", "annual report: PDF")
GOALS_MS = {"pdf": 5000, "other": 1000}
REPORT_PERIOD = ("2023-11-01", "2024-10-31")  # the demo association's program year


def ensure_venv():
    """bench/.venv with Locust (created once; git-ignored)."""
    locust = VENV / "bin" / "locust"
    if not locust.exists():
        procs.say(f"creating the load client's virtualenv {VENV} (Locust {LOCUST_VERSION})")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", f"locust=={LOCUST_VERSION}"], check=True)
    return locust


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


def make_active_crons_due(config, name):
    """The active IML crons due now: the cron worker runs them while the users work (the inactive ones, the
    demo's rent and landlord runs, stay off: the demo's rents stop in October 2024)."""
    rows = procs.sql(
        config,
        name,
        "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 minute' WHERE active AND id IN "
        "(SELECT res_id FROM ir_model_data WHERE model = 'ir.cron' AND module LIKE 'imlr%%') RETURNING id",
    )
    return len(rows)


def prepare_annual_report(base, name):
    """The annual report of the demo's program year, computed by the director (admin): its id."""
    session = procs.Session(base, name, "admin", "admin")
    program = session.call("imlr.program", "search", [("code", "=", "IMLR")], limit=1)
    [report_id] = session.call(
        "imlr.annual.report",
        "create",
        [{"program_id": program[0], "date_from": REPORT_PERIOD[0], "date_to": REPORT_PERIOD[1]}],
    )
    session.call("imlr.annual.report", "action_compute", [report_id])
    return report_id


def read_stats(prefix):
    """Locust's ``<prefix>_stats.csv``: {(type, name): figures}."""
    stats = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            stats[(row["Type"], row["Name"])] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "requests_per_s": round(float(row["Requests/s"]), 2),
                "avg_ms": round(float(row["Average Response Time"])),
                "p50_ms": int(float(row["50%"] or 0)),
                "p95_ms": int(float(row["95%"] or 0)),
                "p99_ms": int(float(row["99%"] or 0)),
                "max_ms": round(float(row["Max Response Time"])),
            }
    return stats


def read_failures(prefix):
    with open(f"{prefix}_failures.csv", newline="") as handle:
        return [
            {"type": row["Method"], "name": row["Name"], "error": row["Error"], "occurrences": int(row["Occurrences"])}
            for row in csv.DictReader(handle)
        ]


REQUEST_LINE = re.compile(r'werkzeug: .*"(GET|POST) (\S+) HTTP/[\d.]+" (\d+) - (\d+) ([\d.]+) ([\d.]+)')


def server_side(log):
    """Where the time goes, from Odoo's request log (``--log-level=info``: queries, SQL seconds, the rest in
    Python) per path: medians and the 95th percentile of each."""
    by_path = {}
    for line in log.read_text(errors="replace").splitlines() if log.exists() else []:
        match = REQUEST_LINE.search(line)
        if match and not match[2].startswith("/web/health"):
            path = re.sub(r"/\d+$", "/<id>", match[2].split("?")[0])
            by_path.setdefault(path, []).append((int(match[4]), float(match[5]), float(match[6])))

    def pick(values, share):
        values = sorted(values)
        return values[min(len(values) - 1, int(share * len(values)))]

    return {
        path: {
            "requests": len(rows),
            "queries_p50": pick([r[0] for r in rows], 0.5),
            "sql_s_p50": pick([r[1] for r in rows], 0.5),
            "sql_s_p95": pick([r[1] for r in rows], 0.95),
            "python_s_p50": pick([r[2] for r in rows], 0.5),
            "python_s_p95": pick([r[2] for r in rows], 0.95),
        }
        for path, rows in sorted(by_path.items())
    }


def split_log_problems(lines):
    """(errors, retried): the "bad query … could not serialize access" that Odoo retries itself
    (SERIALIZATION_FAILURE, the request then answered) are no errors; everything else is."""
    retried = [line for line in lines if "bad query" in line and "could not serialize" in line]
    return [line for line in lines if line not in retried], retried


def goal_of(action):
    return GOALS_MS["pdf"] if action in PDF_ACTIONS else GOALS_MS["other"]


def run_locust(locust, base, name, args, *, report_id, workdir):
    prefix = str(Path(workdir) / "load")
    env = {
        **os.environ,
        "IMLR_LOAD_DB": name,
        "IMLR_LOAD_THINK": args.think,
        "IMLR_LOAD_REPORT_ID": str(report_id),
        "IMLR_LOAD_RENT_DATE": args.rent_date,
    }
    command = [
        str(locust),
        "-f",
        str(BENCH / "locustfile.py"),
        "--headless",
        "--host",
        base,
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{round(args.minutes * 60)}s",
        "--stop-timeout",
        "120",
        "--csv",
        prefix,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    procs.say(f"Locust: {args.users} users, {args.minutes} min, think time {args.think} s")
    output = Path(workdir) / "locust.out"
    with output.open("w") as handle:
        completed = subprocess.run(command, env=env, cwd=workdir, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if completed.returncode not in (0, 1) or not Path(f"{prefix}_stats.csv").exists():
        print(output.read_text()[-5000:])
        raise SystemExit(f"Locust failed (exit {completed.returncode})")
    return completed.returncode, read_stats(prefix), read_failures(prefix)


def warm_up(base, name, workers):
    """Each worker loads the registry on its first request: log in a few times at once before measuring (a
    production server has been up for a while)."""
    with ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(lambda _i: procs.Session(base, name, "claire.lemaire", "claire.lemaire"), range(workers * 3)))


def print_table(actions, requests, total):
    print(f"\n{'action':28} {'count':>6} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}  goal p95")
    for label, figures in sorted(actions.items()):
        goal = goal_of(label)
        verdict = "met" if figures["p95_ms"] <= goal else "NOT met"
        if label == "login":  # the password's hash (PBKDF2) costs by design; once a day per user
            goal, verdict = "-", "no goal"
        print(
            f"{label:28} {figures['requests']:6} {figures['failures']:5} {figures['requests_per_s']:6} "
            f"{figures['p50_ms']:6} {figures['p95_ms']:6} {figures['p99_ms']:6}  < {goal} ms: {verdict}"
        )
    print(f"\n{'request':44} {'count':>6} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}")
    for label, figures in sorted(requests.items()):
        print(
            f"{label:44} {figures['requests']:6} {figures['failures']:5} {figures['p50_ms']:6} "
            f"{figures['p95_ms']:6} {figures['p99_ms']:6}"
        )
    print(
        f"\nall HTTP requests: {total['requests']} at {total['requests_per_s']}/s, {total['failures']} failed; "
        f"{total['actions']} actions at {total['actions_per_s']}/s"
    )


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--spawn-rate", type=float, default=3, help="users started per second")
    parser.add_argument("--think", default="2,8", help="seconds between two actions of a user: min,max")
    parser.add_argument("--rent-date", default="2024-11-30", help="the rent preview's date (the demo's next month)")
    parser.add_argument("--template", default=procs.dev.DEMO_DB, help="the database to copy")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the copy (and leave the cluster running)")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/load-*.json")
    return parser.parse_args(argv)


def summarise(stats, seconds):
    """(actions, requests, total) from Locust's figures."""
    actions = {label: figures for (kind, label), figures in stats.items() if kind == "ACTION"}
    requests = {f"{kind} {label}": figures for (kind, label), figures in stats.items() if kind not in ("ACTION", "")}
    count = sum(figures["requests"] for figures in requests.values())
    action_count = sum(figures["requests"] for figures in actions.values())
    total = {
        "requests": count,
        "failures": sum(figures["failures"] for figures in requests.values()),
        "requests_per_s": round(count / seconds, 2),
        "actions": action_count,
        "actions_per_s": round(action_count / seconds, 2),
    }
    return actions, requests, total


def main(argv=None):
    args = parse_args(argv)
    locust = ensure_venv()
    setup, started_cluster = procs.cluster()
    name = procs.copy_database(setup.config, args.template, "imlr_load")
    port = procs.free_port(procs.dev.HTTP_PORT + 1)
    config = setup.other_config(f"load-{name}", port)
    server = procs.OdooServer(
        config, name, procs.dev.LOCAL / "logs" / f"{name}.log", port=port, workers=args.workers, cron_threads=1
    )
    procs.point_urls_at(config, name, server.base)
    crons = make_active_crons_due(config, name)
    try:
        server.start()
        report_id = prepare_annual_report(server.base, name)
        warm_up(server.base, name, args.workers)
        procs.say(f"annual report {report_id} computed; {crons} active IML crons due for the cron worker")
        load_before = load_average()
        started = time.time()
        with tempfile.TemporaryDirectory(prefix="imlr-load-") as workdir:
            code, stats, failures = run_locust(locust, server.base, name, args, report_id=report_id, workdir=workdir)
        seconds = time.time() - started
        load_after = load_average()
    finally:
        server.stop()
        log_problems, retried = split_log_problems(server.log_problems(with_next_line=True))
        where = server_side(server.log)
        if not args.keep:
            procs.dev.drop_database(setup.config, name)
            config.unlink(missing_ok=True)
            if started_cluster:
                setup.stop_cluster()
    actions, requests, total = summarise(stats, seconds)
    print_table(actions, requests, total)
    goals_missed = [
        label for label, figures in actions.items() if label != "login" and figures["p95_ms"] > goal_of(label)
    ]
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {
            "host": platform.node(),
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": load_after,
        },
        "settings": {
            "users": args.users,
            "minutes": args.minutes,
            "spawn_rate": args.spawn_rate,
            "think_s": args.think,
            "workers": args.workers,
            "max_cron_threads": 1,
            "template": args.template,
            "rent_preview_date": args.rent_date,
            "locust": LOCUST_VERSION,
        },
        "seconds": round(seconds, 1),
        "total": total,
        "actions": actions,
        "requests": requests,
        "errors": failures,
        "server_log_errors": log_problems[:50],
        "serialization_conflicts_retried_by_odoo": len(retried),
        "server_side": where,
        "goals": {"p95_ms": GOALS_MS, "missed": goals_missed},
    }
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        procs.say(f"written {out.relative_to(procs.ROOT)}")
    print(f"machine load average before {load_before}, after {load_after} ({os.cpu_count()} cores)")
    print(f"\n{'server side (Odoo log)':44} {'count':>6} {'queries':>7} {'SQL p50':>8} {'p95':>6} {'Python p50':>10} "
          f"{'p95':>6}")  # fmt: skip
    for path, figures in where.items():
        print(f"{path[-44:]:44} {figures['requests']:6} {figures['queries_p50']:7} {figures['sql_s_p50']:8} "
              f"{figures['sql_s_p95']:6} {figures['python_s_p50']:10} {figures['python_s_p95']:6}")  # fmt: skip
    if retried:
        print(f"{len(retried)} serialization conflicts (two transactions on the same rows), retried by Odoo: answered")
    for problem in log_problems[:20]:
        print(f"server log: {problem}")
    for failure in failures:
        print(f"error: {failure['occurrences']} × {failure['type']} {failure['name']}: {failure['error']}")
    print("goals (p95): " + ("all met" if not goals_missed else "not met for " + ", ".join(goals_missed)))
    failed = total["failures"] or log_problems or code not in (0, 1)
    procs.say("load test: " + ("FAILED" if failed else "passed (0 errors)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
