"""Take the README screenshots from the demo database with headless Chromium.

    ./imlr run                      # in another terminal: serves imlr_demo on http://localhost:8069
    python3 devtools/screenshots.py [--database imlr_demo] [--port 8069] [--out docs/screenshots]

Logs in as admin (JSON-RPC), picks the records to show, creates and computes an annual report for
2023-11-01..2024-10-31, then drives /usr/bin/chromium through the Chrome DevTools Protocol
(websocket-client) and writes dashboard.png, household_form.png, dwelling_kanban.png,
annual_report_form.png and annual_report_html.png.
"""

import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LOGIN = "admin"
PASSWORD = "admin"
REPORT_PERIOD = ("2023-11-01", "2024-10-31")
WINDOW = (1400, 900)


class Odoo:
    """A JSON-RPC session on the Odoo server."""

    def __init__(self, base_url, database):
        self.base_url = base_url
        self.http = requests.Session()
        self.database = database
        self.context = {}

    def rpc(self, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        response = self.http.post(self.base_url + path, json=payload, timeout=300)
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            error = body["error"]
            raise RuntimeError(f"{path}: {error.get('data', {}).get('message') or error.get('message')}")
        return body["result"]

    def login(self):
        session = self.rpc("/web/session/authenticate", {"db": self.database, "login": LOGIN, "password": PASSWORD})
        # the user's language, as the web client sends it: chatter messages then read as the users see them
        self.context = session.get("user_context") or {}
        return self.http.cookies["session_id"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": {"context": self.context, **kwargs}},
        )

    def xmlid_to_id(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.call("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"])
        if not rows:
            raise RuntimeError(f"no record {xmlid}")
        return rows[0]["res_id"]


class Chromium:
    """A headless Chromium driven through the DevTools Protocol; one page."""

    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="imlr_shots_")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--lang=fr-FR",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: close() ends chromium and its helpers only
        )
        self.socket = None
        self.next_id = 0
        self.width, self.height = width, height

    def connect(self):
        deadline = time.monotonic() + 30
        while True:
            try:
                targets = requests.get(f"http://127.0.0.1:{self.port}/json", timeout=2).json()
                page = next(target for target in targets if target["type"] == "page")
                break
            except (requests.RequestException, StopIteration, ValueError):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("chromium did not start") from None
                time.sleep(0.3)
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.send("Page.enable")
        self.send("Network.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=self.width,
            height=self.height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        message_id = self.next_id
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def navigate(self, url):
        self.send("Page.navigate", url=url)
        self.wait_idle()

    def wait_idle(self, timeout=60, settle=1.5):
        """Wait for the document, then for Odoo's loading indicator and spinners to be gone for a while."""
        deadline = time.monotonic() + timeout
        time.sleep(0.5)
        quiet_since = None
        busy = (
            "document.readyState !== 'complete'"
            " || !!document.querySelector('.o_loading_indicator, .o_blockUI, .o-spinner, .fa-spin')"
            " || (!!document.querySelector('.o_web_client') && !document.querySelector('.o_action_manager > *'))"
        )
        while time.monotonic() < deadline:
            if self.evaluate(busy):
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= settle:
                return
            time.sleep(0.2)
        print("screenshots: page still busy after", timeout, "s; taking it anyway", file=sys.stderr)

    def screenshot(self, path):
        # transient notifications (e.g. the bus's "page is outdated" warning) are not part of the screen
        self.evaluate(
            "document.head && document.head.insertAdjacentHTML('beforeend',"
            " '<style>.o_notification_manager { display: none !important; }</style>')"
        )
        time.sleep(0.2)
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        path.write_bytes(base64.b64decode(data))
        print(f"screenshots: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    def close(self):
        if self.socket is not None:
            self.socket.close()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
        shutil.rmtree(self.profile, ignore_errors=True)


def pick_household(odoo):
    """The "Famille …" household with the most current members."""
    households = odoo.call(
        "res.partner",
        "search_read",
        [("is_household", "=", True), ("name", "ilike", "Famille")],
        ["name", "current_member_count"],
    )
    if not households:
        raise RuntimeError("no household named Famille … in the database: is it the demo database?")
    return max(households, key=lambda household: (household["current_member_count"], -household["id"]))["id"]


def annual_report(odoo):
    """The annual report of the demo period, created if missing, (re)computed unless validated."""
    date_from, date_to = REPORT_PERIOD
    program_id = odoo.xmlid_to_id("imlr_odoo.imlr_program_imlr")
    domain = [("program_id", "=", program_id), ("date_from", "=", date_from), ("date_to", "=", date_to)]
    reports = odoo.call("imlr.annual.report", "search_read", domain, ["state"], limit=1)
    if reports:
        report_id, state = reports[0]["id"], reports[0]["state"]
    else:
        values = {"program_id": program_id, "date_from": date_from, "date_to": date_to}
        report_id, state = odoo.call("imlr.annual.report", "create", values), "draft"
    if state != "validated":
        odoo.call("imlr.annual.report", "action_compute", [report_id])
    return report_id


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="imlr_demo")
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--width", type=int, default=WINDOW[0])
    parser.add_argument("--height", type=int, default=WINDOW[1])
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    base_url = f"http://localhost:{args.port}"

    odoo = Odoo(base_url, args.database)
    try:
        session_id = odoo.login()
    except requests.RequestException as error:
        sys.exit(f"screenshots: no Odoo server on {base_url} ({error}); start it with ./imlr run")
    household_id = pick_household(odoo)
    report_id = annual_report(odoo)
    menu_id = odoo.xmlid_to_id("imlr_odoo.imlr_menu_root")

    pages = [
        ("dashboard.png", f"/odoo?menu_id={menu_id}"),
        ("household_form.png", f"/odoo/action-imlr_odoo.imlr_household_action/{household_id}"),
        ("dwelling_kanban.png", "/odoo/action-imlr_odoo.imlr_dwelling_action?view_type=kanban"),
        ("annual_report_form.png", f"/odoo/action-imlr_odoo_reports.imlr_annual_report_action/{report_id}"),
        ("annual_report_html.png", f"/report/html/imlr_odoo_reports.report_annual/{report_id}"),
    ]
    browser = Chromium(args.width, args.height)
    try:
        browser.connect()
        browser.send(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            domain="localhost",
            path="/",
            httpOnly=True,
        )
        for filename, path in pages:
            browser.navigate(base_url + path)
            if "/web/login" in (browser.evaluate("location.pathname") or ""):
                raise RuntimeError(f"{path}: redirected to the login page; the session cookie was not accepted")
            browser.screenshot(out / filename)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
