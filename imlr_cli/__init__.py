"""Console commands of imlr (declared in setup.py); they load Odoo and call the addons."""
