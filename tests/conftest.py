"""pytest-odoo glue for the top-level test suite.

Odoo's test metaclass only tags classes defined under ``odoo.addons.*``; ours live in
``tests/``, so they get the attributes ``setUpClass`` needs here. A skipped test proves
nothing (Odoo skips browser tests silently when something is missing), so every skip is
reported as a failure.
"""

import pytest

from odoo.tests import common


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
