"""French translations: every exported term of both addons is translated, and the database serves French."""

import re
from pathlib import Path

import polib

from odoo.exceptions import ValidationError
from odoo.modules import get_module_path
from odoo.tests.common import TransactionCase

from .common import RegistryCase

# Python format placeholders: %(name)s, %s, %d... and the literal %%
PLACEHOLDER = re.compile(r"%%|%\([^)]*\)[sdifr]|%[sdifr]")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


class TestTranslationFiles(TransactionCase):
    def check_addon(self, addon):
        i18n = Path(get_module_path(addon)) / "i18n"
        pot = polib.pofile(str(i18n / f"{addon}.pot"))
        po = polib.pofile(str(i18n / "fr.po"))
        self.assertTrue(len(pot), f"{addon}.pot is empty")
        self.assertEqual(po.metadata.get("Language"), "fr", f"{addon}/i18n/fr.po: Language header")
        french = {entry.msgid: entry.msgstr for entry in po if not entry.obsolete and "fuzzy" not in entry.flags}
        untranslated = [entry.msgid for entry in pot if not french.get(entry.msgid, "").strip()]
        mismatched = [
            f"{entry.msgid!r} -> {entry.msgstr!r}"
            for entry in po
            if entry.msgstr and placeholders(entry.msgid) != placeholders(entry.msgstr)
        ]
        problems = []
        if untranslated:
            problems.append(
                f"{len(untranslated)} msgid(s) of {addon}.pot without a French translation in fr.po:\n"
                + "\n".join(f"  {msgid!r}" for msgid in untranslated)
            )
        if mismatched:
            problems.append(
                f"{len(mismatched)} entry(ies) of {addon}/i18n/fr.po whose placeholders differ from the msgid:\n"
                + "\n".join(f"  {line}" for line in mismatched)
            )
        if problems:
            self.fail("\n".join(problems))

    def test_imlr_odoo_fully_translated(self):
        self.check_addon("imlr_odoo")

    def test_imlr_odoo_reports_fully_translated(self):
        self.check_addon("imlr_odoo_reports")


class TestDatabaseServesFrench(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.woman = cls.make_person("Translation woman", "female", "1990-01-01", "refugee")
        cls.man = cls.make_person("Translation man", "male", "1985-01-01", "refugee")
        cls.household = cls.make_household("Translation household", [(cls.woman, "reference")], "2024-01-01")
        cls.other_household = cls.make_household("Other translation household", [(cls.man, "reference")], "2024-01-01")
        cls.stay = cls.make_stay(cls.household, "2024-01-01")
        cls.other_stay = cls.make_stay(cls.other_household, "2024-01-01")
        cls.dwelling = cls.make_dwelling("Translation flat", "t2", lease=("2024-01-01", None))
        cls.place = cls.dwelling.place_ids
        cls.sublease = cls.make_sublease(cls.stay, cls.place, "2024-02-01", "2024-06-30")

    def test_french_is_installed(self):
        self.assertIn("fr_FR", [code for code, _name in self.env["res.lang"].get_installed()])

    def test_field_label_in_french(self):
        field = self.env["ir.model.fields"]._get("imlr.stay", "date_entry")
        self.assertEqual(field.with_context(lang="en_US").field_description, "Entry")
        self.assertEqual(field.with_context(lang="fr_FR").field_description, "Entrée")
        sublease = self.env["ir.model"]._get("imlr.sublease")
        self.assertEqual(sublease.with_context(lang="fr_FR").name, "Contrat de sous-location")

    def test_selection_values_in_french(self):
        status = self.env["imlr.legal.status"].with_context(lang="fr_FR").fields_get(["status"])["status"]
        self.assertEqual(dict(status["selection"])["subsidiary_protection"], "Protection subsidiaire")
        state = self.env["imlr.place"].with_context(lang="fr_FR").fields_get(["state"])["state"]
        self.assertEqual(dict(state["selection"])["vacant"], "Vacante")

    def test_python_message_in_french(self):
        french_env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaises(ValidationError) as caught:
            french_env["imlr.sublease"].create(
                {
                    "stay_id": self.other_stay.id,
                    "place_id": self.place.id,
                    "date_start": "2024-06-30",  # the first sublease's last day
                    "date_end": "2024-08-31",
                    "rent": 400,
                }
            )
        self.assertEqual(
            str(caught.exception),
            f"{self.place.display_name} est déjà sous-louée au ménage {self.household.display_name} à partir du "
            "01/02/2024 : deux contrats de sous-location d’une même place ne peuvent pas se chevaucher.",
        )
