"""Real Odoo server processes on a copy of a database, for the load test and the fault scripts.

Standard library only, plus the project's dev tool (devtools/imlr_dev.py) for the PostgreSQL cluster and the
Odoo configuration: the same cluster as ``./imlr``, servers on 127.0.0.1 only.
"""

import http.cookiejar
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import devtools.imlr_dev as dev  # noqa: E402

LAUNCHER = ROOT / "bench" / "odoo_server.py"


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port(preferred=None):
    """``preferred`` when free (IMLR_HTTP_PORT's neighbours), else any free local port."""
    if preferred and dev.port_is_free(preferred):
        return preferred
    return dev.any_free_port()


def copy_database(config, template, prefix):
    """A copy of database ``template`` (``CREATE DATABASE … TEMPLATE``, and its filestore); returns its name."""
    if not dev.database_exists(config, template):
        dev.create_database(config, template, demo=True)
    else:
        dev.update_if_code_changed(config, template)
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    conn = dev.connect(config)
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    except Exception as error:  # noqa: BLE001 - said plainly: the usual cause is a server on the template
        raise SystemExit(f"cannot copy {template}: {error} (is a server, e.g. ./imlr run, connected to it?)") from None
    finally:
        conn.close()
    source = dev.LOCAL / "data" / "filestore" / template
    if source.exists():
        shutil.copytree(source, dev.LOCAL / "data" / "filestore" / name)
    say(f"database {name}: a copy of {template}")
    return name


def sql(config, name, query, params=None):
    """Run one statement on database ``name`` (committed); returns the rows when it returns any."""
    conn = dev.connect(config, name)
    try:
        with conn, conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


def point_urls_at(config, name, base):
    """The copy's own URL for PDF rendering: wkhtmltopdf fetches the report's styles from ``report.url``."""
    for key in ("web.base.url", "report.url"):
        sql(
            config,
            name,
            "INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES (%s, %s, now(), now()) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, base],
        )
    sql(
        config,
        name,
        "INSERT INTO ir_config_parameter (key, value) VALUES ('web.base.url.freeze', 'True') "
        "ON CONFLICT (key) DO UPDATE SET value = 'True'",
    )


class OdooServer:
    """One Odoo server process (``odoo_server.py server``) on database ``name``, logging to ``log``."""

    def __init__(self, config, name, log, *, port=None, workers=0, cron_threads=0, extra=()):
        self.config, self.name, self.log = config, name, Path(log)
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.args = [
            sys.executable,
            str(LAUNCHER),
            "server",
            "-c",
            str(config),
            "-d",
            name,
            f"--db-filter=^{name}$",
            f"--workers={workers}",
            f"--max-cron-threads={cron_threads}",
            "--limit-time-real-cron=900",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            f"--logfile={self.log}",
            "--log-level=info",
            *extra,
        ]
        self.process = None

    def start(self, timeout=300):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, start_new_session=True)
        say(f"Odoo server pid {self.process.pid} on {self.base} ({self.name}), log {self.log}")
        if not wait_until(self.healthy, timeout):
            self.stop()
            raise SystemExit(f"the Odoo server did not answer on {self.base}/web/health within {timeout} s")
        return self

    def healthy(self):
        try:
            with urllib.request.urlopen(f"{self.base}/web/health", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def children(self):
        """Pids of the server's worker processes (its direct children)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def stop(self, timeout=60):
        if not self.process or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # Odoo's graceful stop: it stops its workers
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # the session this class started, nothing else
            self.process.wait()

    def log_problems(self, with_next_line=False):
        """The ERROR / CRITICAL lines and tracebacks of the server's log (each with the line after it, the
        database's message of a "bad query", when ``with_next_line``)."""
        lines = (self.log.read_text(errors="replace") if self.log.exists() else "").splitlines()
        return [
            f"{line} {lines[index + 1] if with_next_line and index + 1 < len(lines) else ''}".strip()
            for index, line in enumerate(lines)
            if " ERROR " in line or " CRITICAL " in line or "Traceback" in line
        ]


def process_of_client_port(port, pids):
    """Which of ``pids`` owns the local TCP socket of port ``port`` (PostgreSQL's ``client_port`` of a backend):
    the application name does not tell, Odoo's workers inherit their master's (it preloads the registry)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if Path(table).exists():
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(fields[9])
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                link = os.readlink(fd)
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    return pid
        except OSError:
            continue
    return None


def wait_until(predicate, timeout, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


class Session:
    """A logged-in JSON-RPC session (as the web client's), standard library only."""

    def __init__(self, base, db, login, password):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.uid = self.rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})["uid"]

    def rpc(self, path, params, timeout=600):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(self.base + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=timeout) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RuntimeError(f"{path}: {answer['error'].get('data', {}).get('message') or answer['error']}")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def cluster():
    """(odoo config, started): the cluster of ``./imlr`` (started if needed) and the project's Odoo config."""
    done = dev.Setup()
    return done, done.started_cluster
