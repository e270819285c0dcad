import importlib

from odoo import api, models

# the generators of demo/ that the demo data files may run
DEMO_GENERATORS = ("imlr_support_demo", "imlr_rent_demo")


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _imlr_load_demo(self, generator):
        """Run one of the demo's generators (``demo/<generator>.py``). Only the demo data files call it, so their
        code is imported when the demo is loaded and never in a database without demo data."""
        if generator not in DEMO_GENERATORS:
            raise ValueError(f"unknown demo generator {generator!r}")
        importlib.import_module(f"odoo.addons.imlr_odoo.demo.{generator}").load(self.env)
