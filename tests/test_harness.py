"""The foundation: both addons installed, a French company, the IML menu, the packaging."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
import zipfile
from pathlib import Path
from unittest.mock import patch

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools import config as odoo_config

from .common import REPO, odoo_config_path

sys.path.insert(0, str(REPO / "devtools"))
import imlr_dev


class TestInstalledDatabase(TransactionCase):
    def test_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", ["imlr_odoo", "imlr_odoo_reports"])])
        self.assertEqual(sorted(modules.mapped("name")), ["imlr_odoo", "imlr_odoo_reports"])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        # the test database is made by ./imlr test with demo data
        self.assertEqual(set(modules.mapped("demo")), {True})

    def test_company_is_french_with_french_chart(self):
        company = self.env.ref("base.main_company")
        self.assertRecordValues(company, [{"chart_template": "fr", "country_code": "FR"}])
        self.assertEqual(company.currency_id.name, "EUR")
        receivable = self.env["res.partner"].with_company(company).new({}).property_account_receivable_id
        self.assertEqual(receivable.code, "411100")  # "Clients - Ventes de biens ou prestations de services"

    def test_iml_menu_reachable_by_internal_user(self):
        user = new_test_user(self.env, login="imlr_worker", groups="base.group_user,imlr_odoo.group_imlr_user")
        root = self.env.ref("imlr_odoo.imlr_menu_root")
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        self.assertIn(root.id, visible)
        outsider = new_test_user(self.env, login="imlr_outsider", groups="base.group_user")
        self.assertNotIn(root.id, self.env["ir.ui.menu"].with_user(outsider)._visible_menu_ids())


class TestFreshInstallWithoutDemo(TransactionCase):
    """Both addons install on a brand-new database without demo data (a real install, ~1 min)."""

    def test_install_without_demo(self):
        config = odoo_config_path()
        name = f"imlr_nodemo_{uuid.uuid4().hex[:8]}"
        try:
            imlr_dev.create_database(config, name, demo=False)
            with imlr_dev.connect(config, name) as conn, conn.cursor() as cr:
                cr.execute(
                    "SELECT name, state, demo FROM ir_module_module WHERE name IN %s ORDER BY name",
                    [("imlr_odoo", "imlr_odoo_reports")],
                )
                rows = cr.fetchall()
                cr.execute("SELECT chart_template FROM res_company ORDER BY id LIMIT 1")
                chart = cr.fetchone()[0]
        finally:
            imlr_dev.drop_database(config, name)
        self.assertEqual(rows, [("imlr_odoo", "installed", False), ("imlr_odoo_reports", "installed", False)])
        self.assertEqual(chart, "fr")


class TestPackaging(TransactionCase):
    def test_wheel_holds_both_addons_with_their_data(self):
        out = Path(tempfile.mkdtemp(prefix="imlr_wheel_"))
        self.addCleanup(shutil.rmtree, out, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                str(out),
                str(REPO),
            ],
            check=True,
            cwd="/",
        )
        (wheel,) = out.glob("imlr-*.whl")
        names = set(zipfile.ZipFile(wheel).namelist())
        for path in [
            "odoo/addons/imlr_odoo/__manifest__.py",
            "odoo/addons/imlr_odoo/security/ir.model.access.csv",
            "odoo/addons/imlr_odoo/views/menus.xml",
            "odoo/addons/imlr_odoo/static/description/icon.png",
            "odoo/addons/imlr_odoo_reports/__manifest__.py",
            "odoo/addons/imlr_odoo_reports/views/imlr_reports_menus.xml",
        ]:
            self.assertIn(path, names)
        self.assertNotIn("odoo/__init__.py", names, "the wheel must not replace Odoo's own package")
        self.assertNotIn("odoo/addons/__init__.py", names)


class TestSetUp(TransactionCase):
    """What ./imlr does before any command (issue #17)."""

    def _fake_odoo(self, folder, init):
        (folder / "odoo").mkdir()
        (folder / "odoo" / "__init__.py").write_text(init)
        (folder / "odoo" / "release.py").write_text("version = '18.0'\n")

    def _imlr_dev(self, folder, code):
        env = dict(os.environ, PYTHONPATH=f"{folder}:{REPO / 'devtools'}", IMLR_SKIP_PIP="1")
        return subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=folder, check=False
        )

    def test_odoo_found_without_importing_it_then_the_real_error_named(self):
        with tempfile.TemporaryDirectory() as tmp:
            self._fake_odoo(Path(tmp), "import lxml_html_clean_missing_here\n")
            found = self._imlr_dev(tmp, "import imlr_dev; print(imlr_dev.find_odoo())")
            requirements_missing = self._imlr_dev(tmp, "import imlr_dev; imlr_dev.check_odoo_imports(pip_ran=False)")
            other_missing = self._imlr_dev(tmp, "import imlr_dev; imlr_dev.check_odoo_imports(pip_ran=True)")
        self.assertEqual((found.returncode, found.stdout.strip()), (0, f"{tmp}/odoo"))
        error = "ModuleNotFoundError: No module named 'lxml_html_clean_missing_here'"
        self.assertEqual(
            (requirements_missing.returncode, requirements_missing.stderr.splitlines()),
            (
                2,
                [
                    f"imlr: error: Odoo 18.0 is installed but does not import: {error}",
                    f"  fix: {sys.executable} -m pip install -r {REPO / 'requirements.txt'}",
                ],
            ),
        )
        self.assertEqual(
            other_missing.stderr.splitlines()[-1],
            f"  fix: {sys.executable} -m pip install lxml_html_clean_missing_here",
        )

    def test_pip_runs_only_when_its_inputs_changed(self):
        with tempfile.TemporaryDirectory() as tmp, patch.dict(os.environ):
            os.environ.pop("IMLR_SKIP_PIP", None)
            with patch.object(imlr_dev, "PIP_STAMP", Path(tmp) / "stamp"):
                imlr_dev.PIP_STAMP.write_text(imlr_dev.install_inputs_digest())
                self.assertFalse(imlr_dev.install_python_packages())

    def test_config_kept_with_its_master_password(self):
        db = {"db_host": "127.0.0.1", "db_port": "5432", "db_user": "odoo", "db_password": ""}
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "odoo.conf"
            imlr_dev.write_odoo_config(db, Path("/odoo"), path, 8999)
            first, written = path.read_text(), path.stat().st_mtime_ns
            imlr_dev.write_odoo_config(db, Path("/odoo"), path, 8999)
            self.assertEqual((path.read_text(), path.stat().st_mtime_ns), (first, written))
            imlr_dev.write_odoo_config(db, Path("/odoo"), path, 9000)
            self.assertEqual(path.read_text(), first.replace("http_port = 8999", "http_port = 9000"))

    def test_cluster_of_a_checkout_in_a_private_folder(self):
        with tempfile.TemporaryDirectory() as tmp:  # mode 0700, as /root: the postgres user cannot enter it
            local = Path(tmp) / "checkout" / ".local"
            data, run_dir = imlr_dev.cluster_folders(local)
            try:
                if os.geteuid() != 0:  # the cluster runs as the user himself, in the checkout
                    self.assertEqual((data, run_dir), (local / "pgdata", local / "pgrun"))
                    return
                self.assertFalse(data.is_relative_to(tmp))
                self.assertEqual(((local / "pgdata").resolve(), (local / "pgrun").resolve()), (data, run_dir))
                initdb = [imlr_dev.postgres_bin() / "initdb", "-D", data, "-U", "odoo", "-A", "trust"]
                result = subprocess.run(imlr_dev.as_cluster_owner(initdb), capture_output=True, text=True, check=False)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertTrue((local / "pgdata" / "PG_VERSION").exists())
            finally:
                if data.parent != local:
                    shutil.rmtree(data.parent, ignore_errors=True)


class TestTestServer(TransactionCase):
    def test_own_port_and_urls(self):
        """The test server serves on a free port of its own, and PDF rendering fetches from it (issue #17)."""
        port = odoo_config["http_port"]
        self.assertNotIn(port, (8069, imlr_dev.HTTP_PORT))
        url = f"http://127.0.0.1:{port}"
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual((params.get_param("web.base.url"), params.get_param("report.url")), (url, url))


class TestUpgradeCheck(TransactionCase):
    def test_declared_changes_and_comparison(self):
        with tempfile.TemporaryDirectory() as tmp:
            old, new = Path(tmp) / "old", Path(tmp) / "new"
            for tree, version in ((old, "18.0.1.1.0"), (new, "18.0.1.3.0")):
                for addon in imlr_dev.ADDONS:
                    (tree / addon).mkdir(parents=True)
                    (tree / addon / "__manifest__.py").write_text(repr({"version": version}))
            # the first is already in the old version, the last not yet released: only the middle one counts
            for version, model in (("18.0.1.1.0", "res.partner"), ("18.0.1.2.0", "account.partial.reconcile"),
                                   ("18.0.1.4.0", "account.move")):  # fmt: skip
                folder = new / "imlr_odoo" / "migrations" / version
                folder.mkdir(parents=True)
                declared = {"why": f"rematch {version}", "models": [model], "report": ["occupancy"]}
                (folder / "upgrade_check.json").write_text(json.dumps(declared))
            models, report = imlr_dev.declared_changes(old, new)
        why = "imlr_odoo/migrations/18.0.1.2.0/upgrade_check.json: rematch 18.0.1.2.0"
        self.assertEqual((models, report), ({"account.partial.reconcile": why}, {"occupancy": why}))

        before = {
            "counts": {"res.partner": 10, "account.partial.reconcile": 4, "imlr.stay": 3},
            "trial_balance": {"C 411100 Clients": [100.0, 40.0]},
            "report": {"stock": 1, "occupancy": 2, "entries": 5},
        }
        after = {
            "counts": {"res.partner": 10, "account.partial.reconcile": 5, "imlr.stay": 2, "imlr.new.model": 1},
            "trial_balance": {"C 411100 Clients": [100.0, 50.0]},
            "report": {"stock": 1, "occupancy": 3, "entries": 6},
        }
        problems, notes = imlr_dev.compare_snapshots(before, after, models, report)
        self.assertEqual(
            problems,
            [
                "imlr.stay: 3 records before, 2 after",
                "trial balance, account C 411100 Clients: debit/credit [100.0, 40.0] before, [100.0, 50.0] after",
                "annual report 2023-11-01 – 2024-10-31: 'entries' differs",
            ],
        )
        self.assertEqual(
            notes,
            [
                f"account.partial.reconcile: 4 records before, 5 after ({why})",
                f"annual report 2023-11-01 – 2024-10-31: 'occupancy' differs ({why})",
            ],
        )

    def test_default_ref_is_the_last_release_before_this_version(self):
        # A repository of its own: CI's clone may hold no tags at all.
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            (root / "imlr_odoo").mkdir()
            (root / "imlr_odoo" / "__manifest__.py").write_text('{"version": "18.0.1.10.0"}')

            def git(*args):
                subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

            git("init", "-q")
            git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "t")
            with self.assertRaises(SystemExit):
                imlr_dev.default_release_tag(root)
            for tag in ("18.0.1.2.0", "18.0.1.9.0", "18.0.1.10.0", "17.0.9.9.9"):
                git("tag", tag)
            # 1.9 < 1.10 (versions, not strings); the checkout's own version is not "before" it.
            self.assertEqual(imlr_dev.default_release_tag(root), "18.0.1.9.0")
