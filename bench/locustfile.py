"""The office at work, for Locust: run by bench/load.py in its own virtualenv (bench/.venv), never imported by
Odoo. Speaks HTTP/JSON-RPC to Odoo as the web client does (session cookie, /web/dataset/call_kw, web_read,
web_save, onchange, /report/pdf).

Each user logs in with a demo login of its role; roles come in an office's proportions (Locust's weights):
social workers 2/3, rent managers 1/5, the director 1/10 (for 30 users: 20, 6, 3, rounded by Locust).
Every action the issue lists is one Locust entry of type ACTION timing all its requests (the percentiles per
action); each HTTP request is also an entry of its own (type POST/GET: where the time goes).

Settings come from the environment (set by bench/load.py): IMLR_LOAD_DB, IMLR_LOAD_THINK ("min,max" seconds
between two actions of a user), IMLR_LOAD_REPORT_ID (the annual report to print), IMLR_LOAD_RENT_DATE (the
rent preview's date).
"""

import os
import random
import time
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from datetime import date, timedelta

from locust import HttpUser, between, task

DB = os.environ.get("IMLR_LOAD_DB", "imlr_demo")
THINK = [float(x) for x in os.environ.get("IMLR_LOAD_THINK", "2,8").split(",")]
REPORT_ID = int(os.environ.get("IMLR_LOAD_REPORT_ID", "0"))
RENT_DATE = os.environ.get("IMLR_LOAD_RENT_DATE", "2024-11-30")
CONTEXT = {"lang": "fr_FR", "tz": "Europe/Paris"}


def last_day(date_exit):
    """The last day of a stay that ends on ``date_exit`` (its first day without support), else today."""
    if not date_exit:
        return date.today().isoformat()
    return (date.fromisoformat(date_exit) - timedelta(days=1)).isoformat()


class RpcError(Exception):
    pass


def form_spec(arch, fields):
    """The web_read specification of a form view: its fields, relations with their display name, x2many
    fields with the fields of their embedded list (as the web client asks)."""

    def spec_of(node, model_fields):
        spec = {}
        for field in iter_fields(node):
            name = field.get("name")
            description = model_fields.get(name, {})
            kind = description.get("type")
            if kind in ("one2many", "many2many"):
                sub = {f.get("name"): {} for sub in field for f in iter_fields(sub)}
                spec[name] = {"fields": sub or {"display_name": {}}}
            elif kind == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif kind:
                spec[name] = {}
        return spec

    return spec_of(ET.fromstring(arch), fields)


def iter_fields(node):
    """The <field> elements of ``node`` that are not inside another <field> (its sub-views)."""
    for child in node:
        if child.tag == "field":
            yield child
        else:
            yield from iter_fields(child)


class OdooUser(HttpUser):
    abstract = True
    wait_time = between(*THINK)
    login = None

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def action(self, name):
        """Time the requests of one user action as one ACTION entry; any error fails the action."""
        started = time.perf_counter()
        error = None
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - every failure is reported to Locust, not raised
            error = exc
        self.environment.events.request.fire(
            request_type="ACTION",
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=error,
            context={},
        )

    def rpc(self, path, params, name):
        payload = {"jsonrpc": "2.0", "method": "call", "id": random.randint(1, 10**9), "params": params}
        with self.client.post(path, json=payload, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                raise RpcError(f"{name}: HTTP {response.status_code}")
            answer = response.json()
            if "error" in answer:
                message = answer["error"].get("data", {}).get("message") or str(answer["error"])
                response.failure(message)
                raise RpcError(f"{name}: {message}")
            return answer["result"]

    def call(self, model, method, args, kwargs=None, name=None):
        kwargs = {"context": CONTEXT, **(kwargs or {})}
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
            name or f"{model}.{method}",
        )

    def pdf(self, report, record_id, name):
        with self.client.get(f"/report/pdf/{report}/{record_id}", name=name, catch_response=True) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"HTTP {response.status_code}, not a PDF")
                raise RpcError(f"{name}: HTTP {response.status_code}, not a PDF")

    def view_spec(self, model, view_type="form"):
        """The specification of ``model``'s default form, read once per user (the web client caches views)."""
        views = self.call(model, "get_views", [[[False, view_type]]], {"options": {}}, name=f"{model}.get_views")
        return form_spec(views["views"][view_type]["arch"], views["models"][model]["fields"])

    def on_start(self):
        with self.action("login"):
            self.rpc("/web/session/authenticate", {"db": DB, "login": self.login, "password": self.login}, "login")
        self.households = []

    # ------------------------------------------------------------------ shared actions

    def open_dashboard(self):
        with self.action("dashboard"):
            self.call(
                "imlr.dashboard.tile",
                "web_search_read",
                [],
                {"domain": [], "specification": {"color": {}, "value_display": {}, "name": {}, "period_display": {}}},
                name="imlr.dashboard.tile.web_search_read",
            )

    def search_households(self):
        term = random.choice(["", "a", "e", "ou", "in", "ar", "mo"])
        with self.action("households: search"):
            result = self.call(
                "res.partner",
                "web_search_read",
                [],
                {
                    "domain": [("is_household", "=", True), ("name", "ilike", term)],
                    "specification": {"display_name": {}, "phone": {}, "email": {}, "city": {}},
                    "limit": 80,
                    "order": "name",
                },
                name="res.partner.web_search_read",
            )
            self.households = [record["id"] for record in result["records"]] or self.households

    def open_household(self):
        if not self.households:
            self.search_households()
        household = random.choice(self.households)
        with self.action("household: open"):
            if not getattr(self, "household_spec", None):
                self.household_spec = self.view_spec("res.partner")
            self.call(
                "res.partner",
                "web_read",
                [[household]],
                {"specification": self.household_spec},
                name="res.partner.web_read",
            )
        return household


class SocialWorker(OdooUser):
    """Household forms and interventions."""

    weight = 20
    login = "claire.lemaire"

    def on_start(self):
        super().on_start()
        stays = self.call("imlr.stay", "search_read", [[]], {"fields": ["date_exit"], "limit": 200}, name="stays")
        # an intervention happens during its stay: on its last day for a stay that ended, else today
        self.stays = [(stay["id"], last_day(stay["date_exit"])) for stay in stays]

    @task(2)
    def dashboard(self):
        self.open_dashboard()

    @task(4)
    def households(self):
        self.search_households()

    @task(4)
    def household(self):
        self.open_household()

    @task(2)
    def save_household(self):
        household = self.open_household()
        with self.action("household: save"):
            self.call(
                "res.partner",
                "web_save",
                [[household], {"comment": f"<p>Appel du {time.strftime('%d/%m %H:%M:%S')}</p>"}],
                {"specification": self.household_spec},
                name="res.partner.web_save",
            )

    @task(2)
    def intervention(self):
        stay, day = random.choice(self.stays)
        with self.action("intervention: log"):
            self.call(
                "imlr.intervention",
                "web_save",
                [
                    [],
                    {
                        "name": "Entretien (test de charge)",
                        "stay_id": stay,
                        "date": day,
                        "intervention_type": random.choice(["office", "phone", "home_visit"]),
                    },
                ],
                {"specification": {"display_name": {}, "household_id": {"fields": {"display_name": {}}}}},
                name="imlr.intervention.web_save",
            )


class RentManager(OdooUser):
    """Payments at the office, quittances, the monthly rent preview."""

    weight = 6
    login = "julien.morel"

    def on_start(self):
        super().on_start()
        domain = [("imlr_sublease_id", "!=", False), ("move_type", "=", "out_invoice"), ("payment_state", "=", "paid")]
        self.paid = [
            m["id"]
            for m in self.call("account.move", "search_read", [domain], {"fields": ["id"]}, name="paid invoices")
        ]
        owing = [
            ("imlr_sublease_id", "!=", False),
            ("move_type", "=", "out_invoice"),
            ("payment_state", "in", ["not_paid", "partial"]),
        ]
        self.payers = self.call(
            "account.move", "search_read", [owing], {"fields": ["partner_id"]}, name="households owing"
        )
        self.payers = sorted({move["partner_id"][0] for move in self.payers})

    @task(2)
    def dashboard(self):
        self.open_dashboard()

    @task(2)
    def households(self):
        self.search_households()

    @task(3)
    def payment(self):
        household = random.choice(self.payers)
        with self.action("payment: register"):
            wizard = self.call(
                "imlr.rent.payment.wizard",
                "web_save",
                [[], {"household_id": household, "amount": 5.0, "method": "cash", "memo": "Espèces (test)"}],
                {"specification": {"balance": {}, "journal_id": {"fields": {"display_name": {}}}}},
                name="imlr.rent.payment.wizard.web_save",
            )
            self.rpc(
                "/web/dataset/call_button",
                {
                    "model": "imlr.rent.payment.wizard",
                    "method": "action_register",
                    "args": [[wizard[0]["id"]]],
                    "kwargs": {"context": CONTEXT},
                },
                "imlr.rent.payment.wizard.action_register",
            )

    @task(2)
    def quittance(self):
        with self.action("quittance: PDF"):
            self.pdf("imlr_odoo.report_rent_quittance", random.choice(self.paid), "quittance PDF")

    @task(1)
    def rent_preview(self):
        with self.action("rent run: preview"):
            if not getattr(self, "run_spec", None):
                self.run_spec = self.view_spec("imlr.rent.run.wizard")
            self.call(
                "imlr.rent.run.wizard",
                "onchange",
                [[], {"date": RENT_DATE}, ["date"], self.run_spec],
                name="imlr.rent.run.wizard.onchange",
            )


class Director(OdooUser):
    """The dashboard, the households, the annual report in PDF."""

    weight = 3
    login = "admin"

    @task(3)
    def dashboard(self):
        self.open_dashboard()

    @task(2)
    def households(self):
        self.search_households()

    @task(1)
    def annual_report(self):
        with self.action("annual report: PDF"):
            self.pdf("imlr_odoo_reports.report_annual", REPORT_ID, "annual report PDF")
