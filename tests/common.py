"""Shared helpers of the test suite."""

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def odoo_config_path():
    """The Odoo configuration written by ./imlr (database server, addons path)."""
    return Path(os.environ.get("IMLR_ODOO_CONFIG", REPO / ".local" / "odoo.conf"))
