"""pytest-odoo glue for the top-level test suite.

Odoo's test metaclass only tags classes defined under ``odoo.addons.*``; ours live in
``tests/``, so they get the attributes ``setUpClass`` needs here. A skipped test proves
nothing (Odoo skips browser tests silently when something is missing), so every skip is
reported as a failure. The test database's URLs point at this session's test server.
"""

import pytest

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tests import common
from odoo.tools import config


def pytest_sessionstart(session):
    if not session.config.getoption("--odoo-http"):
        raise pytest.UsageError("run the suite with --odoo-http: browser tests need Odoo's HTTP server")
    try:
        import websocket  # noqa: F401, PLC0415 - Odoo skips browser tests without it
    except ImportError as error:
        raise pytest.UsageError("the Python package websocket-client is missing (requirements.txt)") from error


def pytest_collection_modifyitems(items):
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is not None and issubclass(cls, common.BaseCase):
            cls.test_tags = getattr(cls, "test_tags", None) or {"standard", "at_install"}
            cls.test_module = getattr(cls, "test_module", None) or "imlr_odoo"
            cls.test_class = cls.__name__


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, which this suite does not allow: {report.longrepr}"


@pytest.fixture(scope="session", autouse=True)
def test_server_urls(load_http):
    """pytest-odoo serves the suite on a free port of its own (``load_http``); PDF rendering fetches the report's
    assets from ``report.url``, else ``web.base.url`` (http://localhost:8069 in a new database): both point at this
    test server, so the suite never reaches another Odoo, e.g. a demo served beside it. Committed: the console
    commands the tests run in subprocesses render PDFs too. The database is a throwaway one."""
    url = f"http://127.0.0.1:{config['http_port']}"
    with Registry(common.get_db_name()).cursor() as cr:
        params = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]
        for key, value in (("web.base.url", url), ("report.url", url), ("web.base.url.freeze", "True")):
            params.set_param(key, value)
    return url
