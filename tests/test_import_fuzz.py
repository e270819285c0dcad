"""Fuzz-style test of the spreadsheet import (security issue #8, item 3): generated malformed rows and files,
each fed alone with the otherwise valid set of test_import.py, then all together; nothing is written, every
problem comes back as a readable error (no traceback, no exception but the UserError of the wizard)."""

import csv
import io
import random

from odoo.addons.imlr_odoo.models.imports.imlr_import import ENTITY_BY_NAME, MAX_CELL_LENGTH
from odoo.tests.common import TransactionCase

from .test_import import MODELS, VALID, files, lines

SEED = 8
FORMULAS = ("=1+1", '=HYPERLINK("http://x.example","a")', "@SUM(A1:A2)", "+cmd|' /C calc'!A0", "-2+3+cmd|'/C'!A0")
BAD_BY_KIND = {
    "date": ("2024-13-45", "31/02/2024", "hier", "2024/01/01", "45000", "0000-00-00"),
    "amount": ("-12.5", "abc", "1.2.3", "NaN", "12 €", "1e3"),
    "int": ("deux", "2.5", "1/2"),
    "bool": ("peut-être", "2"),
    "quarter": ("2023-T5", "T2-2023", "2023"),
    "selection": ("unknown_code", "référé"),
    "code": ("ZZ-UNKNOWN",),
    "ref": ("NOPE-REF-404",),
    "char": (),
}
GENERIC_BAD = ("x" * (MAX_CELL_LENGTH + 1), "y" * 100_000, "Nom\x00caché", "Nom\x07bip", *FORMULAS)


def csv_cell(value):
    return '"' + value.replace('"', '""') + '"'


def valid_rows(name):
    """(header, [row lists]) of a file of the valid set."""
    header, *rows = VALID[name].splitlines()
    return header.split(","), rows


def with_cell(name, row_index, column, value):
    """The file ``name`` of the valid set with one cell replaced (other rows unchanged, CSV quoting kept)."""
    header, rows = valid_rows(name)
    parsed = list(csv.reader(io.StringIO("\n".join(rows))))
    cells = parsed[row_index]
    cells[header.index(column)] = value
    parsed[row_index] = cells
    return lines(",".join(header), *(",".join(csv_cell(cell) for cell in row) for row in parsed))


def generated_cases(rng):
    """[(label, {file name: new content})]: one malformed cell, row or file per case."""
    cases = []
    for name in VALID:
        entity = ENTITY_BY_NAME[name.removesuffix(".csv")]
        header, rows = valid_rows(name)
        for column in entity.columns:
            if column.name not in header:
                continue
            values = list(BAD_BY_KIND.get(column.kind, ())) + rng.sample(GENERIC_BAD, 2)
            if column.required and column.default is None:
                values.append("")
            for value in values:
                row_index = rng.randrange(len(rows))
                label = f"{name}:{row_index + 2}:{column.name}={value[:20]!r}"
                cases.append((label, {name: with_cell(name, row_index, column.name, value)}))
        # a required column missing from the header
        required = [column.name for column in entity.columns if column.required and column.name in header]
        if required:
            missing = rng.choice(required)
            keep = [index for index, column in enumerate(header) if column != missing]
            text = "\n".join(
                ",".join(line.split(",")[index] for index in keep)
                for line in VALID[name].splitlines()
                if "," in line and '"' not in line
            )
            cases.append((f"{name}: no column {missing}", {name: text + "\n"}))
        # the same key twice (files whose first column is their own reference)
        if header[0] == "ref":
            cases.append((f"{name}: duplicated ref", {name: VALID[name] + rows[0] + "\n"}))
        # a row with too few and one with too many cells
        cases.append((f"{name}: short row", {name: VALID[name] + rows[0].split(",")[0] + "\n"}))
        # broken encodings and binary garbage
        cases.append((f"{name}: latin-1", {name: VALID[name].replace("Test", "Tést").encode("latin-1", "replace")
                                           + "Société,é\n".encode("latin-1")}))  # fmt: skip
        cases.append((f"{name}: garbage", {name: bytes(rng.randrange(256) for _ in range(300))}))
        cases.append((f"{name}: empty", {name: b""}))
    cases.append(("unknown file name", {"people.csv": VALID["persons.csv"]}))
    cases.append(("unsupported type", {"persons.txt": VALID["persons.csv"]}))
    cases.append(("not a workbook", {"import.xlsx": b"PK\x03\x04 not a zip at all"}))
    return cases


class TestImportFuzz(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["imlr.import"].with_context(lang="fr_FR")
        cls.cases = generated_cases(random.Random(SEED))

    def counts(self):
        return {model: self.env[model].with_context(active_test=False).search_count([]) for model in MODELS}

    def assertRefused(self, label, result):
        self.assertEqual(result["created"], {}, label)
        self.assertTrue(result["errors"], f"{label}: accepted")
        for error in result["errors"]:
            self.assertIsInstance(error["message"], str, label)
            self.assertTrue(error["message"].strip(), label)
            self.assertNotIn("Traceback", error["message"], label)
            self.assertLess(len(error["message"]), 1000, f"{label}: {error['message'][:200]}")

    def test_at_least_100_cases(self):
        self.assertGreaterEqual(len(self.cases), 100)

    def test_each_malformed_input_alone_writes_nothing(self):
        before = self.counts()
        for label, overrides in self.cases:
            with self.subTest(case=label):
                data = files(overrides)
                result = self.engine.import_files(data)
                self.assertRefused(label, result)
        self.assertEqual(self.counts(), before)

    def test_all_malformed_rows_together(self):
        """One import of every file, each with one bad cell: refused as a whole, every such file named."""
        before = self.counts()
        overrides = {}
        for label, case in self.cases:
            name, content = next(iter(case.items()))
            if "=" in label and name not in overrides:
                overrides[name] = content
        result = self.engine.import_files(files(overrides))
        self.assertRefused("all together", result)
        self.assertEqual({error["file"] for error in result["errors"]}, set(overrides))
        self.assertEqual(self.counts(), before)

    def test_messages_are_french(self):
        result = self.engine.import_files(files({"households.csv": with_cell("households.csv", 0, "ref", "")}))
        self.assertEqual(
            [(error["row"], error["column"], error["message"]) for error in result["errors"]][:1],
            [(2, "ref", "Une valeur est obligatoire.")],
        )
        self.assertIn("Référence inconnue TI-H1", result["errors"][1]["message"])

    def test_wizard_shows_the_errors_and_writes_nothing(self):
        """Through the wizard (what users run): the failed state with the errors, nothing written."""
        before = self.counts()
        for label, overrides in self.cases[::10]:
            with self.subTest(case=label):
                attachments = self.env["ir.attachment"].create(
                    [{"name": name, "raw": content} for name, content in files(overrides)]
                )
                wizard = self.env["imlr.import.wizard"].create({"attachment_ids": [(6, 0, attachments.ids)]})
                action = wizard.action_import()
                self.env["imlr.import.wizard"]._cron_run_imports()  # the wizard's job
                self.assertEqual((wizard.state, action["res_model"]), ("failed", "imlr.import.wizard"), label)
                self.assertGreater(wizard.error_count, 0, label)
        self.assertEqual(self.counts(), before)
