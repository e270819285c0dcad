import importlib
import logging

from odoo import api, models
from odoo.tools import format_date

# the generators of demo/ that the demo data files may run
DEMO_GENERATORS = ("imlr_support_demo", "imlr_rent_demo")

IMLR_LANG = "fr_FR"

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    """What every feature asks of the association: its language and how it writes dates (and the demo's hook)."""

    _inherit = "res.company"

    @api.model
    def _imlr_load_demo(self, generator):
        """Run one of the demo's generators (``demo/<generator>.py``). Only the demo data files call it, so their
        code is imported when the demo is loaded and never in a database without demo data."""
        if generator not in DEMO_GENERATORS:
            raise ValueError(f"unknown demo generator {generator!r}")
        importlib.import_module(f"odoo.addons.imlr_odoo.demo.{generator}").load(self.env)

    @api.model
    def _imlr_adopt_french(self):
        """Make the French companies, and the contacts and users the database's default left in English, French.

        A database created before French was loaded keeps English as every new contact's default (``ir.default``
        of ``res.partner.lang``), and its company in English: households, landlords and users then read "Rent
        notice" and "10/01/2024". Run at install (before the demo data) and by the 18.0.1.2.0 migration. Nothing
        happens while French is not installed."""
        if not self.env["res.lang"]._lang_get(IMLR_LANG):
            _logger.warning("French (%s) is not installed: the IML companies keep their language.", IMLR_LANG)
            return
        english = [False, "en_US"]
        companies = self.sudo().with_context(active_test=False).search([("partner_id.country_id.code", "=", "FR")])
        companies.partner_id.filtered(lambda partner: partner.lang in english).lang = IMLR_LANG
        french = companies.filtered(lambda company: company.partner_id.lang == IMLR_LANG)
        if not french:
            return
        default = self.env["ir.default"].sudo()
        if default._get("res.partner", "lang") in (None, "en_US"):
            default.set("res.partner", "lang", IMLR_LANG)
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("lang", "in", english),
                    "|",
                    ("company_id", "in", french.ids),
                    ("company_id", "=", False),
                ]
            )
        )
        partners.write({"lang": IMLR_LANG})
        _logger.info("IML: %s contacts and users now in French.", len(partners))

    def _imlr_lang(self):
        """The association's language: the one its records, new partners and generated labels are written in
        (the company's partner's language, else French, the program being French)."""
        return (self[:1] or self.env.company).partner_id.lang or "fr_FR"

    def _imlr_format_date(self, date, date_format=False):
        """``date`` as the association writes it (« 05/12/2026 », or « janvier 2026 » with ``"MMMM y"``);
        empty without a date. Stored record names use it: never an ISO date."""
        if not date:
            return ""
        return format_date(self.env, date, lang_code=self._imlr_lang(), date_format=date_format)
