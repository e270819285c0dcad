"""The rent run says where it is (federation issue #19, item 6): a log line per chunk of invoices posted, and
the wizard's run longer than one chunk done by a job, a chunk per transaction, whose progress the wizard shows."""

import logging
from unittest.mock import patch

from odoo import Command
from odoo.tests import new_test_user

from .common import FrenchAccountingCase, d
from .test_rents import make_sublease

RUN_DATE = d("2024-07-10")
RUN_LOGGER = "odoo.addons.imlr_odoo.models.rents.imlr_sublease"
WIZARD_LOGGER = "odoo.addons.imlr_odoo.wizard.rents.imlr_rent_run_wizard"
# logging.INFO, not "INFO": Odoo names its level 25 "INFO" too, and assertLogs would take that one


class TestRentRunProgress(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sector = cls.env["imlr.sector"].create({"name": "Progress sector", "code": "PROG"})
        # 4 months (March-June, the first and last pro rata) and 7 months (January-July): 11 invoices
        cls.leaving = make_sublease(
            cls.env, "Leaving household", "H951", sector, "2024-03-12", end="2024-06-17", stay_exit="2024-06-18"
        )
        cls.running = make_sublease(cls.env, "Running household", "H952", sector, "2024-01-01", charges=0.0)
        cls.env["ir.config_parameter"].sudo().set_param("imlr_odoo.billing_chunk", "4")
        cls.Wizard = cls.env["imlr.rent.run.wizard"].with_company(cls.company)

    def rent_invoices(self):
        return self.env["account.move"].search(
            [("imlr_sublease_id", "in", (self.leaving | self.running).ids)], order="imlr_period_start, id"
        )

    def test_a_line_per_chunk_in_the_log(self):
        with self.assertLogs(RUN_LOGGER, logging.INFO) as logs:
            moves = self.env["imlr.sublease"].with_company(self.company)._imlr_rent_run(RUN_DATE)
        self.assertEqual(len(moves), 11)
        self.assertTrue(all(move.state == "posted" for move in moves))
        name = self.company.name
        self.assertEqual(
            [record.getMessage() for record in logs.records],
            [
                f"Rent run of {name} up to 2024-07-10: 11 invoices to create and post",
                f"Rent run of {name} up to 2024-07-10: 4/11 invoices posted",
                f"Rent run of {name} up to 2024-07-10: 8/11 invoices posted",
                f"Rent run of {name} up to 2024-07-10: 11/11 invoices posted",
                f"Rent run of {name} up to 2024-07-10: 11 invoices posted; applying the open credits of their 2 "
                "households",
                f"Rent run of {name} up to 2024-07-10: done.",
            ],
        )

    def test_the_wizard_follows_the_job(self):
        wizard = self.Wizard.create({"date": RUN_DATE})
        self.assertEqual(len(wizard.line_ids), 11)
        total = wizard.total
        cron = self.env.ref("imlr_odoo.ir_cron_rent_run_wizard")
        triggers_before = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])

        action = wizard.action_create_invoices()
        # more than one chunk: handed to the job, the wizard reopened on its progress; nothing billed yet
        self.assertEqual((action["res_model"], action["res_id"], action["target"]), (wizard._name, wizard.id, "new"))
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers_before + 1)
        self.assertRecordValues(wizard, [{"state": "running", "invoice_todo": 11, "invoice_done": 0, "progress": 0.0}])
        self.assertFalse(self.rent_invoices())

        # the job, as the cron's user: a chunk per call (Odoo's cron commits between calls)
        job = self.env["imlr.rent.run.wizard"].sudo()
        for done, progress in ((4, 36.4), (8, 72.7)):
            job._cron_run_wizards()
            self.assertRecordValues(
                wizard, [{"state": "running", "invoice_todo": 11, "invoice_done": done, "progress": progress}]
            )
            self.assertEqual(len(self.rent_invoices()), done)
            self.assertEqual(wizard.action_refresh()["res_id"], wizard.id)
        with self.assertLogs(WIZARD_LOGGER, logging.INFO) as logs:
            job._cron_run_wizards()
        self.assertEqual(logs.records[-1].getMessage(), f"Rent run wizard {wizard.id}: 11/11 invoices posted")
        self.assertRecordValues(wizard, [{"state": "done", "invoice_todo": 11, "invoice_done": 11, "progress": 100.0}])

        invoices = self.rent_invoices()
        self.assertEqual(wizard.move_ids, invoices)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(invoices.create_uid, self.env.user)  # as the user who started the run
        self.assertAlmostEqual(sum(invoices.mapped("amount_total")), total)
        self.assertEqual(self.env["account.move"].search(wizard.action_open_invoices()["domain"]), invoices)
        # nothing left for the job: a further call changes nothing
        job._cron_run_wizards()
        self.assertEqual(len(self.rent_invoices()), 11)

    def test_a_rent_manager_starts_the_job(self):
        """The role that runs the rents, not admin: the job bills as that user, in that user's company."""
        rent_manager = new_test_user(
            self.env,
            "progress_rent_manager",
            groups="imlr_odoo.group_imlr_rent_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        wizard = self.Wizard.with_user(rent_manager).create({"date": RUN_DATE})
        self.assertEqual(len(wizard.line_ids), 11)
        wizard.action_create_invoices()
        self.assertEqual(wizard.state, "running")
        job = self.env["imlr.rent.run.wizard"].sudo()
        for _call in range(3):
            job._cron_run_wizards()
        self.assertRecordValues(wizard, [{"state": "done", "invoice_done": 11, "progress": 100.0}])
        invoices = self.rent_invoices()
        self.assertEqual(len(invoices), 11)
        self.assertEqual(invoices.create_uid, rent_manager)
        self.assertEqual(invoices.company_id, self.company)
        self.assertEqual(set(invoices.mapped("state")), {"posted"})

    def test_a_short_run_is_done_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param("imlr_odoo.billing_chunk", "20")
        wizard = self.Wizard.create({"date": RUN_DATE})
        action = wizard.action_create_invoices()
        self.assertEqual(self.env["account.move"].search(action["domain"]), self.rent_invoices())
        self.assertEqual(len(self.rent_invoices()), 11)
        self.assertEqual(wizard.state, "preview")

    def test_the_wizard_says_why_the_job_stopped(self):
        """A chunk that fails half-way (here, the settings found incomplete once its invoices are made) is undone
        whole; the batches posted before stay posted, and the wizard says why it stopped, in the language of who
        started it (a cron has none), instead of running on."""
        rent_manager = new_test_user(
            self.env,
            "stopped_rent_manager",
            groups="imlr_odoo.group_imlr_rent_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
            lang="fr_FR",
        )
        wizard = self.Wizard.with_user(rent_manager).create({"date": RUN_DATE})
        wizard.action_create_invoices()
        job = self.env["imlr.rent.run.wizard"].sudo()
        job._cron_run_wizards()
        self.assertEqual(len(self.rent_invoices()), 4)

        sublease_class = type(self.env["imlr.sublease"])
        rent_run = sublease_class._imlr_rent_run
        self.company.imlr_apl_account_id = False
        refusal = (
            f"Les paramètres de loyers IML de {self.company.name} sont incomplets : Compte d’attente APL. "
            "Renseignez-les dans Paramètres › IML."
        )

        def run_then_refuse(subleases, date=None, limit=None):
            self.assertEqual((subleases.env.user, subleases.env.lang), (rent_manager, "fr_FR"))
            self.assertEqual(len(rent_run(subleases, date, limit=limit)), 4)
            subleases.env.company._imlr_rent_settings(required=("apl_account",))  # raises, in the user's language

        with (
            patch.object(sublease_class, "_imlr_rent_run", run_then_refuse),
            self.assertLogs(WIZARD_LOGGER, logging.ERROR) as logs,
        ):
            job._cron_run_wizards()
        self.assertEqual(logs.records[0].getMessage(), f"Rent run wizard {wizard.id} stopped")
        self.assertRecordValues(
            wizard, [{"state": "failed", "invoice_done": 4, "invoice_todo": 11, "error_message": refusal}]
        )
        self.assertEqual(len(self.rent_invoices()), 4)
        self.assertEqual(len(wizard.move_ids), 4)
        # a stopped run is not taken up again by the job; a new wizard bills what is left
        job._cron_run_wizards()
        self.assertEqual(wizard.state, "failed")
        self.assertEqual(len(self.rent_invoices()), 4)
        self.assertEqual(len(self.Wizard.create({"date": RUN_DATE}).line_ids), 7)
