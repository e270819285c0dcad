"""The import wizard says where it is (federation issue #19, item 6): its import is done by a job, as the user who
started it and in one transaction, whose progress the wizard shows while it runs; then the counts created, the
errors, or the failure of the job itself, with nothing imported."""

import base64
import logging

from odoo import Command, api
from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from .test_import import MODELS, files, lines, replace_line

WIZARD_LOGGER = "odoo.addons.imlr_odoo.wizard.imports.imlr_import_wizard"
VALID_SUMMARY = (
    "landlords: 2, dwellings: 2, leases: 2, place_blocks: 1, households: 2, persons: 4, memberships: 4, "
    "legal_statuses: 4, resources: 2, orientations: 3, stays: 2, reinforced_support: 1, eviction_stages: 2, "
    "subleases: 2"
)
# the valid set: 33 rows, 66 steps (each row checked, then written); every entity written moves the bar by a point
# or more, so every step is written
VALID_PROGRESS = [0.0, 50.0, 53.0, 56.1, 59.1, 60.6, 63.6, 69.7, 75.8, 81.8, 84.8, 89.4, 92.4, 93.9, 97.0, 100.0]


def counts(env):
    return {model: env[model].with_context(active_test=False).search_count([]) for model in MODELS}


class ImportProgressCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,base.group_partner_manager,imlr_odoo.group_imlr_manager"
        # messages in English, the source text (their French is in the translations)
        cls.manager = new_test_user(cls.env, login="imlr_progress_manager", groups=groups, lang="en_US")
        cls.other_manager = new_test_user(cls.env, login="imlr_progress_other", groups=groups, lang="en_US")
        cls.cron = cls.env.ref("imlr_odoo.ir_cron_import_wizard")

    def setUp(self):
        super().setUp()
        # The job writes its progress in a cursor of its own, committed at once (TestProgressCursor below): here
        # it is recorded, with the wizard's state at that moment, and written in the test's transaction.
        self.progress_written = []

        def write_progress(wizard_model, wizard_id, percent):
            wizard = wizard_model.env["imlr.import.wizard"].browse(wizard_id)
            self.progress_written.append((percent, wizard.state))
            wizard.progress_ids.write({"percent": percent})

        self.patch(type(self.env["imlr.import.wizard"]), "_write_progress", write_progress)

    def wizard(self, data, user=None):
        user = user or self.manager
        attachments = (
            self.env["ir.attachment"]
            .with_user(user)
            .create([{"name": name, "datas": base64.b64encode(content)} for name, content in data])
        )
        return self.env["imlr.import.wizard"].with_user(user).create({"attachment_ids": attachments.ids})

    def start(self, wizard):
        action = wizard.action_import()
        self.assertEqual((action["res_model"], action["res_id"], action["target"]), (wizard._name, wizard.id, "new"))
        self.assertRecordValues(wizard, [{"state": "running", "progress": 0.0}])
        return action

    def job(self):
        """The cron's call, as the cron's user."""
        self.env["imlr.import.wizard"].sudo()._cron_run_imports()

    def triggers(self):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])


class TestImportProgress(ImportProgressCase):
    def test_the_job_imports_as_the_user_who_started_it(self):
        before = counts(self.env)
        wizard = self.wizard(files())
        attachments = wizard.attachment_ids
        self.assertEqual(len(attachments), 14)
        triggers_before = self.triggers()

        self.start(wizard)
        # handed to the job: triggered, nothing imported yet, the files kept for it
        self.assertEqual(self.triggers(), triggers_before + 1)
        self.assertEqual(counts(self.env), before)
        self.assertEqual(len(attachments.exists()), 14)
        self.assertEqual(wizard.action_refresh()["res_id"], wizard.id)

        self.job()
        self.assertRecordValues(
            wizard, [{"state": "done", "progress": 100.0, "summary": VALID_SUMMARY, "error_count": 0}]
        )
        self.assertFalse(attachments.exists())
        stays = self.env["imlr.stay"].search([("reference", "in", ("TI-S1", "TI-S2"))])
        self.assertEqual(len(stays), 2)
        self.assertEqual(stays.create_uid, self.manager)
        self.assertEqual(stays.company_id, wizard.company_id)
        partners = self.env["res.partner"].search([("create_uid", "=", self.manager.id)])
        # 2 landlords + 2 households + 4 persons + the address contacts of 2 dwellings
        self.assertEqual(len(partners), 10)
        after = counts(self.env)
        self.assertEqual(after["imlr.sublease"] - before["imlr.sublease"], 2)
        self.assertEqual(after["imlr.household.member"] - before["imlr.household.member"], 4)

        # nothing left for the job: a further call changes nothing
        self.job()
        self.assertEqual(counts(self.env), after)
        self.assertEqual(wizard.state, "done")

    def test_the_progress_written_while_the_import_runs(self):
        self.start(self.wizard(files()))
        self.job()
        # every value written while the wizard was still running: its row is written once, at the end
        self.assertEqual(self.progress_written, [(percent, "running") for percent in VALID_PROGRESS])

    def test_the_progress_is_written_a_point_at_a_time(self):
        landlords = [f"TI-PL{number:03d},Bailleur {number},private" for number in range(200)]
        data = [
            ("landlords.csv", lines("ref,name,landlord_type", *landlords).encode()),
            ("households.csv", lines("ref,name", "TI-PH1,Famille PROGRESS").encode()),
            ("persons.csv", lines("ref,lastname,firstname", "TI-PP1,Progress,Amina").encode()),
        ]
        wizard = self.wizard(data)
        self.start(wizard)
        self.job()
        # 202 rows, 404 steps: landlords written at 402 (99.5), households at 403 (99.8: less than a point more,
        # not written), persons at 404 (100, always written)
        self.assertEqual([percent for percent, _state in self.progress_written], [0.0, 50.0, 99.5, 100.0])
        self.assertRecordValues(
            wizard, [{"state": "done", "progress": 100.0, "summary": "landlords: 200, households: 1, persons: 1"}]
        )

    def test_an_import_a_stopped_server_left_running_is_picked_up(self):
        """Its transaction rolled back with the server: the wizard still running with its files, its progress as
        last committed; the next call of the job imports it, from 0."""
        wizard = self.wizard(files())
        self.start(wizard)
        wizard.progress_ids.percent = 63.6
        self.job()
        self.assertEqual([percent for percent, _state in self.progress_written], VALID_PROGRESS)
        self.assertRecordValues(wizard, [{"state": "done", "progress": 100.0, "summary": VALID_SUMMARY}])

    def test_errors_are_listed_and_nothing_is_imported(self):
        before = counts(self.env)
        wizard = self.wizard(files({"leases.csv": replace_line("leases.csv", 2, "TI-D1,2022-01-01,,,-500,80,,0")}))
        attachments = wizard.attachment_ids
        self.start(wizard)
        self.job()
        self.assertRecordValues(
            wizard, [{"state": "failed", "error_count": 1, "summary": False, "failure_message": False}]
        )
        self.assertEqual(
            str(wizard.error_html),
            '<table class="table table-sm"><thead><tr><th>File</th><th>Row</th><th>Column</th><th>Error</th></tr>'
            "</thead><tbody><tr><td>leases.csv</td><td>2</td><td>rent</td><td>-500 is negative: amounts cannot be "
            "negative.</td></tr></tbody></table>",
        )
        # checked, never written
        self.assertEqual(self.progress_written, [(0.0, "running"), (50.0, "running")])
        self.assertEqual(counts(self.env), before)
        self.assertFalse(attachments.exists())

        # the files replaced, imported again: the errors go, the import is done
        replaced = (
            self.env["ir.attachment"]
            .with_user(self.manager)
            .create([{"name": name, "datas": base64.b64encode(content)} for name, content in files()])
        )
        wizard.attachment_ids = [Command.set(replaced.ids)]
        self.start(wizard)
        self.assertRecordValues(wizard, [{"error_count": 0, "error_html": False}])
        self.job()
        self.assertRecordValues(wizard, [{"state": "done", "summary": VALID_SUMMARY, "progress": 100.0}])

    def test_the_errors_read_in_the_language_of_who_started_it(self):
        """The job's context has no language: the import runs in its user's, whose errors table it stores."""
        french_manager = new_test_user(
            self.env,
            login="imlr_progress_french",
            groups="base.group_user,base.group_partner_manager,imlr_odoo.group_imlr_manager",
            lang="fr_FR",
        )
        data = files({"leases.csv": replace_line("leases.csv", 2, "TI-D1,2022-01-01,,,-500,80,,0")})
        wizard = self.wizard(data, user=french_manager)
        self.start(wizard)
        self.job()
        self.assertEqual(
            str(wizard.error_html),
            '<table class="table table-sm"><thead><tr><th>Fichier</th><th>Ligne</th><th>Colonne</th>'
            "<th>Erreur</th></tr></thead><tbody><tr><td>leases.csv</td><td>2</td><td>rent</td><td>-500 est négatif "
            ": les montants ne peuvent pas être négatifs.</td></tr></tbody></table>",
        )

    def test_a_crash_of_the_job_rolls_the_import_back(self):
        """An unexpected error once every record was created (an induced fault): all of it undone, the wizard
        failed with the error, not left running."""
        engine = type(self.env["imlr.import"])
        write_rows = engine._write

        def write_then_crash(model, *args, **kwargs):
            write_rows(model, *args, **kwargs)
            raise RuntimeError("the disk is full")

        self.patch(engine, "_write", write_then_crash)
        before = counts(self.env)
        wizard = self.wizard(files())
        attachments = wizard.attachment_ids
        self.start(wizard)
        with self.assertLogs(WIZARD_LOGGER, logging.ERROR) as logs:
            self.job()
        self.assertEqual(
            [record.getMessage() for record in logs.records],
            [f"Import wizard {wizard.id}: the import stopped on an unexpected error"],
        )
        self.assertIn("RuntimeError: the disk is full", logs.output[0])
        self.assertRecordValues(
            wizard,
            [
                {
                    "state": "failed",
                    "error_count": 0,
                    "summary": False,
                    "failure_message": "The import stopped on an unexpected error, and nothing was imported. "
                    "Error: the disk is full",
                }
            ],
        )
        self.assertEqual(counts(self.env), before)
        self.assertFalse(self.env["imlr.stay"].search([("reference", "=", "TI-S1")]))
        self.assertFalse(attachments.exists())
        self.assertEqual([percent for percent, _state in self.progress_written], VALID_PROGRESS)
        # not running: a further call of the job leaves it as it is
        self.job()
        self.assertEqual(wizard.state, "failed")

    def test_a_user_who_lost_the_right_to_import(self):
        """The job imports with the rights its user has when it runs: refused, the wizard says so, not running."""
        before = counts(self.env)
        wizard = self.wizard(files())
        attachments = wizard.attachment_ids
        self.start(wizard)
        self.manager.groups_id = [Command.unlink(self.env.ref("imlr_odoo.group_imlr_manager").id)]
        with self.assertLogs(WIZARD_LOGGER, logging.ERROR):
            self.job()
        wizard = wizard.sudo()
        self.assertRecordValues(wizard, [{"state": "failed", "error_count": 0, "summary": False}])
        self.assertEqual(
            wizard.failure_message.splitlines()[0],
            "The import stopped on an unexpected error, and nothing was imported. Error: You are not allowed to "
            "access 'Spreadsheet import' (imlr.import.wizard) records.",
        )
        self.assertEqual(counts(self.env), before)
        self.assertFalse(attachments.exists())

    def test_only_its_creator_sees_and_starts_an_import(self):
        wizard = self.wizard(files())
        with self.assertRaises(AccessError):
            wizard.with_user(self.other_manager).action_import()
        self.assertEqual(wizard.state, "draft")
        self.assertFalse(self.env["imlr.import.wizard"].with_user(self.other_manager).search([("id", "=", wizard.id)]))
        # even where the record rules are bypassed, the job would import as the creator: refused to another user
        with self.assertRaises(AccessError):
            wizard.with_user(self.other_manager).sudo().action_import()
        self.assertEqual(wizard.state, "draft")


class TestProgressCursor(TransactionCase):
    """With real cursors, outside the test's transaction: the progress is committed while the job's transaction is
    open, and the job then writes its outcome on the wizard without conflict. The job's transaction is rolled back
    at the end (nothing imported stays), and the committed wizard is deleted."""

    def test_the_progress_is_committed_while_the_job_runs(self):
        self.assertFalse(self.registry.in_test_mode())
        admin = self.env.ref("base.user_admin")
        data = [
            ("households.csv", lines("ref,name", "TI-CH1,Famille CURSOR", "TI-CH2,CURSOR Awa").encode()),
            ("persons.csv", lines("ref,lastname,firstname", "TI-CP1,Cursor,Amina").encode()),
        ]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, admin.id, {})
            attachments = env["ir.attachment"].create(
                [{"name": name, "datas": base64.b64encode(content)} for name, content in data]
            )
            # started, without triggering the cron: the test server's cron workers must not run it
            wizard_id = (
                env["imlr.import.wizard"]
                .create(
                    {
                        "attachment_ids": attachments.ids,
                        "state": "running",
                        "progress_ids": [Command.create({"percent": 0.0})],
                    }
                )
                .id
            )
        wizard_class = type(self.env["imlr.import.wizard"])
        write_progress = wizard_class._write_progress
        seen = []

        def write_and_read_back(wizard_model, wizard_id, percent):
            write_progress(wizard_model, wizard_id, percent)
            # what another transaction (the user's Refresh) reads now
            with self.registry.cursor() as reader:
                wizard = api.Environment(reader, admin.id, {})["imlr.import.wizard"].browse(wizard_id)
                seen.append((percent, wizard.progress, wizard.state))

        self.patch(wizard_class, "_write_progress", write_and_read_back)
        try:
            with self.registry.cursor() as job_cr:
                job_env = api.Environment(job_cr, api.SUPERUSER_ID, {})
                job_env["imlr.import.wizard"]._cron_run_imports()
                # the outcome written on the wizard, though the progress committed beside it since the job began
                wizard = job_env["imlr.import.wizard"].browse(wizard_id)
                self.assertRecordValues(wizard, [{"state": "done", "summary": "households: 2, persons: 1"}])
                self.assertEqual(job_env["res.partner"].search([("ref", "=", "TI-CP1")]).create_uid, admin)
                job_cr.rollback()
            with self.registry.cursor() as reader:
                wizard = api.Environment(reader, admin.id, {})["imlr.import.wizard"].browse(wizard_id)
                # the job rolled back here: the progress stays as committed
                self.assertRecordValues(wizard, [{"state": "running", "progress": 100.0}])
        finally:
            with self.registry.cursor() as cr:
                api.Environment(cr, api.SUPERUSER_ID, {})["imlr.import.wizard"].browse(wizard_id).unlink()
        # 3 rows, 6 steps
        self.assertEqual(
            seen,
            [
                (0.0, 0.0, "running"),
                (50.0, 50.0, "running"),
                (83.3, 83.3, "running"),
                (100.0, 100.0, "running"),
            ],
        )
