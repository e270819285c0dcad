"""Packaging of the imlr addons.

Both addons are installed as ``odoo.addons.imlr_odoo`` and ``odoo.addons.imlr_odoo_reports``
so that an Odoo 18.0 installed with pip finds them with no addons path. Odoo itself is a
prerequisite and is not declared here (it is not on the package index).
"""

import ast
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
ADDONS = ("imlr_odoo", "imlr_odoo_reports")
# Everything but Python sources and caches is data Odoo reads at install or run time.
DATA_PATTERNS = ["**/*.xml", "**/*.csv", "**/*.xlsx", "**/*.po", "**/*.pot", "**/*.rst", "**/*.md", "static/**/*"]


def manifest(addon):
    return ast.literal_eval((HERE / addon / "__manifest__.py").read_text())


def addon_packages(addon):
    """(package name, folder) of the addon and of each of its sub-packages."""
    pairs = [(f"odoo.addons.{addon}", addon)]
    for sub in find_packages(addon):
        pairs.append((f"odoo.addons.{addon}.{sub}", f"{addon}/{sub.replace('.', '/')}"))
    return pairs


packages = dict(pair for addon in ADDONS for pair in addon_packages(addon))

setup(
    name="imlr",
    version=manifest("imlr_odoo")["version"],
    description="Odoo 18.0 addons for Intermédiation Locative Réfugiés programs",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license=manifest("imlr_odoo")["license"],
    python_requires=">=3.10",
    package_dir=packages,
    package_data={f"odoo.addons.{addon}": DATA_PATTERNS for addon in ADDONS},
    include_package_data=True,
    install_requires=["openupgradelib"],
    packages=[*packages, "imlr_cli"],
    entry_points={
        "console_scripts": [
            "imlr-import = imlr_cli.imlr_import:main",
            "imlr-report = imlr_cli.imlr_report:main",
        ]
    },
    zip_safe=False,
)
