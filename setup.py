"""Packaging of the imlr addons.

Both addons are installed as ``odoo.addons.imlr_odoo`` and ``odoo.addons.imlr_odoo_reports``
so that an Odoo 18.0 installed with pip finds them with no addons path. Odoo itself is a
prerequisite and is not declared here (it is not on the package index).

Every folder of an addon is declared as a package, data folders included (``data``, ``views``,
``static/…``): setuptools then installs their files as package data with nothing to warn about.

``IMLR_DEVELOP=1`` (set by ``./imlr`` for its ``pip install -e .``) declares the console commands
only: in development Odoo finds the addons through the addons path, and an editable install that
declared ``odoo.addons.*`` would make ``odoo`` a namespace package hiding Odoo itself.
"""

import ast
import os
from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).parent
ADDONS = ("imlr_odoo", "imlr_odoo_reports")
# Everything but Python sources and caches is data Odoo reads at install or run time.
DATA_PATTERNS = [
    "*.xml",
    "*.ofx",
    "*.csv",
    "*.xlsx",
    "*.po",
    "*.pot",
    "*.rst",
    "*.md",
    "*.png",
    "*.svg",
    "*.js",
    "*.scss",
]
# a migration folder (migrations/18.0.x.y.z) is no Python package: its scripts and notes are data
MIGRATION_PATTERNS = ["*/*.py", "*/*.json"]
DEVELOP = os.environ.get("IMLR_DEVELOP") == "1"
# the OCA's addons the manifests depend on, as the OCA publishes them (18.0 series)
OCA_ADDONS = [
    f"odoo-addon-{name}==18.0.*"
    for name in (
        "account_financial_report",
        "account_statement_import_camt",
        "account_statement_import_ofx",
        "partner_statement",
        "account_credit_control",
    )
]


def manifest(addon):
    return ast.literal_eval((HERE / addon / "__manifest__.py").read_text())


def addon_packages(addon):
    """(package name, folder) of the addon and of each of its folders."""
    pairs = [(f"odoo.addons.{addon}", addon)]
    for sub in find_namespace_packages(addon, exclude=["*__pycache__*"]):
        pairs.append((f"odoo.addons.{addon}.{sub}", f"{addon}/{sub.replace('.', '/')}"))
    return pairs


packages = {} if DEVELOP else dict(pair for addon in ADDONS for pair in addon_packages(addon))

setup(
    name="imlr",
    version=manifest("imlr_odoo")["version"],
    description="Odoo 18.0 addons for Intermédiation Locative Réfugiés programs",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license=manifest("imlr_odoo")["license"],
    python_requires=">=3.10",
    package_dir=packages,
    package_data={name: MIGRATION_PATTERNS if name.endswith(".migrations") else DATA_PATTERNS for name in packages},
    install_requires=["openupgradelib", *OCA_ADDONS],
    packages=[*packages, "imlr_cli"],
    entry_points={
        "console_scripts": [
            "imlr-import = imlr_cli.imlr_import:main",
            "imlr-report = imlr_cli.imlr_report:main",
        ]
    },
    zip_safe=False,
)
