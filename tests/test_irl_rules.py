"""IRL revision rules (accounting issue, item 7): loi du 6 juillet 1989 art. 17-1 as amended by loi ALUR.

A revision reads the IRL of the contract's reference quarter number last ended before the anniversary; a
quarter missing from the table is refused, never guessed; a revision not claimed within a year of its
anniversary is lost for that year, one claimed late takes effect on the claim; lost years are not caught up."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from .common import FrenchAccountingCase, d


class TestIrlRules(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.irl_2023_t2 = cls.env.ref("imlr_odoo.imlr_irl_2023_t2")
        cls.irl_2024_t2 = cls.env.ref("imlr_odoo.imlr_irl_2024_t2")
        cls.irl_2025_t2 = cls.env.ref("imlr_odoo.imlr_irl_2025_t2")
        sector = cls.env["imlr.sector"].create({"name": "IRL rules sector", "code": "IRS"})
        cls.dwelling = cls.env["imlr.dwelling"].create(
            {
                "name": "Colocation Rue Gresset",
                "city": "Amiens",
                "typology": "t3",
                "sector_id": sector.id,
                "place_ids": [
                    Command.create({"kind": "room", "room_number": 1}),
                    Command.create({"kind": "room", "room_number": 2}),
                ],
            }
        )
        cls.lease = cls.env["imlr.lease"].create(
            {
                "dwelling_id": cls.dwelling.id,
                "landlord_id": cls.env["res.partner"].create({"name": "Bailleur Gresset", "is_company": True}).id,
                "date_start": d("2022-12-01"),
                "rent": 600.0,
                "charges": 60.0,
                "irl_index_id": cls.irl_2023_t2.id,
            }
        )
        cls.sublease = cls.make_sublease("2022-12-01", "MEKONNEN household", room=0)

    @classmethod
    def make_sublease(cls, start, name, room):
        household = cls.env["res.partner"].create({"name": name, "ref": name[:4], "is_household": True})
        stay = cls.env["imlr.stay"].create({"household_id": household.id, "date_entry": d(start)})
        return cls.env["imlr.sublease"].create(
            {
                "stay_id": stay.id,
                "place_id": cls.dwelling.place_ids.sorted("room_number")[room].id,
                "date_start": d(start),
                "rent": 400.0,
                "charges": 40.0,
                "irl_index_id": cls.irl_2023_t2.id,
            }
        )

    def wizard(self, month):
        return self.env["imlr.rent.revision.wizard"].create({"month": d(month)})

    def test_quarter_missing_from_the_table_is_refused(self):
        """December 2026: the revision reads 2026-T2, not in the table; it used to apply 2023-T2 → 2024-T2."""
        with freeze_time("2026-12-05"):
            wizard = self.wizard("2026-12-01")
            self.assertRecordValues(
                wizard.line_ids.sorted(lambda line: bool(line.sublease_id)),
                [
                    {"lease_id": self.lease.id, "sublease_id": False, "state": "missing", "new_rent": 600.0},
                    {"lease_id": False, "sublease_id": self.sublease.id, "state": "missing", "new_rent": 400.0},
                ],
            )
            with self.assertRaises(UserError) as refusal:
                wizard.action_apply()
        message = str(refusal.exception)
        self.assertIn("MEKONNEN household", message)
        self.assertIn(self.lease.display_name, message)
        self.assertIn("2026-T2", message)
        self.assertIn("IRL table", message)
        self.assertNotIn("2024-T2", message)
        # nothing written
        for contract, rent in ((self.sublease, 400.0), (self.lease, 600.0)):
            self.assertRecordValues(
                contract, [{"rent": rent, "irl_index_id": self.irl_2023_t2.id, "rent_revision_count": 0}]
            )

    def test_published_value_entered_then_annual_variation_only(self):
        """Once 2026-T2 is entered: the revisions of December 2024 and 2025 were never claimed, they are lost;
        the rent follows 2025-T2 → 2026-T2 only, from the claim (after the anniversary)."""
        irl_2026_t2 = self.env["imlr.irl.index"].create({"year": 2026, "quarter": 2, "value": 148.00})
        with freeze_time("2026-12-05"):
            wizard = self.wizard("2026-12-01")
            line = wizard.line_ids.filtered("sublease_id")
            self.assertRecordValues(
                line,
                [
                    {
                        "state": "revise",
                        "anniversary": d("2026-12-01"),
                        "date_effective": d("2026-12-05"),  # claimed after the anniversary: from the claim
                        "irl_reference_id": self.irl_2025_t2.id,
                        "irl_reference_value": 146.68,
                        "irl_new_id": irl_2026_t2.id,
                        "irl_new_value": 148.0,
                        "previous_rent": 400.0,
                        "new_rent": 403.60,  # 400 × 148.00 / 146.68 = 403.5997…, not 400 × 148.00 / 140.59
                    }
                ],
            )
            self.assertIn("2023-T2", line.note)
            wizard.action_apply()
        self.assertRecordValues(self.sublease, [{"rent": 403.60, "irl_index_id": irl_2026_t2.id}])
        self.assertRecordValues(self.lease, [{"rent": 605.40, "irl_index_id": irl_2026_t2.id}])  # 605.3995…
        self.assertEqual(self.sublease._rent_at(d("2026-12-04")), 400.0)
        self.assertEqual(self.sublease._rent_at(d("2026-12-05")), 403.60)

    def test_one_year_limit(self):
        """Claimed on 5 December 2026: the anniversary of 1 December 2025 is over a year ago (lost), that of
        20 December 2025 is not (revised from the claim, on 2024-T2 → 2025-T2)."""
        late = self.make_sublease("2022-12-20", "TESFAYE household", room=1)
        with freeze_time("2026-12-05"):
            wizard = self.wizard("2025-12-01")
            lines = {line.sublease_id or line.lease_id: line for line in wizard.line_ids}
            self.assertRecordValues(
                lines[self.sublease] | lines[self.lease],
                [
                    {"state": "lost", "anniversary": d("2025-12-01"), "new_rent": 400.0, "irl_new_id": False},
                    {"state": "lost", "anniversary": d("2025-12-01"), "new_rent": 600.0, "irl_new_id": False},
                ],
            )
            self.assertEqual(len(wizard.line_ids), 3)
            self.assertRecordValues(
                lines[late],
                [
                    {
                        "state": "revise",
                        "anniversary": d("2025-12-20"),
                        "date_effective": d("2026-12-05"),
                        "irl_reference_id": self.irl_2024_t2.id,
                        "irl_new_id": self.irl_2025_t2.id,
                        "new_rent": 404.16,  # 400 × 146.68 / 145.17 = 404.1606…
                    }
                ],
            )
            wizard.action_apply()
        self.assertRecordValues(
            self.sublease | late,
            [{"rent": 400.0, "rent_revision_count": 0}, {"rent": 404.16, "rent_revision_count": 1}],
        )
        self.assertRecordValues(self.lease, [{"rent": 600.0, "rent_revision_count": 0}])
        # only lost revisions left: nothing to apply
        with freeze_time("2026-12-05"):
            with self.assertRaisesRegex(UserError, "Nothing to revise"):
                self.wizard("2025-12-01").action_apply()
