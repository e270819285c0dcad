"""The foundation: both addons installed, a French company, the IML menu, the packaging."""

import subprocess
import sys
import uuid
import zipfile

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

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
        out = REPO / ".local" / f"wheel_{uuid.uuid4().hex[:8]}"
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
            "odoo/addons/imlr_odoo/views/imlr_menus.xml",
            "odoo/addons/imlr_odoo/static/description/icon.png",
            "odoo/addons/imlr_odoo_reports/__manifest__.py",
            "odoo/addons/imlr_odoo_reports/views/imlr_reports_menus.xml",
        ]:
            self.assertIn(path, names)
        self.assertNotIn("odoo/__init__.py", names, "the wheel must not replace Odoo's own package")
        self.assertNotIn("odoo/addons/__init__.py", names)
