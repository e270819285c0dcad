"""Benchmarks of imlr on a throwaway database: import, annual report, monthly rent run.

    python3 bench/run_bench.py --size S|M|L [--seed 42] [--keep] [--check-queries-against M|3000]

Creates ``imlr_bench_<size>_<random>`` (both addons, French company and chart, no demo data) with the
project's dev tool, generates a synthetic association (bench/generate.py) and measures, in one process.
Size L is a federation: ten companies of 2,000 households each (M's make-up), each with its French chart and
its program; every step then runs for every company, the report for the first one (the others' data beside it).

1. the spreadsheet import of the whole data set (``imlr.import.import_files``): rows per second; then the first
   company's persons written again, renamed, by the import and by bare ``res.partner.create``, rolled back;
2. the annual report as JSON (``imlr.annual.report.data.build`` + ``json.dumps``) for 2023-11-01..2024-10-31:
   wall time and SQL queries (``cr.sql_log_count`` delta), after one warm-up call, caches invalidated;
3. the monthly rent run of 2024-10 (``imlr.sublease._imlr_rent_run``), one month billed per sublease, in
   invoices per second, against bare Odoo creating and posting the very same invoices
   (``account.move.create(vals_list)`` + ``action_post()`` in one batch, rolled back);
4. the CAF statement of that month (one line per household with APL) posted as one entry and matched with
   the invoices, against bare Odoo registering the same amounts one by one with ``account.payment.register``;
5. the peak memory of the process (``ru_maxrss``) after each step, and its growth during the step.

Prints a table, writes ``bench/results/<size>-<timestamp>.json``, drops the database unless ``--keep``.

``--check-queries-against SIZE`` also imports the data set of another size (S, M, L or a number of households, in
one company) into a copy of the fresh database and builds the same report there: the run fails (exit 1) when the
two reports' query counts differ, i.e. when the report's cost in queries grows with the number of households.
CI runs ``--size S --check-queries-against 3000``: 3,000 households make more than 1,000 dwellings, persons,
stays… so a field read record by record (the ORM reads 1,000 records per query) shows there, not at M.
Times on a shared machine are noisy: compare the ratio (and the query counts), measured in the same run.
Each step logs a line when it starts and ends, with its counts (logger ``imlr.bench``, and the addons' own
progress lines of the import, the rent run and the CAF statement).
"""

import argparse
import json
import logging
import os
import platform
import resource
import secrets
import shutil
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import generate  # noqa: E402

import devtools.imlr_dev as dev  # noqa: E402

SIZES = {"S": 100, "M": 2_000, "L": 20_000}
COMPANIES = {"S": 1, "M": 1, "L": 10}  # L: a federation of ten associations of M's make-up
REPORT_FROM, REPORT_TO = date(2023, 11, 1), date(2024, 10, 31)
RENT_MONTH = date(2024, 10, 1)
RESULTS = ROOT / "bench" / "results"
_logger = logging.getLogger("imlr.bench")


def households_of(size):
    """The number of households of a size: S, M, L or a number."""
    return SIZES[size] if size in SIZES else int(size)


def size_argument(value):
    if value in SIZES or (value.isdigit() and int(value) > 0):
        return value
    raise argparse.ArgumentTypeError(f"{value!r}: S, M, L or a number of households")


class _Undo(Exception):
    """Raised to roll the baseline's savepoint back."""


def peak_mib():
    """Peak resident memory of this process so far, in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Step:
    """Times a step and records the process's peak memory after it, and the SQL queries it ran."""

    def __init__(self, cr):
        self.cr = cr

    def __enter__(self):
        self.memory_before = peak_mib()
        self.queries_before = self.cr.sql_log_count
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        self.queries = self.cr.sql_log_count - self.queries_before
        self.peak_mib = peak_mib()
        self.growth_mib = self.peak_mib - self.memory_before
        return False

    def memory(self):
        return {"peak_rss_mib": round(self.peak_mib, 1), "rss_growth_mib": round(self.growth_mib, 1)}


# --------------------------------------------------------------------------- the steps


def bench_import(env, households, seed, companies=None, against_bare=True):
    """Import the generated data set, each company's part into its company (``companies``: the env's one); then,
    unless ``against_bare`` is False, the persons written again by the import and by bare Odoo."""
    companies = companies or env.company
    started = time.perf_counter()
    parts = generate.generate_companies(households, len(companies), seed)
    files = [generate.to_csv_files(tables) for tables in parts]
    generation = time.perf_counter() - started
    rows = {name: sum(len(tables[name]) for tables in parts) for name in parts[0]}
    total = sum(rows.values())
    _logger.info("import: %s rows of %s households in %s companies", total, households, len(companies))
    created = {}
    with Step(env.cr) as step:
        for company, company_files in zip(companies, files, strict=True):
            result = env["imlr.import"].with_company(company).import_files(company_files)
            if result["errors"]:
                for error in result["errors"][:20]:
                    message = f"  {error['file']} row {error['row']} {error['column']}: {error['message']}"
                    print(message, file=sys.stderr)
                raise SystemExit(f"bench: the generated data set was refused ({len(result['errors'])} errors)")
            for name, count in result["created"].items():
                created[name] = created.get(name, 0) + count
            env.cr.commit()
            env.invalidate_all()  # the next company's records need not sit beside these in memory
            _logger.info("import: %s done (%s households so far)", company.name, created.get("households"))
    _logger.info("import: %s rows in %.1f s", total, step.seconds)
    persons = persons_against_bare(env, companies[0], parts[0]["persons"]) if against_bare else None
    return {
        "rows": total,
        "rows_per_file": rows,
        "created": created,
        "companies": len(companies),
        "generation_s": round(generation, 2),
        "seconds": round(step.seconds, 2),
        "rows_per_s": round(total / step.seconds, 1),
        **step.memory(),
        "persons_against_bare": persons,
    }


def persons_against_bare(env, company, rows):
    """The partners are most of the import's time: the first company's persons written again, renamed, by the
    import (``persons.csv`` alone: read, checked, created) and by bare Odoo's ``res.partner.create(vals_list)`` of
    the same values in one batch, in turn, each rolled back: how far the import is from what the ORM itself
    costs, in one run whatever the machine's load."""
    from odoo.addons.imlr_odoo.tools.import_format import person_name  # noqa: PLC0415

    rows = [{**row, "ref": f"{row['ref']}-B", "lastname": f"{row['lastname']}-B"} for row in rows]
    countries = dict(env["res.country"].search([]).mapped(lambda country: (country.code, country.id)))
    vals_list = [
        {
            "ref": row["ref"],
            "name": person_name(row),
            "birthdate": row["birthdate"] or False,
            "gender": row["gender"] or False,
            "nationality_id": countries.get(row["nationality"]) or False,
            "is_imlr_person": True,
            "is_company": False,
        }
        for row in rows
    ]
    files = generate.to_csv_files({"persons": rows})
    partners = env["res.partner"].with_company(company).with_context(tracking_disable=True, mail_create_nolog=True)
    seconds = {}
    for name, write in (
        ("import", lambda: env["imlr.import"].with_company(company).import_files(files)),
        ("bare", lambda: partners.create(vals_list)),
    ):
        try:
            with env.cr.savepoint():
                started = time.perf_counter()
                result = write()
                env.flush_all()
                seconds[name] = time.perf_counter() - started
                if name == "import" and result["errors"]:
                    raise SystemExit(f"bench: the renamed persons were refused: {result['errors'][:3]}")
                raise _Undo()
        except _Undo:
            pass
        env.invalidate_all()
    _logger.info("import: %s persons again in %.1f s; bare Odoo %.1f s", len(rows), seconds["import"], seconds["bare"])
    return {
        "persons": len(rows),
        "import_seconds": round(seconds["import"], 2),
        "bare_seconds": round(seconds["bare"], 2),
        "ratio_to_bare": round(seconds["bare"] / seconds["import"], 2),
    }


def report_queries(env):
    """SQL queries of the annual report as JSON, caches emptied (after a warm-up call)."""
    return bench_report(env)["queries"]


def bench_report(env):
    """The first company's report (program IMLR), the other companies' data beside it."""
    program = env["imlr.program"].search([("code", "=", "IMLR")], limit=1)
    data = env["imlr.annual.report.data"]
    _logger.info("annual report: %s, %s", env.company.name, program.code)

    def build():
        return json.dumps(data.build(program, REPORT_FROM, REPORT_TO, env.company))

    with Step(env.cr) as cold:
        build()
    env.invalidate_all()
    with Step(env.cr) as warm:
        report = build()
    _logger.info("annual report: %.2f s, %s queries", warm.seconds, warm.queries)
    return {
        "period": [REPORT_FROM.isoformat(), REPORT_TO.isoformat()],
        "first_call_s": round(cold.seconds, 3),
        "seconds": round(warm.seconds, 3),
        "queries": warm.queries,
        "first_call_queries": cold.queries,
        "json_bytes": len(report),
        "peak_rss_mib": round(warm.peak_mib, 1),
        "rss_growth_mib": round(max(cold.growth_mib, warm.growth_mib), 1),
    }


def bare_create_and_post(env, vals_list, company=None):
    """Seconds bare Odoo takes to create ``vals_list`` (of ``company``) in one batch and post them; rolled back."""
    moves = env["account.move"].with_company(company or env.company)
    seconds = None
    try:
        with env.cr.savepoint():
            started = time.perf_counter()
            created = moves.create(vals_list)
            created.action_post()
            env.flush_all()
            seconds = time.perf_counter() - started
            raise _Undo()
    except _Undo:
        pass
    env.invalidate_all()
    return seconds


def bench_rent_run(env, companies=None):
    """The rent run of RENT_MONTH in every company (one run each, as the cron does), against bare Odoo creating
    and posting the same invoices, one batch per company."""
    companies = companies or env.company
    bare_vals = {}
    for company in companies:
        company.imlr_billing_start = RENT_MONTH  # one month billed per sublease: 2024-10 (the billing start)
        subleases = env["imlr.sublease"].with_company(company)._rent_subleases_to_bill(RENT_MONTH)
        settings = company._imlr_rent_settings()
        bare_vals[company] = []
        for sublease, period in subleases._rent_periods_due(RENT_MONTH):
            vals = sublease._prepare_rent_invoice_vals(period, settings)
            if vals:
                vals.pop("imlr_sublease_id")
                vals.pop("imlr_period_start")
                bare_vals[company].append(vals)
    expected = sum(len(vals_list) for vals_list in bare_vals.values())
    env.invalidate_all()
    bare_create_and_post(env, bare_vals[companies[0]][:10], companies[0])  # warm-up of both paths' code and caches
    _logger.info("rent run: bare Odoo, %s invoices in %s companies", expected, len(companies))
    with Step(env.cr) as bare:
        bare_seconds = sum(bare_create_and_post(env, vals_list, company) for company, vals_list in bare_vals.items())
    _logger.info("rent run: bare Odoo done in %.1f s; imlr", bare_seconds)
    moves = env["account.move"]
    with Step(env.cr) as ours:
        for company in companies:
            moves |= env["imlr.sublease"].with_company(company)._imlr_rent_run(RENT_MONTH)
            env.flush_all()
    env.cr.commit()
    periods = set(moves.mapped("imlr_period_start"))
    if len(moves) != expected or periods - {RENT_MONTH} or moves.filtered(lambda m: m.state != "posted"):
        raise SystemExit(f"bench: the rent run billed {len(moves)} invoices ({periods}), expected {expected}")
    _logger.info("rent run: %s invoices in %.1f s", len(moves), ours.seconds)
    ours_rate, bare_rate = len(moves) / ours.seconds, expected / bare_seconds
    return {
        "month": RENT_MONTH.isoformat()[:7],
        "invoices": len(moves),
        "seconds": round(ours.seconds, 2),
        "invoices_per_s": round(ours_rate, 1),
        "bare_seconds": round(bare_seconds, 2),
        "bare_invoices_per_s": round(bare_rate, 1),
        "ratio_to_bare": round(ours_rate / bare_rate, 2),
        "queries": ours.queries,
        "bare_queries": bare.queries,
        "peak_rss_mib": round(ours.peak_mib, 1),
        "rss_growth_mib": round(ours.growth_mib, 1),
        "bare_rss_growth_mib": round(bare.growth_mib, 1),
    }


def bench_caf(env, baseline_sample=None, companies=None):
    """The CAF statements of the rent month, one per company: a line per household with APL, posted (all
    companies' statements in one ``action_post``) as one entry each whose credits are matched with the
    households' invoices in one batch; against bare Odoo registering the same amounts one by one with
    ``account.payment.register`` on each invoice (rolled back). With ``baseline_sample``, the one-by-one
    baseline runs on that many invoices (taken evenly from every company) and is scaled to all of them."""
    from odoo import Command  # noqa: PLC0415

    companies = companies or env.company
    invoices = env["account.move"].search(
        [
            ("imlr_period_start", "=", RENT_MONTH),
            ("imlr_apl_expected", ">", 0),
            ("move_type", "=", "out_invoice"),
            ("company_id", "in", companies.ids),
        ],
        order="company_id, id",
    )
    for number, household in enumerate(invoices.partner_id, start=1):
        household.imlr_caf_number = f"B{number:07d}"
    paid_on = RENT_MONTH + relativedelta(months=1, day=5)
    statements = env["imlr.caf.statement"]
    for company in companies:
        lines = [
            Command.create(
                {
                    "caf_number": invoice.partner_id.imlr_caf_number,
                    "date_month": RENT_MONTH,
                    "amount": invoice.imlr_apl_expected,
                }
            )
            for invoice in invoices.filtered(lambda move, company=company: move.company_id == company)
        ]
        statements |= (
            env["imlr.caf.statement"]
            .with_company(company)
            .create({"date_month": RENT_MONTH, "date_payment": paid_on, "line_ids": lines})
        )
    env.flush_all()
    env.invalidate_all()
    step = max(1, len(invoices) // baseline_sample) if baseline_sample else 1
    sample = invoices[::step][:baseline_sample]
    _logger.info("CAF statement: bare Odoo, %s payments registered one by one", len(sample))
    with Step(env.cr) as bare:
        try:
            with env.cr.savepoint():
                for invoice in sample:
                    bank = env["account.journal"].search(
                        [("type", "=", "bank"), ("company_id", "=", invoice.company_id.id)], limit=1
                    )
                    register = (
                        env["account.payment.register"]
                        .with_company(invoice.company_id)
                        .with_context(active_model="account.move", active_ids=invoice.ids)
                    )
                    vals = {"amount": invoice.imlr_apl_expected, "payment_date": paid_on, "journal_id": bank.id}
                    register.create(vals)._create_payments()
                env.flush_all()
                raise _Undo()
        except _Undo:
            pass
    env.invalidate_all()
    _logger.info("CAF statement: bare Odoo done in %.1f s; imlr, %s households", bare.seconds, len(invoices))
    with Step(env.cr) as ours:
        statements.action_post()
        env.flush_all()
    env.cr.commit()
    posted = statements.filtered(lambda statement: statement.state == "posted")
    if posted != statements or not all(statements.line_ids.move_line_id.mapped("reconciled")):
        raise SystemExit("bench: the CAF statements were not posted and matched")
    _logger.info("CAF statement: %s households in %.1f s", len(invoices), ours.seconds)
    bare_seconds = bare.seconds * len(invoices) / len(sample)
    return {
        "households": len(invoices),
        "statements": len(statements),
        "seconds": round(ours.seconds, 2),
        "households_per_s": round(len(invoices) / ours.seconds, 1),
        "bare_seconds": round(bare_seconds, 2),
        "bare_sampled_households": len(sample),
        "ratio_to_bare": round(bare_seconds / ours.seconds, 2),
        "queries": ours.queries,
        "bare_queries": bare.queries,
        "peak_rss_mib": round(ours.peak_mib, 1),
        "rss_growth_mib": round(ours.growth_mib, 1),
    }


# --------------------------------------------------------------------------- output


def table(results):
    imp, rep, rent = results["import"], results["annual_report"], results["rent_run"]
    lines = [
        ("step", "figure", "peak RSS MiB (+growth)"),
        (
            "import",
            f"{imp['rows']} rows in {imp['seconds']} s = {imp['rows_per_s']} rows/s",
            f"{imp['peak_rss_mib']} (+{imp['rss_growth_mib']})",
        ),
        (
            "  persons again",
            f"{imp['persons_against_bare']['persons']} in {imp['persons_against_bare']['import_seconds']} s; bare "
            f"res.partner.create {imp['persons_against_bare']['bare_seconds']} s: "
            f"ratio {imp['persons_against_bare']['ratio_to_bare']}",
            "",
        ),
        (
            "annual report (JSON)",
            f"{rep['seconds']} s, {rep['queries']} SQL queries (first call {rep['first_call_s']} s)",
            f"{rep['peak_rss_mib']} (+{rep['rss_growth_mib']})",
        ),
        (
            "rent run 1 month",
            f"{rent['invoices']} invoices in {rent['seconds']} s = {rent['invoices_per_s']} inv/s",
            f"{rent['peak_rss_mib']} (+{rent['rss_growth_mib']})",
        ),
        (
            "  bare create+post",
            f"{rent['invoices']} invoices in {rent['bare_seconds']} s = {rent['bare_invoices_per_s']} inv/s",
            f"(+{rent['bare_rss_growth_mib']})",
        ),
        ("  ratio imlr / bare", f"{rent['ratio_to_bare']}", ""),
    ]
    caf = results["caf_statement"]
    lines += [
        (
            "CAF statement",
            f"{caf['households']} households in {caf['seconds']} s ({caf['queries']} SQL queries)",
            f"{caf['peak_rss_mib']} (+{caf['rss_growth_mib']})",
        ),
        (
            "  bare payment.register",
            f"one by one in {caf['bare_seconds']} s (measured on {caf['bare_sampled_households']})",
            "",
        ),
        ("  ratio bare / imlr", f"{caf['ratio_to_bare']}", ""),
    ]
    if "query_check" in results:
        check = results["query_check"]
        lines.append(("  report at size " + check["size"], f"{check['queries']} SQL queries", ""))
    widths = [max(len(line[i]) for line in lines) for i in range(3)]
    out = [
        f"size {results['size']} ({results['households']} households in {results.get('companies', 1)} companies, "
        f"seed {results['seed']}; {results['cpus']} cores, load average {results.get('load_average_at_start')} at "
        f"start, {results.get('load_average_at_end')} at the end)"
    ]
    for number, line in enumerate(lines):
        out.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def git_commit():
    """The checkout's commit, with ``+changes`` when files differ from it (the figures are then not the commit's)."""
    probe = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    changes = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    commit = probe.stdout.strip() or None
    return f"{commit}+changes" if commit and changes.stdout.strip() else commit


# --------------------------------------------------------------------------- main


def copy_database(config, source, target):
    """``target``, a copy of the fresh database ``source`` (PostgreSQL template copy and filestore)."""
    conn = dev.connect(config)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    conn.close()
    filestore = dev.LOCAL / "data" / "filestore"
    if (filestore / source).exists():
        shutil.copytree(filestore / source, filestore / target)


def add_companies(env, count):
    """The federation's companies: the database's own, then ``count - 1`` more, each French with its chart of
    accounts and its program (``generate.company_program``)."""
    companies = env.company
    for number in range(1, count):
        _logger.info("companies: creating company %s of %s (French chart)", number + 1, count)
        company = env["res.company"].create(
            {
                "name": f"IML-R {number + 1:02d}",
                "country_id": env.ref("base.fr").id,
                "currency_id": env.ref("base.EUR").id,
            }
        )
        env["account.chart.template"].try_loading("fr", company, install_demo=False)
        env["imlr.program"].create(
            {"name": f"IML-R {number + 1:02d}", "code": generate.company_program(number), "company_id": company.id}
        )
        env.cr.commit()
        companies |= company
    return companies


def query_check(name, size, seed):
    """The annual report's query count on database ``name`` filled with the data set of ``size``."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    registry = Registry(name)
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            bench_import(env, households_of(size), seed, against_bare=False)
            return report_queries(env)
    finally:
        Registry.delete(name)


def run(config, name, size, seed, *, baseline_sample=None, companies=None):
    import odoo  # noqa: PLC0415
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    # the bench's and the addons' progress lines (a line per step, with counts), Odoo's warnings
    progress = ["--log-handler=imlr.bench:INFO", "--log-handler=odoo.addons.imlr_odoo:INFO"]
    odoo.tools.config.parse_config(["-c", str(config), "--log-level=warn", *progress])
    registry = Registry(name)
    results = {
        "size": size,
        "households": SIZES[size],
        "companies": companies or COMPANIES[size],
        "seed": seed,
        "database": name,
        "started": datetime.now().isoformat(timespec="seconds"),
        "odoo": odoo.release.version,
        "commit": git_commit(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": [round(load, 2) for load in os.getloadavg()],
        "memory_measure": "ru_maxrss of the process after the step (peak so far) and its growth during the step",
    }
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            companies = add_companies(env, companies or COMPANIES[size])
            env = env(context={"allowed_company_ids": companies.ids})
            results["import"] = bench_import(env, SIZES[size], seed, companies)
            results["annual_report"] = bench_report(env)
            results["rent_run"] = bench_rent_run(env, companies)
            results["caf_statement"] = bench_caf(env, baseline_sample, companies)
            results["load_average_at_end"] = [round(load, 2) for load in os.getloadavg()]
    finally:
        Registry.delete(name)
        odoo.sql_db.close_db(name)
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, required=True, help="S 100, M 2,000, L 20,000 households")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--check-queries-against",
        type=size_argument,
        metavar="SIZE",
        help="fail when the report's query count at SIZE (S, M, L or a number of households) differs from --size's",
    )
    parser.add_argument("--no-save", action="store_true", help="do not write the results under bench/results/")
    parser.add_argument(
        "--companies", type=int, metavar="N", help="spread the households over N companies (default: 10 at L, else 1)"
    )
    parser.add_argument(
        "--caf-baseline-sample",
        type=int,
        metavar="N",
        help="run the one-by-one CAF baseline on N households and scale it (at L it would take an hour)",
    )
    args = parser.parse_args(argv)
    config, _started = dev.setup()
    name = f"imlr_bench_{args.size.lower()}_{secrets.token_hex(3)}"
    other = args.check_queries_against and f"{name}_vs_{args.check_queries_against.lower()}"
    started = time.perf_counter()
    dev.create_database(config, name, demo=False)
    if other:
        copy_database(config, name, other)
    setup_seconds = time.perf_counter() - started
    try:
        results = run(
            config, name, args.size, args.seed, baseline_sample=args.caf_baseline_sample, companies=args.companies
        )
        if other:
            results["query_check"] = {
                "size": args.check_queries_against,
                "queries": query_check(other, args.check_queries_against, args.seed),
            }
    finally:
        for database in filter(None, (name, other)):
            if args.keep:
                dev.say(f"database {database} kept")
            else:
                dev.drop_database(config, database)
    results["database_setup_s"] = round(setup_seconds, 1)
    print(table(results))
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{args.size}-{datetime.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(results, indent=2) + "\n")
        dev.say(f"results written to {path.relative_to(ROOT)}")
    if other:
        ours, theirs = results["annual_report"]["queries"], results["query_check"]["queries"]
        if ours != theirs:
            dev.fail(
                f"the annual report ran {ours} SQL queries at size {args.size} and {theirs} at size "
                f"{args.check_queries_against}: its query count grows with the data",
                code=1,
            )
        dev.say(f"annual report: {ours} SQL queries at sizes {args.size} and {args.check_queries_against}")


if __name__ == "__main__":
    main()
