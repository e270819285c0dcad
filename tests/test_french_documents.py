"""French documents from the database up (issue #20): a household recorded through the forms by a user who reads
English, and one imported with the spreadsheet importer as ``imlr-import`` runs it without ``--lang``, both
read their avis, quittance and contract in French, with French dates and amounts, without anyone setting a
language."""

from odoo.tests import Form

from .common import FrenchAccountingCase, d
from .test_rent_documents import pdf_text

IMPORTED = {
    "households.csv": "ref,name\nHFR1,Famille Importée\n",
    "persons.csv": "ref,lastname,firstname,birthdate,gender,nationality\nPFR1,IMPORTÉE,Awa,1990-02-03,female,SD\n",
    "memberships.csv": "household_ref,person_ref,role,date_start,date_end,start_reason,end_reason\n"
    "HFR1,PFR1,reference,2024-10-01,,entry,\n",
    "stays.csv": "ref,household_ref,program,orientation_ref,date_entry,date_exit,situation_before,exit_destination,"
    "glissement\nSFR1,HFR1,FRDOC,,2024-10-01,,specialised,,\n",
    "subleases.csv": "stay_ref,dwelling_ref,room,date_start,date_end,rent,charges,apl,deposit\n"
    "SFR1,DFR1,,2024-10-01,,262.00,0,,262.00\n",
}


class TestFrenchDocuments(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.sector = cls.env["imlr.sector"].create({"name": "Secteur des documents", "code": "FRDOC"})
        cls.program = cls.env["imlr.program"].create({"name": "Programme des documents", "code": "FRDOC"})
        cls.Report = cls.env["ir.actions.report"].with_context(force_report_rendering=True)

    def make_place(self, ref, name):
        dwelling = self.env["imlr.dwelling"].create(
            {"ref": ref, "name": name, "city": "Amiens", "typology": "t2", "sector_id": self.sector.id}
        )
        self.env["imlr.lease"].create({"dwelling_id": dwelling.id, "date_start": d("2024-01-01"), "rent": 500})
        return dwelling.place_ids

    def household_through_the_forms(self):
        """As a user reading English records it: household, stay, sublease."""
        english = self.env(context=dict(self.env.context, lang="en_US"))
        partners = english["res.partner"].with_context(default_is_household=True, default_is_company=True)
        with Form(partners, view="imlr_odoo.imlr_household_view_form") as form:
            form.name = "Famille Formulaire"
        household = form.record
        place = self.make_place("DFR0", "Appartement du formulaire")
        with Form(english["imlr.stay"], view="imlr_odoo.imlr_stay_view_form") as form:
            form.household_id = household
            form.program_id = self.program
            form.date_entry = d("2024-10-01")
            with form.sublease_ids.new() as sublease:
                sublease.place_id = place
                sublease.rent = 262
        return form.record.sublease_ids

    def household_imported(self):
        """As ``imlr-import`` without ``--lang`` imports it: an environment without language."""
        place = self.make_place("DFR1", "Appartement importé")
        files = [(name, text.encode()) for name, text in IMPORTED.items()]
        env = self.env(context={})
        result = env["imlr.import"].import_files(files)
        self.assertEqual(result["errors"], [])
        return self.env["imlr.sublease"].search([("place_id", "=", place.id)])

    def test_documents_in_french(self):
        subleases = self.household_through_the_forms() | self.household_imported()
        self.assertEqual(len(subleases), 2)
        invoices = self.env["imlr.sublease"].with_company(self.company)._imlr_rent_run(d("2024-10-10"))
        for sublease in subleases:
            household = sublease.household_id
            with self.subTest(household=household.name):
                self.assertEqual(household.lang, "fr_FR")
                october = invoices.filtered(lambda move, household=household: move.partner_id == household)
                self.assertEqual(len(october), 1)
                self.register_payment(household, 262.0, "2024-10-07")
                notice = pdf_text(self.Report._render_qweb_pdf("imlr_odoo.report_rent_notice", october.ids)[0])
                self.assertIn("Avis d'échéance", notice)
                self.assertIn("Loyer de octobre 2024", notice)
                self.assertIn("Période 01/10/2024 – 31/10/2024", notice)
                self.assertIn("Loyer 262,00 €", notice)
                quittance = pdf_text(self.Report._render_qweb_pdf("imlr_odoo.report_rent_quittance", october.ids)[0])
                self.assertIn("Quittance de loyer", quittance)
                self.assertIn(f"de {household.name}, locataire, la somme de 262,00 €", quittance)
                self.assertIn("du 01/10/2024 au 31/10/2024", quittance)
                contract = pdf_text(self.Report._render_qweb_pdf("imlr_odoo.report_sublease_contract", sublease.ids)[0])
                self.assertIn("Contrat de sous-location", contract)
                self.assertIn("commence le 01/10/2024", contract)
                self.assertIn("Loyer mensuel 262,00 €", contract)
