"""Rent documents (rents issue, item 7): avis d'échéance, quittance or reçu, contrat de sous-location, e-mail.

Real PDFs (wkhtmltopdf) read back with pdftotext, in French (the household's language)."""

import base64
import subprocess

from odoo import Command
from odoo.exceptions import UserError

from .common import FrenchAccountingCase, d
from .test_rents import make_sublease


def pdf_text(pdf):
    """The text of a PDF, every run of white space (no-break spaces of French amounts included) as one space,
    apostrophes straight."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(text.decode().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'").split())


class TestRentDocuments(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.company.write(
            {
                "name": "Association Accueil Somme",
                "street": "3 place du Marché",
                "zip": "80000",
                "external_report_layout_id": cls.env.ref("web.external_layout_standard").id,
            }
        )
        cls.sector = cls.env["imlr.sector"].create({"name": "Documents sector", "code": "DOCS"})
        # enters on 12 March 2024: March is billed for 20 of its 31 days
        cls.sublease = make_sublease(cls.env, "Famille Haddad", "H951", cls.sector, "2024-03-12")
        cls.sublease.write({"apl_expected": 200.0, "deposit": 450.0})
        cls.household = cls.sublease.household_id
        cls.household.write({"lang": "fr_FR", "email": "haddad@example.org"})
        cls.sublease.dwelling_id.write({"street": "12 rue des Lilas", "zip": "80090"})
        moves = cls.env["imlr.sublease"].with_company(cls.company)._imlr_rent_run(d("2024-04-10"))
        cls.march, cls.april = moves.sorted("imlr_period_start")
        cls.caf = cls.company._imlr_rent_settings()["caf_partner"]
        cls.receivable = cls.company_data["default_account_receivable"]
        cls.Report = cls.env["ir.actions.report"].with_context(force_report_rendering=True)

    def render(self, report, records):
        pdf, kind = self.Report._render_qweb_pdf(report, records.ids)
        self.assertEqual(kind, "pdf")
        return pdf_text(pdf)

    def pay_apl(self, amount, date, month="2024-03-01"):
        """The APL of ``month`` paid by the CAF: its statement, posted (an amount other than expected, accepted)."""
        self.household.imlr_caf_number = "8000951"
        statement = self.env["imlr.caf.statement"].create(
            {
                "date_month": d(month),
                "date_payment": d(date),
                "line_ids": [
                    Command.create(
                        {"caf_number": "8000951", "date_month": d(month), "amount": amount, "decision": "accept"}
                    )
                ],
            }
        )
        statement.action_post()
        return statement.move_id

    def pay_household(self, amount, date):
        return self.register_payment(self.household, amount, date, memo="LOYER H951")

    # ------------------------------------------------------------------ avis d'échéance

    def test_notice_of_a_prorata_month(self):
        values = self.march._imlr_rent_document_values()[self.march.id]
        # 450 × 20/31, 50 × 20/31 (12 to 31 March); no APL in the month of entry (never pro rata)
        self.assertEqual(
            {key: values[key] for key in ("rent", "charges", "other", "total", "apl_expected", "to_pay")},
            {
                "rent": 290.32,
                "charges": 32.26,
                "other": 0.0,
                "total": 322.58,
                "apl_expected": 0.0,
                "to_pay": 322.58,
            },
        )
        self.assertEqual((values["date_from"], values["date_to"]), (d("2024-03-12"), d("2024-03-31")))
        self.assertEqual(values["previous_balance"], 0.0)
        text = self.render("imlr_odoo.report_rent_notice", self.march)
        self.assertIn("Avis d'échéance", text)
        self.assertIn("Loyer de mars 2024", text)
        self.assertIn("Période 12/03/2024 – 31/03/2024 (20/31)", text)
        self.assertIn("Loyer 290,32 €", text)
        self.assertIn("Provision sur charges 32,26 €", text)
        self.assertIn("Total du mois 322,58 €", text)
        self.assertIn("Reste à charge 322,58 €", text)
        self.assertIn("Date d'échéance 12/03/2024", text)
        self.assertIn("Référence de paiement LOYER H951 2024-03", text)
        self.assertIn("Famille Haddad", text)
        self.assertIn("12 rue des Lilas", text)
        # a full month, with March still unpaid as the previous balance
        text = self.render("imlr_odoo.report_rent_notice", self.april)
        self.assertIn("Loyer 450,00 €", text)
        self.assertIn("APL versée par la CAF − 200,00 €", text)
        self.assertIn("Reste à charge 300,00 €", text)
        self.assertIn("Solde restant dû des mois précédents 322,58 €", text)

    def test_notice_only_for_posted_rent_invoices(self):
        other = self.init_invoice("out_invoice", partner=self.household, amounts=[100.0], post=True)
        with self.assertRaisesRegex(UserError, "is not a posted rent invoice"):
            other.with_context(lang="en_US").action_imlr_print_notice()

    # ------------------------------------------------------------------ quittance or reçu

    def test_unpaid_month_gets_a_receipt_not_a_quittance(self):
        self.pay_household(100.0, "2024-03-20")
        self.assertEqual(self.march.amount_residual, 222.58)
        with self.assertRaisesRegex(UserError, r"is not fully paid \(222\.58"):
            self.march.with_context(lang="en_US")._imlr_check_quittance()
        # the quittance report itself refuses, whatever the way it is asked for
        with self.assertRaisesRegex(UserError, "not fully paid"):
            self.Report.with_context(lang="en_US")._render_qweb_pdf("imlr_odoo.report_rent_quittance", self.march.ids)
        action = self.march.action_imlr_print_receipt()
        self.assertEqual(action["report_name"], "imlr_odoo.report_rent_receipt")
        text = self.render("imlr_odoo.report_rent_receipt", self.march)
        self.assertIn("Reçu de paiement", text)
        self.assertNotIn("Quittance", text)
        self.assertIn("la somme de 100,00 €", text)
        self.assertIn("Déjà payé 100,00 €", text)
        self.assertIn("dont payé par le locataire 100,00 €", text)
        self.assertIn("Reste dû 222,58 €", text)
        self.assertIn("20/03/2024 Locataire 100,00 €", text)

    def test_quittance_of_a_fully_paid_month(self):
        self.pay_apl(129.03, "2024-04-08")
        self.pay_household(193.55, "2024-04-09")
        self.assertIn(self.march.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.april.amount_residual, 500.0)
        values = self.march._imlr_rent_document_values()[self.march.id]
        self.assertEqual(
            (values["paid_apl"], values["paid_household"], values["credited"], values["residual"]),
            (129.03, 193.55, 0.0, 0.0),
        )
        action = self.march.action_imlr_print_receipt()
        self.assertEqual(action["report_name"], "imlr_odoo.report_rent_quittance")
        text = self.render("imlr_odoo.report_rent_quittance", self.march)
        self.assertIn("Quittance de loyer", text)
        self.assertIn("Loyer de mars 2024", text)
        self.assertIn("L'association Association Accueil Somme", text)
        self.assertIn("de Famille Haddad, locataire, la somme de 322,58 €", text)
        self.assertIn("du 12/03/2024 au 31/03/2024", text)
        self.assertIn("Loyer 290,32 €", text)
        self.assertIn("Provision sur charges 32,26 €", text)
        self.assertIn("dont APL versée par la CAF 129,03 €", text)
        self.assertIn("dont payé par le locataire 193,55 €", text)
        self.assertIn("08/04/2024 CAF (APL) 129,03 €", text)
        self.assertIn("09/04/2024 Locataire 193,55 €", text)
        self.assertIn("12 rue des Lilas", text)
        # April is still unpaid: mixing both months is refused, April alone gets a reçu
        with self.assertRaisesRegex(UserError, "is fully paid and"):
            (self.march + self.april).with_context(lang="en_US").action_imlr_print_receipt()
        # April is unpaid: no reçu of 0,00 € either
        with self.assertRaisesRegex(UserError, "Nothing has been paid yet"):
            self.april.with_context(lang="en_US").action_imlr_print_receipt()

    # ------------------------------------------------------------------ contract

    def test_sublease_contract(self):
        text = self.render("imlr_odoo.report_sublease_contract", self.sublease)
        self.assertIn("Contrat de sous-location", text)
        self.assertIn("Association Accueil Somme", text)
        self.assertIn("Famille Haddad", text)
        self.assertIn("12 rue des Lilas", text)
        self.assertIn("commence le 12/03/2024", text)
        self.assertIn("Loyer mensuel 450,00 €", text)
        self.assertIn("Provision mensuelle sur charges 50,00 €", text)
        self.assertIn("APL prévue, versée par la CAF à l'association 200,00 €", text)
        self.assertIn("Reste à charge mensuel du sous-locataire 300,00 €", text)
        self.assertIn("Dépôt de garantie 450,00 €", text)

    # ------------------------------------------------------------------ e-mail

    def send(self, action):
        composer = (
            self.env["mail.compose.message"].with_context(**action["context"], force_report_rendering=True).create({})
        )
        _mails, messages = composer._action_send_mail()
        self.assertEqual(len(messages), 1)
        return messages

    def test_send_notice_by_email(self):
        action = self.march.action_imlr_send_notice()
        self.assertEqual(action["res_model"], "mail.compose.message")
        message = self.send(action)
        self.assertEqual(message.partner_ids, self.household)
        self.assertIn("LOYER H951 2024-03", message.subject)
        self.assertIn("LOYER H951 2024-03", message.body)
        self.assertEqual(len(message.attachment_ids), 1)
        attachment = message.attachment_ids
        self.assertEqual(attachment.name, "Avis d'échéance - LOYER H951 2024-03.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertIn("Reste à charge 322,58 €", pdf_text(base64.b64decode(attachment.datas)))
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.recipient_ids, self.household)

    def test_send_receipt_by_email(self):
        self.pay_household(100.0, "2024-03-20")
        message = self.send(self.march.action_imlr_send_receipt())
        self.assertEqual(message.attachment_ids.name, "Reçu - LOYER H951 2024-03.pdf")
        self.assertIn("Reste dû 222,58 €", pdf_text(base64.b64decode(message.attachment_ids.datas)))
