"""The CAF's monthly APL statement (rents issue, item 3), on a company with the French chart of accounts."""

import base64
import threading

from psycopg2 import errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools import mute_logger

from .common import FrenchAccountingCase, d
from .test_rents import make_sublease


class TestCafStatement(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.caf = cls.env.ref("imlr_odoo.imlr_partner_caf")
        sector = cls.env["imlr.sector"].create({"name": "CAF sector", "code": "CAFT"})
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))
        # rent 450 + charges 50 from January; 400 from January; 450 + 50 from 12 March (March: 322.58)
        cls.sub_a = make_sublease(env, "Household Alpha", "H801", sector, "2024-01-01")
        cls.sub_b = make_sublease(env, "Household Bravo", "H802", sector, "2024-01-01", rent=400.0, charges=0.0)
        cls.sub_c = make_sublease(env, "Household Charlie", "H803", sector, "2024-03-12")
        for sublease, apl, number in ((cls.sub_a, 300, "1000001"), (cls.sub_b, 250, "1000002"), (cls.sub_c, 200, "")):
            sublease.apl_expected = apl
            sublease.household_id.imlr_caf_number = number or False
        cls.household_a, cls.household_b, cls.household_c = (cls.sub_a + cls.sub_b + cls.sub_c).household_id
        cls.household_c.imlr_caf_number = "1000003"
        env["imlr.sublease"]._imlr_rent_run(d("2024-04-10"))
        cls.Statement = env["imlr.caf.statement"]

    def invoices(self, sublease):
        return self.env["account.move"].search(
            [("imlr_sublease_id", "=", sublease.id), ("move_type", "=", "out_invoice")], order="imlr_period_start"
        )

    def make_statement(self, month, lines):
        """``lines``: [(allocataire, month, amount)]."""
        return self.Statement.create(
            {
                "date_month": d(month),
                "date_payment": d(month).replace(day=8),
                "line_ids": [
                    Command.create({"caf_number": number, "date_month": d(covered), "amount": amount})
                    for number, covered, amount in lines
                ],
            }
        )

    def april_statement(self):
        return self.make_statement(
            "2024-04-01",
            [
                ("1000001", "2024-04-01", 300.0),
                ("1000002", "2024-04-01", 250.0),
                ("1000003", "2024-04-01", 200.0),  # C entered on 12 March: no APL for March
            ],
        )

    def test_statement_posts_one_entry_and_pays_each_month(self):
        statement = self.april_statement()
        self.assertRecordValues(
            statement,
            [
                {
                    "name": "APL CAF 2024-04",
                    "state": "draft",
                    "caf_partner_id": self.caf.id,
                    "journal_id": self.company.imlr_apl_journal_id.id,
                    "amount_total": 750.0,
                    "mismatch_count": 0,
                }
            ],
        )
        self.assertRecordValues(
            statement.line_ids,
            [
                {"household_id": self.household_a.id, "expected_apl": 300.0, "check_result": "ok"},
                {"household_id": self.household_b.id, "expected_apl": 250.0, "check_result": "ok"},
                {"household_id": self.household_c.id, "expected_apl": 200.0, "check_result": "ok"},
            ],
        )
        statement.action_post()
        moves = self.env["account.move"].search([("imlr_caf_statement_id", "=", statement.id)])
        self.assertEqual(len(moves), 1)
        self.assertRecordValues(
            moves,
            [{"move_type": "entry", "state": "posted", "date": d("2024-04-08"), "ref": "APL CAF 2024-04"}],
        )
        self.assertEqual(statement.move_id, moves)
        self.assertEqual(statement.state, "posted")
        # one debit for the CAF (its transfer matches it in one line), a credit per household
        self.assertRecordValues(
            moves.line_ids.sorted("id"),
            [
                {"partner_id": self.caf.id, "debit": 750.0, "credit": 0.0},
                {"partner_id": self.household_a.id, "debit": 0.0, "credit": 300.0},
                {"partner_id": self.household_b.id, "debit": 0.0, "credit": 250.0},
                {"partner_id": self.household_c.id, "debit": 0.0, "credit": 200.0},
            ],
        )
        self.assertEqual(set(moves.line_ids.account_id.mapped("code")), {"411100"})
        self.assertRecordValues(
            statement.line_ids,
            [{"posted_as": "regular", "move_line_id": line.id} for line in moves.line_ids.sorted("id")[1:]],
        )
        # each APL pays the CAF part of its own month, April: not the oldest invoice
        self.assertEqual(self.invoices(self.sub_a).mapped("amount_residual"), [500.0, 500.0, 500.0, 200.0])
        self.assertEqual(self.invoices(self.sub_b).mapped("amount_residual"), [400.0, 400.0, 400.0, 150.0])
        self.assertEqual(self.invoices(self.sub_c).mapped("amount_residual"), [322.58, 300.0])
        self.assertEqual(self.invoices(self.sub_c).mapped("payment_state"), ["not_paid", "partial"])
        april_a = self.invoices(self.sub_a)[3].line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertRecordValues(
            april_a.sorted("date_maturity"),
            [
                {"imlr_rent_part": "household", "amount_residual": 200.0},
                {"imlr_rent_part": "caf", "amount_residual": 0},
            ],
        )
        self.assertTrue(all(line.reconciled for line in moves.line_ids if line.credit))
        # posting again says so and writes nothing
        with self.assertRaisesRegex(UserError, "already posted"):
            statement.action_post()
        self.assertEqual(self.env["account.move"].search_count([("imlr_caf_statement_id", "=", statement.id)]), 1)

    def test_no_apl_expected_in_the_months_of_entry_and_exit(self):
        """The APL is due from the month after the entry, until the month before the one of the exit."""
        statement = self.make_statement("2024-04-01", [("1000003", "2024-03-01", 200.0)])
        self.assertRecordValues(statement.line_ids, [{"expected_apl": 0.0, "check_result": "amount"}])
        self.assertEqual(self.sub_c._rent_amounts(d("2024-03-01"))["apl"], 0.0)
        self.assertEqual(self.sub_c._rent_amounts(d("2024-04-01"))["apl"], 200.0)
        self.sub_c.date_end = d("2024-06-29")
        self.assertEqual(self.sub_c._rent_amounts(d("2024-06-01"))["apl"], 0.0)
        self.sub_c.date_end = d("2024-06-30")
        self.assertEqual(self.sub_c._rent_amounts(d("2024-06-01"))["apl"], 200.0)

    def test_mismatches_are_listed_not_posted(self):
        self.make_statement("2024-03-01", [("1000001", "2024-03-01", 300.0)]).action_post()
        statement = self.make_statement(
            "2024-04-01",
            [
                ("1000001", "2024-04-01", 300.0),  # ok
                ("1000002", "2024-04-01", 260.0),  # 250 expected
                ("9999999", "2024-04-01", 120.0),  # nobody has this number
                ("1000001", "2024-03-01", 50.0),  # March of A is paid: a rappel, if accepted
                ("1000002", "2024-02-01", -40.0),  # an indus: never a mismatch
            ],
        )
        self.assertEqual(statement.line_ids.mapped("check_result"), ["ok", "amount", "unknown", "covered", "ok"])
        self.assertRecordValues(statement, [{"mismatch_count": 3, "undecided_count": 3}])
        with self.assertRaises(UserError) as caught:
            statement.action_post()
        message = str(caught.exception)
        self.assertIn("Nothing was posted", message)
        self.assertIn(
            "Household Bravo 2024-04 (260.00): Amount differs from the expected APL; accept or exclude", message
        )
        self.assertIn("9999999 2024-04 (120.00): unknown household; it can only be excluded", message)
        self.assertIn("Household Alpha 2024-03 (50.00): Month already covered; accept or exclude", message)
        self.assertRecordValues(statement, [{"state": "draft", "move_id": False}])
        self.assertFalse(self.env["account.move"].search([("imlr_caf_statement_id", "=", statement.id)]))
        # an unknown household is never posted, even accepted
        line_b, unknown, rappel = statement.line_ids[1:4]
        (line_b + unknown + rappel).decision = "accept"
        with self.assertRaisesRegex(UserError, "unknown household; it can only be excluded"):
            statement.action_post()
        unknown.decision = "exclude"
        self.assertRecordValues(statement, [{"undecided_count": 0, "amount_total": 570.0}])
        statement.action_post()
        self.assertEqual(statement.line_ids.mapped("posted_as"), ["regular", "regular", False, "rappel", "indus"])
        self.assertRecordValues(
            statement.move_id.line_ids.sorted("id"),
            [
                {"partner_id": self.caf.id, "debit": 570.0, "credit": 0.0, "imlr_rent_month": False},
                {"partner_id": self.household_a.id, "debit": 0.0, "credit": 300.0, "imlr_rent_month": d("2024-04-01")},
                {"partner_id": self.household_b.id, "debit": 0.0, "credit": 260.0, "imlr_rent_month": d("2024-04-01")},
                {"partner_id": self.household_a.id, "debit": 0.0, "credit": 50.0, "imlr_rent_month": d("2024-03-01")},
                {"partner_id": self.household_b.id, "debit": 40.0, "credit": 0.0, "imlr_rent_month": d("2024-02-01")},
            ],
        )
        # A: March's and April's APL on their months; the rappel tops March up (its CAF part is paid: the
        # household's share of March goes down)
        self.assertEqual(self.invoices(self.sub_a).mapped("amount_residual"), [500.0, 500.0, 150.0, 200.0])
        # B: 260 for April (250 expected): 10 off April's share; the indus of February (no APL of February
        # was paid) is the household's debt
        self.assertEqual(self.invoices(self.sub_b).mapped("amount_residual"), [400.0, 400.0, 400.0, 140.0])
        self.assertEqual(statement.line_ids[4].move_line_id.amount_residual, 40.0)
        # a household's month is paid once by a regular line: PostgreSQL says so too
        with self.assertRaises(errors.UniqueViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            rappel.posted_as = "regular"
            self.env.flush_all()

    def test_caf_transfer_matches_in_one_line(self):
        statement = self.april_statement()
        statement.action_post()
        caf_line = statement.move_id.line_ids.filtered(lambda line: line.partner_id == self.caf)
        self.assertEqual(len(caf_line), 1)
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.caf.id,
                "amount": statement.amount_total,
                "date": d("2024-04-08"),
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        received = payment.move_id.line_ids.filtered(lambda line: line.account_id == caf_line.account_id)
        (received + caf_line).reconcile()
        self.assertRecordValues(caf_line, [{"reconciled": True, "amount_residual": 0.0}])
        self.assertEqual(caf_line.matched_credit_ids.credit_move_id, received)
        self.assertEqual(len(caf_line.matched_credit_ids), 1)
        self.assertTrue(payment.is_reconciled)

    def test_apl_clearing_account_and_journal_settings(self):
        clearing = self.env["account.account"].create(
            {"code": "467800", "name": "CAF – APL à recevoir", "account_type": "asset_current", "reconcile": True}
        )
        journal = self.env["account.journal"].create({"name": "APL 2", "code": "APL2", "type": "general"})
        self.company.write({"imlr_apl_account_id": clearing.id, "imlr_apl_journal_id": journal.id})
        statement = self.make_statement("2024-04-01", [("1000001", "2024-04-01", 300.0)])
        self.assertEqual(statement.journal_id, journal)
        statement.action_post()
        self.assertRecordValues(
            statement.move_id.line_ids.sorted("id"),
            [
                {"account_id": clearing.id, "partner_id": self.caf.id, "debit": 300.0, "credit": 0.0},
                {
                    "account_id": self.company_data["default_account_receivable"].id,
                    "partner_id": self.household_a.id,
                    "debit": 0.0,
                    "credit": 300.0,
                },
            ],
        )
        self.assertEqual(statement.move_id.journal_id, journal)

    def test_allocataire_number_unique_among_households(self):
        with self.assertRaisesRegex(ValidationError, "already the number of Household Alpha"):
            self.household_b.imlr_caf_number = " 1000001 "
        # persons and other contacts are not concerned
        self.env["res.partner"].create({"name": "Not a household", "imlr_caf_number": "1000001"})
        form = self.env["res.partner"].get_views([(self.env.ref("imlr_odoo.imlr_household_view_form").id, "form")])
        self.assertIn('name="imlr_caf_number"', form["views"]["form"]["arch"])

    def test_statement_entered_in_the_form(self):
        form = Form(self.Statement)
        form.date_month = d("2024-04-15")
        for _i in range(2):  # the same month twice: the second line is flagged
            with form.line_ids.new() as line:
                line.caf_number = "1000001"
                line.date_month = d("2024-04-01")
                line.amount = 300.0
        statement = form.save()
        self.assertEqual(statement.date_month, d("2024-04-01"))
        self.assertRecordValues(
            statement.line_ids,
            [
                {"household_id": self.household_a.id, "check_result": "ok"},
                {"household_id": self.household_a.id, "check_result": "covered"},
            ],
        )
        self.assertEqual(statement.undecided_count, 1)

    def test_rent_manager_posts_social_worker_does_not_see(self):
        rent_manager = new_test_user(
            self.env, "caf_rent_manager", groups="imlr_odoo.group_imlr_rent_manager", company_id=self.company.id
        )
        social_worker = new_test_user(
            self.env, "caf_social_worker", groups="imlr_odoo.group_imlr_social_worker", company_id=self.company.id
        )
        statement = self.april_statement()
        statement.with_user(rent_manager).action_post()
        self.assertEqual(statement.state, "posted")
        self.assertEqual(self.invoices(self.sub_a).mapped("amount_residual"), [500.0, 500.0, 500.0, 200.0])
        with self.assertRaises(AccessError):
            statement.with_user(social_worker).read(["amount_total"])

    # ------------------------------------------------------------------ CSV import

    def import_csv(self, text, lang="en_US"):
        wizard = (
            self.env["imlr.caf.statement.import"]
            .with_context(lang=lang)
            .with_company(self.company)
            .create(
                {
                    "file": base64.b64encode(text.encode()),
                    "filename": "bordereau.csv",
                    "date_month": d("2024-04-01"),
                    "date_payment": d("2024-04-08"),
                }
            )
        )
        action = wizard.action_import()
        return self.env["imlr.caf.statement"].browse(action["res_id"])

    def test_csv_import_creates_a_draft_statement(self):
        statement = self.import_csv(
            "N° allocataire;Ménage;Mois;Montant\n"
            "1000001;Household Alpha;2024-04;300,00\n"
            ";H802;2024-04;250\n"  # no number: the household's reference
            "7777777;Somebody;2024-04;99.5\n"  # unknown
            "1000003;H803;2024-02;-12,50\n"  # an indus
            "\n"
        )
        self.assertRecordValues(statement, [{"state": "draft", "date_month": d("2024-04-01"), "amount_total": 637.0}])
        self.assertRecordValues(
            statement.line_ids,
            [
                {
                    "caf_number": "1000001",
                    "household_id": self.household_a.id,
                    "date_month": d("2024-04-01"),
                    "amount": 300.0,
                },
                {
                    "caf_number": False,
                    "household_id": self.household_b.id,
                    "date_month": d("2024-04-01"),
                    "amount": 250.0,
                },
                {"caf_number": "7777777", "household_id": False, "date_month": d("2024-04-01"), "amount": 99.5},
                {
                    "caf_number": "1000003",
                    "household_id": self.household_c.id,
                    "date_month": d("2024-02-01"),
                    "amount": -12.5,
                },
            ],
        )
        self.assertEqual(statement.line_ids[2].household_label, "Somebody")
        self.assertEqual(statement.line_ids.mapped("check_result"), ["ok", "ok", "unknown", "ok"])

    def test_csv_import_reads_what_caf_files_contain(self):
        """Months as 11/2024, amounts as "1 388,00 €", no household column, names spelt otherwise, and a rent
        manager without an e-mail address."""
        rent_manager = new_test_user(
            self.env,
            login="caf_importer",
            groups="imlr_odoo.group_imlr_rent_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        rent_manager.partner_id.email = False
        self.sub_a.apl_expected = 1388.0
        wizard = (
            self.env["imlr.caf.statement.import"]
            .with_user(rent_manager)
            .with_company(self.company)
            .create(
                {
                    "file": base64.b64encode(
                        (
                            "N° allocataire;Mois;Montant\n"
                            '1000001;04/2024;"1 388,00 €"\n'
                            "1000002;01/04/2024;250,00 EUR\n"
                            "1000003;2024-04;1.200,50\n"
                            "1000003;02/2024;-12,50 €\n"
                        ).encode()
                    ),
                    "filename": "bordereau.csv",
                    "date_month": d("2024-04-01"),
                    "date_payment": d("2024-04-08"),
                }
            )
        )
        statement = self.env["imlr.caf.statement"].browse(wizard.action_import()["res_id"])
        self.assertRecordValues(
            statement.line_ids,
            [
                {"household_id": self.household_a.id, "date_month": d("2024-04-01"), "amount": 1388.0},
                {"household_id": self.household_b.id, "date_month": d("2024-04-01"), "amount": 250.0},
                {"household_id": self.household_c.id, "date_month": d("2024-04-01"), "amount": 1200.5},
                {"household_id": self.household_c.id, "date_month": d("2024-02-01"), "amount": -12.5},
            ],
        )
        statement.with_user(rent_manager).action_check()
        # the allocataire number wins over a name written otherwise
        other = self.import_csv("allocataire;ménage;mois;montant\n1000002;BRAVO Household (M.);2024-04;250\n")
        self.assertEqual(other.line_ids.household_id, self.household_b)

    def test_malformed_csv_writes_nothing_and_says_where_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        before = self.env["imlr.caf.statement"].search_count([])
        text = (
            "allocataire,menage,mois,montant\n"
            '1000001,Household Alpha,2024-04,"300,00"\n'
            "1000002,Household Bravo,2024-13,250\n"
            ',,2024-04,"12,3,4"\n'
            "1000003,H803,2024-04\n"
        )
        with self.assertRaises(UserError) as caught:
            self.import_csv(text, lang="fr_FR")
        message = str(caught.exception)
        self.assertIn("Le bordereau CAF bordereau.csv n'a pas été importé ; rien n'a été enregistré.", message)
        self.assertIn("ligne 3, colonne mois : 2024-13 n'est pas un mois : écrivez AAAA-MM (par ex. 2024-05).", message)
        self.assertIn("ligne 4, colonne allocataire : vide : indiquez le numéro d'allocataire ou le ménage.", message)
        self.assertIn("ligne 4, colonne montant : 12,3,4 n'est pas un montant", message)
        self.assertIn("ligne 5 : 3 colonnes alors que l'en-tête en a 4.", message)
        self.assertEqual(self.env["imlr.caf.statement"].search_count([]), before)
        # a header without the amount column
        with self.assertRaisesRegex(UserError, "ligne 1 : la colonne montant manque"):
            self.import_csv("allocataire;menage;mois\n1000001;;2024-04\n", lang="fr_FR")
        self.assertEqual(self.env["imlr.caf.statement"].search_count([]), before)

    def test_views_load(self):
        action = self.env.ref("imlr_odoo.imlr_caf_statement_action")
        views = self.env["imlr.caf.statement"].get_views([(False, "list"), (False, "form"), (False, "search")])
        self.assertIn("action_post", views["views"]["form"]["arch"])
        self.assertEqual(action.res_model, "imlr.caf.statement")
        statement = self.april_statement()
        statement.action_check()
        self.assertIn("Checked: 3 lines, 0 mismatches, 0 to decide.", statement.message_ids[0].body)
        statement.action_post()
        self.assertEqual(statement.action_open_move()["res_id"], statement.move_id.id)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            statement.unlink()


class TestCafStatementConcurrency(TransactionCase):
    """Two workers post the same statement at once, each in its own transaction: it is posted once.

    The data is committed (other cursors must see it) in the database's main company, with a journal of its
    own, and deleted at the end."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            journal = env["account.journal"].create(
                {"name": "Concurrent APL", "code": "CAPL", "type": "general", "company_id": company.id}
            )
            household = env["res.partner"].create(
                {"name": "Concurrent CAF household", "is_household": True, "imlr_caf_number": "CONC-1"}
            )
            statement = env["imlr.caf.statement"].create(
                {
                    "journal_id": journal.id,
                    "date_month": d("2024-04-01"),
                    "date_payment": d("2024-04-08"),
                    "line_ids": [
                        Command.create(
                            {
                                "caf_number": "CONC-1",
                                "date_month": d("2024-04-01"),
                                "amount": 180.0,
                                "decision": "accept",
                            }
                        )
                    ],
                }
            )
            # the same month in another CAF file (typed twice), in a journal of its own
            journal_2 = journal.copy({"name": "Concurrent APL 2", "code": "CAP2"})
            statement_2 = statement.copy({"journal_id": journal_2.id})
            statement_2.line_ids = [
                Command.create(
                    {"caf_number": "CONC-1", "date_month": d("2024-04-01"), "amount": 180.0, "decision": "accept"}
                )
            ]
            self.data = {
                "company_id": company.id,
                "journal_id": journal.id,
                "journal_2_id": journal_2.id,
                "household_id": household.id,
                "statement_id": statement.id,
                "statement_2_id": statement_2.id,
            }
            cr.commit()
        self.addCleanup(self.clean_up)

    def clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            data = self.data
            statements = env["imlr.caf.statement"].browse([data["statement_id"], data["statement_2_id"]])
            journals = env["account.journal"].browse([data["journal_id"], data["journal_2_id"]])
            moves = env["account.move"].search([("journal_id", "in", journals.ids)])
            statements.write({"state": "draft", "move_id": False})
            statements.line_ids.write({"posted_as": False, "move_line_id": False})
            moves.filtered(lambda move: move.state != "draft").with_context(
                imlr_allow_reset_to_draft=True
            ).button_draft()
            moves.with_context(force_delete=True).unlink()
            statements.unlink()
            env["res.partner"].browse(data["household_id"]).unlink()
            journals.unlink()
            cr.commit()

    def post_in(self, cr, statement="statement_id"):
        env = api.Environment(cr, SUPERUSER_ID, {"allowed_company_ids": [self.data["company_id"]]})
        return env["imlr.caf.statement"].browse(self.data[statement]).action_post()

    def test_same_month_in_two_statements(self):
        """The same month typed in two CAF files, posted at once: the second gets a sentence, and nothing of
        it lands in the server's log (no "bad query")."""
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            cr_b.execute("SELECT 1")  # B's snapshot is taken now, before A commits: B's check sees no payment
            self.assertTrue(self.post_in(cr_a))
            cr_a.commit()
            with (
                self.assertRaisesRegex(UserError, "2024-04 of Concurrent CAF household has just been posted"),
                self.assertNoLogs("odoo.sql_db", "ERROR"),
            ):
                self.post_in(cr_b, "statement_2_id")
            cr_b.rollback()
        self.assertEqual(self.posted_entries(), 1)

    def posted_entries(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM account_move WHERE imlr_caf_statement_id = %s AND state = 'posted'",
                [self.data["statement_id"]],
            )
            return cr.fetchone()[0]

    def test_two_cursors(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            cr_b.execute("SELECT 1")  # B's snapshot is taken now, before A posts
            self.assertTrue(self.post_in(cr_a))  # A holds the statement's row lock, not committed yet
            with self.assertRaisesRegex(UserError, "being posted by someone else"), mute_logger("odoo.sql_db"):
                self.post_in(cr_b)
            cr_a.commit()
            # the lock is free, but B's snapshot predates A's commit: refused all the same
            with self.assertRaisesRegex(UserError, "being posted by someone else"), mute_logger("odoo.sql_db"):
                self.post_in(cr_b)
            cr_b.rollback()
            # a new transaction sees the statement posted
            with self.assertRaisesRegex(UserError, "already posted"):
                self.post_in(cr_b)
        self.assertEqual(self.posted_entries(), 1)

    def test_two_threads(self):
        barrier = threading.Barrier(2)
        results, failures = [], []

        def post():
            try:
                with self.registry.cursor() as cr:
                    cr.execute("SELECT 1")
                    barrier.wait(timeout=30)
                    try:
                        results.append(self.post_in(cr))
                        cr.commit()
                    except UserError as error:
                        results.append(str(error))
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(error)

        threads = [threading.Thread(target=post) for _i in range(2)]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertEqual(failures, [])
        self.assertEqual(len(results), 2)
        self.assertEqual(results.count(True), 1)
        self.assertEqual(self.posted_entries(), 1)
