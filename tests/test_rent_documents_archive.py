"""Rent documents signed and archived (accounting issue, item 9): the quittance's signatory, the avis's payment
means, and each avis, quittance and reçu issued kept as an attachment of its invoice, reprinted as issued.

Real PDFs (wkhtmltopdf), read back with pdftotext; in English (the household's language here), so that the
assertions do not depend on the French catalogue."""

import base64
import io

from PIL import Image

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import FrenchAccountingCase, d
from .test_rent_documents import pdf_text
from .test_rents import make_sublease


def signature_png():
    """A small PNG, base64: the signature image."""
    stream = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(stream, format="PNG")
    return base64.b64encode(stream.getvalue())


class TestRentDocumentsArchive(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "name": "Association Accueil Somme",
                "external_report_layout_id": cls.env.ref("web.external_layout_standard").id,
            }
        )
        sector = cls.env["imlr.sector"].create({"name": "Archive sector", "code": "ARCH"})
        # September and October billed 500 each (450 rent, 50 charges, no APL)
        cls.sublease = make_sublease(cls.env, "Famille Kidaneh", "K480", sector, "2024-09-01")
        cls.household = cls.sublease.household_id
        cls.household.lang = "en_US"
        moves = cls.env["imlr.sublease"].with_company(cls.company)._imlr_rent_run(d("2024-10-10"))
        cls.september, cls.october = moves.sorted("imlr_period_start")
        cls.Report = cls.env["ir.actions.report"].with_context(force_report_rendering=True)

    def render(self, report, moves):
        pdf, kind = self.Report._render_qweb_pdf(report, moves.ids)
        self.assertEqual(kind, "pdf")
        return pdf

    def archived(self, move):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "=", move.id)], order="id"
        )

    def pay(self, amount, date):
        return self.register_payment(self.household, amount, date, memo="LOYER K480")

    # ------------------------------------------------------------------ archive

    def test_reprint_is_the_notice_issued(self):
        """KIDANE's October avis printed with September's 480 € still due: once September is paid, the
        reprint is the avis issued (480 €), byte for byte, and the attachment exists once."""
        self.pay(20.0, "2024-09-05")
        self.assertEqual(self.september.amount_residual, 480.0)
        first = self.render("imlr_odoo.report_rent_notice", self.october)
        self.assertIn("Balance of your previous months still open 480.00", pdf_text(first))
        archive = self.archived(self.october)
        self.assertRecordValues(
            archive, [{"name": "Avis d'échéance - LOYER K480 2024-10.pdf", "mimetype": "application/pdf"}]
        )
        self.assertEqual(archive.raw, first)
        # September paid: computed today, the previous balance is 0
        self.pay(480.0, "2024-10-20")
        self.assertEqual(self.september.amount_residual, 0.0)
        self.assertEqual(self.october._imlr_rent_document_values()[self.october.id]["previous_balance"], 0.0)
        reprint = self.render("imlr_odoo.report_rent_notice", self.october)
        self.assertEqual(reprint, first)
        self.assertIn("Balance of your previous months still open 480.00", pdf_text(reprint))
        self.assertEqual(self.archived(self.october), archive)

    def test_correction_is_a_new_document(self):
        """October credited and billed again: its avis is a new document, on the new invoice; the first one
        stays as issued on the credited invoice."""
        first = self.render("imlr_odoo.report_rent_notice", self.october)
        self.sublease.charges = 30.0
        self.october._reverse_moves([{"ref": "Charges corrected"}], cancel=True)
        self.assertEqual(self.october.payment_state, "reversed")
        rebilled = self.env["imlr.sublease"].with_company(self.company)._imlr_rent_run(d("2024-10-15"))
        self.assertRecordValues(rebilled, [{"imlr_period_start": d("2024-10-01"), "amount_total": 480.0}])
        second = self.render("imlr_odoo.report_rent_notice", rebilled)
        self.assertNotEqual(second, first)
        self.assertIn("Total of the month 480.00", pdf_text(second))
        self.assertIn("Total of the month 500.00", pdf_text(first))
        self.assertEqual(len(self.archived(rebilled)), 1)
        self.assertEqual(self.archived(self.october).raw, first)

    def test_receipts_one_per_amount_due_and_quittance_kept(self):
        """A reçu acknowledges what was paid: reprinted as issued while nothing more is paid, a new one after
        a new payment; the quittance of the paid month is kept, and refused again once a payment is undone."""
        payment = self.pay(100.0, "2024-09-05")
        receipt = self.render("imlr_odoo.report_rent_receipt", self.september)
        self.assertEqual(self.render("imlr_odoo.report_rent_receipt", self.september), receipt)
        self.pay(150.0, "2024-09-12")
        second_receipt = self.render("imlr_odoo.report_rent_receipt", self.september)
        self.assertIn("Remaining due 250.00", pdf_text(second_receipt))
        self.pay(250.0, "2024-09-20")
        quittance = self.render("imlr_odoo.report_rent_quittance", self.september)
        self.assertEqual(self.render("imlr_odoo.report_rent_quittance", self.september), quittance)
        self.assertEqual(
            self.archived(self.september).mapped("name"),
            [
                "Reçu - LOYER K480 2024-09 - reste dû 400.00.pdf",
                "Reçu - LOYER K480 2024-09 - reste dû 250.00.pdf",
                "Quittance - LOYER K480 2024-09.pdf",
            ],
        )
        # the first payment undone: the month is not fully paid, its stored quittance is refused like a new one
        payment.move_id.line_ids.remove_move_reconcile()
        with self.assertRaisesRegex(UserError, "not fully paid"):
            self.Report.with_context(lang="en_US")._render_qweb_pdf(
                "imlr_odoo.report_rent_quittance", self.september.ids
            )

    def test_emailed_notice_is_archived(self):
        action = self.october.action_imlr_send_notice()
        composer = (
            self.env["mail.compose.message"].with_context(**action["context"], force_report_rendering=True).create({})
        )
        _mails, messages = composer._action_send_mail()
        sent = base64.b64decode(messages.attachment_ids.datas)
        self.assertEqual(self.render("imlr_odoo.report_rent_notice", self.october), sent)

    def test_archive_readable_only_by_who_reads_the_invoice(self):
        self.render("imlr_odoo.report_rent_notice", self.october)
        archive = self.archived(self.october)
        worker = new_test_user(self.env, login="archive_worker", groups="imlr_odoo.group_imlr_social_worker")
        rent_manager = new_test_user(
            self.env,
            login="archive_rent_manager",
            groups="imlr_odoo.group_imlr_rent_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        domain = [("res_model", "=", "account.move"), ("res_id", "=", self.october.id)]
        self.assertFalse(self.env["ir.attachment"].with_user(worker).search(domain))
        with self.assertRaises(AccessError):
            archive.with_user(worker).read(["raw"])
        self.assertEqual(self.env["ir.attachment"].with_user(rent_manager).search(domain), archive)
        self.assertEqual(archive.with_user(rent_manager).raw, archive.raw)

    # ------------------------------------------------------------------ signatory and payment means

    def test_quittance_names_its_signatory(self):
        self.pay(500.0, "2024-09-05")
        text = pdf_text(self.render("imlr_odoo.report_rent_quittance", self.september))
        self.assertIn("for Association Accueil Somme", text)
        self.assertNotIn("Awa Diop", text)
        self.company.write(
            {
                "imlr_quittance_signatory_name": "Awa Diop",
                "imlr_quittance_signatory_role": "Director",
                "imlr_quittance_signature": signature_png(),
            }
        )
        values = self.env["report.imlr_odoo.report_rent_quittance"]._get_report_values(self.september.ids)
        self.assertEqual(
            values["document_settings"][self.company.id]["signatory_name"],
            "Awa Diop",
        )
        # a new company setting does not change a quittance issued: the October one is new
        self.pay(500.0, "2024-10-05")
        html = self.Report._render_qweb_html("imlr_odoo.report_rent_quittance", self.october.ids)[0].decode()
        self.assertIn('alt="Signature"', html)
        self.assertIn("data:image/png;base64,", html)
        text = pdf_text(self.render("imlr_odoo.report_rent_quittance", self.october))
        self.assertIn("for Association Accueil Somme, by Awa Diop, Director", text)

    def test_notice_lists_only_the_means_offered(self):
        text = pdf_text(self.render("imlr_odoo.report_rent_notice", self.september))
        # default: bank transfer only (no bank account yet: no IBAN)
        self.assertIn("by bank transfer with the payment reference above;", text)
        for absent in ("direct debit", "cheque", "cash", "IBAN"):
            self.assertNotIn(absent, text)
        bank = self.env["res.partner.bank"].create(
            {"partner_id": self.company.partner_id.id, "acc_number": "FR76 3000 6000 0112 3456 7890 189"}
        )
        self.company.write(
            {
                "imlr_pay_by_cheque": True,
                "imlr_pay_by_cash": True,
                "imlr_payment_bank_account_id": bank.id,
            }
        )
        text = pdf_text(self.render("imlr_odoo.report_rent_notice", self.october))
        self.assertIn("IBAN FR76 3000 6000 0112 3456 7890 189", text)
        self.assertIn("by cheque payable to Association Accueil Somme;", text)
        self.assertIn("in cash at the office, against a receipt;", text)
        self.assertNotIn("direct debit", text)
        self.company.imlr_pay_by_transfer = False
        self.company.imlr_pay_by_direct_debit = True
        reprint_text = pdf_text(self.Report._render_qweb_pdf("imlr_odoo.report_rent_notice", self.october.ids)[0])
        self.assertIn("IBAN", reprint_text)  # the avis issued stays as issued
        values = self.company._imlr_rent_document_settings()["payment_means"]
        self.assertEqual([means["code"] for means in values], ["direct_debit", "cheque", "cash"])
        with self.assertRaisesRegex(ValidationError, "at least one payment means"):
            self.company.with_context(lang="en_US").write(
                {"imlr_pay_by_direct_debit": False, "imlr_pay_by_cheque": False, "imlr_pay_by_cash": False}
            )
