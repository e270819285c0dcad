"""Landlord side (rents issue, item 8) and IRL revision (item 9), on a company with the French chart."""

from freezegun import freeze_time
from psycopg2 import errors

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import FrenchAccountingCase, d


class TestLandlordIrl(FrenchAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sector = cls.env["imlr.sector"].create({"name": "Landlord sector", "code": "LLS"})
        cls.landlord = cls.env["res.partner"].create({"name": "Bailleur Picard", "is_company": True})
        cls.irl_2023_t2 = cls.env.ref("imlr_odoo.imlr_irl_2023_t2")
        cls.irl_2024_t2 = cls.env.ref("imlr_odoo.imlr_irl_2024_t2")
        # a colocation of 2 rooms, under lease from 10 January 2024: 600 rent + 60 charges
        cls.dwelling = cls.env["imlr.dwelling"].create(
            {
                "name": "Colocation Henriville",
                "city": "Amiens",
                "typology": "t3",
                "sector_id": cls.sector.id,
                "place_ids": [
                    Command.create({"kind": "room", "room_number": 1}),
                    Command.create({"kind": "room", "room_number": 2}),
                ],
            }
        )
        cls.lease = cls.env["imlr.lease"].create(
            {
                "dwelling_id": cls.dwelling.id,
                "landlord_id": cls.landlord.id,
                "date_start": d("2024-01-10"),
                "rent": 600.0,
                "charges": 60.0,
            }
        )
        cls.Lease = cls.env["imlr.lease"].with_company(cls.company)

    @classmethod
    def make_sublease(cls, place, start, *, end=None, rent=450.0, charges=50.0, irl=None, name="IRL household"):
        household = cls.env["res.partner"].create({"name": name, "ref": name[:4], "is_household": True})
        stay = cls.env["imlr.stay"].create({"household_id": household.id, "date_entry": d(start)})
        return cls.env["imlr.sublease"].create(
            {
                "stay_id": stay.id,
                "place_id": place.id,
                "date_start": d(start),
                "date_end": end and d(end),
                "rent": rent,
                "charges": charges,
                "irl_index_id": irl and irl.id,
            }
        )

    def bills(self, lease=None):
        return self.env["account.move"].search(
            [("imlr_lease_id", "=", (lease or self.lease).id)], order="imlr_period_start, id"
        )

    # ------------------------------------------------------------------ landlord bills

    def test_settings_defaults_from_the_french_chart(self):
        settings = self.company._imlr_landlord_settings()
        self.assertEqual(settings["journal"], self.company.imlr_landlord_journal_id)
        self.assertEqual(settings["rent_account"].code, "613200")
        self.assertEqual(settings["charges_account"].code, "614000")

    def test_vendor_bill_per_lease_and_month_pro_rata(self):
        moves = self.lease.with_company(self.company)._imlr_bill_landlord(d("2024-03-15"))
        self.assertEqual(moves, self.bills())
        self.assertRecordValues(
            moves,
            [
                {
                    "move_type": "in_invoice",
                    "state": "posted",
                    "partner_id": self.landlord.id,
                    "journal_id": self.company.imlr_landlord_journal_id.id,
                    "imlr_period_start": d("2024-01-01"),
                    "invoice_date": d("2024-01-10"),
                    "amount_total": 468.39,  # 600 × 22/31 = 425.81 and 60 × 22/31 = 42.58
                },
                {
                    "move_type": "in_invoice",
                    "state": "posted",
                    "partner_id": self.landlord.id,
                    "journal_id": self.company.imlr_landlord_journal_id.id,
                    "imlr_period_start": d("2024-02-01"),
                    "invoice_date": d("2024-02-01"),
                    "amount_total": 660.0,
                },
                {
                    "move_type": "in_invoice",
                    "state": "posted",
                    "partner_id": self.landlord.id,
                    "journal_id": self.company.imlr_landlord_journal_id.id,
                    "imlr_period_start": d("2024-03-01"),
                    "invoice_date": d("2024-03-01"),
                    "amount_total": 660.0,
                },
            ],
        )
        self.assertRecordValues(
            moves[0].invoice_line_ids,
            [
                {"price_subtotal": 425.81, "tax_ids": []},
                {"price_subtotal": 42.58, "tax_ids": []},
            ],
        )
        self.assertEqual(moves[0].invoice_line_ids.account_id.mapped("code"), ["613200", "614000"])
        self.assertEqual(moves[0].amount_residual, 468.39)  # a payable to the landlord, to be paid
        self.assertEqual(self.lease.bill_move_count, 3)
        # a second run bills nothing; the next month only the next month
        self.assertFalse(self.lease.with_company(self.company)._imlr_bill_landlord(d("2024-03-31")))
        april = self.Lease._imlr_landlord_bill_run(d("2024-04-02"))
        self.assertEqual(april.imlr_lease_id, self.lease)
        self.assertEqual(april.imlr_period_start, d("2024-04-01"))
        # posted bills stay
        with self.assertRaises(UserError):
            moves[0].unlink()
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            moves[0].button_draft()

    def test_lease_without_landlord_stops_the_run(self):
        self.lease.landlord_id = False
        with self.assertRaisesRegex(UserError, "no landlord"):
            self.lease.with_company(self.company)._imlr_bill_landlord(d("2024-02-15"))
        self.assertFalse(self.bills())

    def test_unique_key_lease_month_in_postgresql(self):
        [bill] = self.lease.with_company(self.company)._imlr_bill_landlord(d("2024-01-20"))
        journal = self.company.imlr_landlord_journal_id
        vals = {
            "move_type": "in_invoice",
            "journal_id": journal.id,
            "partner_id": self.landlord.id,
            "invoice_date": d("2024-01-20"),
            "imlr_lease_id": self.lease.id,
            "imlr_period_start": d("2024-01-01"),
        }
        with self.assertRaises(errors.UniqueViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["account.move"].create(vals)
            self.env.flush_all()
        with self.assertRaises(errors.CheckViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["account.move"].create({**vals, "imlr_period_start": d("2024-02-02")})
            self.env.flush_all()
        # a bill wholly credited frees its month: the next run bills it again
        bill._reverse_moves([{"invoice_date": d("2024-01-25")}], cancel=True)
        again = self.lease.with_company(self.company)._imlr_bill_landlord(d("2024-01-20"))
        self.assertEqual(again.imlr_period_start, d("2024-01-01"))
        self.assertEqual(again.amount_total, 468.39)

    # ------------------------------------------------------------------ cost of vacancy

    def test_vacancy_cost_two_rooms_one_sublet_half_the_month(self):
        room1, room2 = self.dwelling.place_ids.sorted("room_number")
        self.make_sublease(room1, "2024-06-01", end="2024-06-15")
        # room 2 blocked all of April (works): not available then
        self.env["imlr.place.block"].create(
            {"place_id": room2.id, "date_start": d("2024-04-01"), "date_end": d("2024-04-30"), "reason": "Works"}
        )
        self.lease.with_company(self.company)._imlr_bill_landlord(d("2024-06-10"))
        self.env.flush_all()
        rows = self.env["imlr.vacancy.cost"].search([("dwelling_id", "=", self.dwelling.id)], order="month")
        self.assertEqual(rows.mapped("month")[0], d("2024-01-01"))
        by_month = {row.month: row for row in rows}
        self.assertRecordValues(
            by_month[d("2024-06-01")],
            [
                {
                    "landlord_cost": 660.0,
                    "available_place_days": 60,
                    "sublet_place_days": 15,
                    "vacant_place_days": 45,
                    "blocked_place_days": 0,
                    "vacancy_cost": 495.0,  # 660 × 45 / 60
                }
            ],
        )
        self.assertRecordValues(
            by_month[d("2024-04-01")],
            [
                {
                    "landlord_cost": 660.0,
                    "available_place_days": 30,
                    "sublet_place_days": 0,
                    "vacant_place_days": 30,
                    "blocked_place_days": 30,
                    "vacancy_cost": 660.0,
                }
            ],
        )
        # January: the lease runs from the 10th (22 days) for both rooms
        self.assertRecordValues(
            by_month[d("2024-01-01")],
            [{"landlord_cost": 468.39, "available_place_days": 44, "vacant_place_days": 44, "vacancy_cost": 468.39}],
        )

    # ------------------------------------------------------------------ IRL revision

    def revision_setup(self):
        """A lease from 1 July 2023 (600, IRL 2023-T2) and a sublease from 16 July 2023 (450, IRL 2023-T2),
        billed up to June 2024."""
        dwelling = self.env["imlr.dwelling"].create(
            {"name": "T2 Saint-Leu", "city": "Amiens", "typology": "t2", "sector_id": self.sector.id}
        )
        lease = self.env["imlr.lease"].create(
            {
                "dwelling_id": dwelling.id,
                "landlord_id": self.landlord.id,
                "date_start": d("2023-07-01"),
                "rent": 600.0,
                "charges": 60.0,
                "irl_index_id": self.irl_2023_t2.id,
            }
        )
        sublease = self.make_sublease(dwelling.place_ids, "2023-07-16", irl=self.irl_2023_t2)
        sublease.with_company(self.company)._imlr_bill_rents(d("2024-06-30"))
        lease.with_company(self.company)._imlr_bill_landlord(d("2024-06-30"))
        return lease, sublease

    def test_irl_table(self):
        self.assertEqual(self.irl_2024_t2.display_name, "2024-T2")
        self.assertEqual(self.irl_2024_t2.value, 145.17)
        self.assertEqual(self.env["imlr.irl.index"]._by_quarter([(2024, 2), (2031, 1)]), {(2024, 2): self.irl_2024_t2})
        with self.assertRaises(errors.UniqueViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["imlr.irl.index"].create({"year": 2024, "quarter": 2, "value": 1.0})
            self.env.flush_all()
        with self.assertRaises(errors.CheckViolation), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["imlr.irl.index"].create({"year": 2030, "quarter": 5, "value": 150.0})
            self.env.flush_all()

    def test_irl_revision_to_the_cent_history_and_bills(self):
        lease, sublease = self.revision_setup()
        with freeze_time("2024-07-01"):
            wizard = self.env["imlr.rent.revision.wizard"].create({"month": d("2024-07-01")})
            self.assertRecordValues(
                wizard.line_ids.sorted(lambda line: bool(line.sublease_id)),
                [
                    {
                        "lease_id": lease.id,
                        "sublease_id": False,
                        "anniversary": d("2024-07-01"),
                        "date_effective": d("2024-07-01"),
                        "irl_reference_id": self.irl_2023_t2.id,
                        "irl_reference_value": 140.59,
                        "irl_new_id": self.irl_2024_t2.id,
                        "irl_new_value": 145.17,
                        "previous_rent": 600.0,
                        "new_rent": 619.55,  # 600 × 145.17 / 140.59 = 619.546…
                    },
                    {
                        "lease_id": False,
                        "sublease_id": sublease.id,
                        "anniversary": d("2024-07-16"),
                        "date_effective": d("2024-07-16"),
                        "irl_reference_id": self.irl_2023_t2.id,
                        "irl_reference_value": 140.59,
                        "irl_new_id": self.irl_2024_t2.id,
                        "irl_new_value": 145.17,
                        "previous_rent": 450.0,
                        "new_rent": 464.66,  # 450 × 145.17 / 140.59 = 464.6596…
                    },
                ],
            )
            wizard.action_apply()
            # done once: the same month lists nothing any more
            self.assertFalse(self.env["imlr.rent.revision.wizard"].create({"month": d("2024-07-01")}).line_ids)
        self.assertRecordValues(
            sublease, [{"rent": 464.66, "irl_index_id": self.irl_2024_t2.id, "rent_revision_count": 1}]
        )
        self.assertRecordValues(lease, [{"rent": 619.55, "irl_index_id": self.irl_2024_t2.id}])
        self.assertRecordValues(
            sublease.rent_revision_ids,
            [
                {
                    "date_effective": d("2024-07-16"),
                    "previous_rent": 450.0,
                    "new_rent": 464.66,
                    "irl_reference_id": self.irl_2023_t2.id,
                    "irl_reference_value": 140.59,
                    "irl_new_id": self.irl_2024_t2.id,
                    "irl_new_value": 145.17,
                    "company_id": self.company.id,
                    "create_uid": self.env.user.id,
                }
            ],
        )
        self.assertIn("464.66", sublease.message_ids[0].body)
        self.assertEqual(sublease._rent_at(d("2024-07-15")), 450.0)
        self.assertEqual(sublease._rent_at(d("2024-07-16")), 464.66)
        self.assertEqual(sublease._rent_at(d("2023-08-01")), 450.0)
        # the rent run: June stays as billed, July old rent to the 15th and new rent from the 16th, August new
        june = self.env["account.move"].search(
            [("imlr_sublease_id", "=", sublease.id), ("imlr_period_start", "=", d("2024-06-01"))]
        )
        self.assertEqual(june.amount_total, 500.0)
        july, august = sublease.with_company(self.company)._imlr_bill_rents(d("2024-08-10")).sorted("imlr_period_start")
        # 450 × 15/31 + 464.66 × 16/31 = 217.74 + 239.82 = 457.57 (rounded once), + 50 charges
        self.assertEqual(july.invoice_line_ids[0].price_subtotal, 457.57)
        self.assertEqual(july.amount_total, 507.57)
        self.assertEqual(august.amount_total, 514.66)
        # the landlord bills: the new rent from 1 July
        bills = lease.with_company(self.company)._imlr_bill_landlord(d("2024-08-10")).sorted("imlr_period_start")
        self.assertEqual(bills.mapped("amount_total"), [679.55, 679.55])

    def test_revision_never_retroactive(self):
        lease, sublease = self.revision_setup()
        with freeze_time("2024-07-20"):
            # a revision date before today is refused
            with self.assertRaisesRegex(ValidationError, "never retroactive"):
                self.env["imlr.rent.revision.wizard"].create({"month": d("2024-07-01"), "date": d("2024-07-19")})
            # anniversaries past: effective today for the sublease (July not billed yet); the lease's July bill
            # is made first, so its revision waits for August
            lease.with_company(self.company)._imlr_bill_landlord(d("2024-07-20"))
            wizard = self.env["imlr.rent.revision.wizard"].create({"month": d("2024-07-01")})
            effective = {(line.sublease_id or line.lease_id): line.date_effective for line in wizard.line_ids}
            self.assertEqual(effective, {sublease: d("2024-07-20"), lease: d("2024-08-01")})
            wizard.action_apply()
        self.assertEqual(lease.rent_revision_ids.date_effective, d("2024-08-01"))
        july_bill = self.env["account.move"].search(
            [("imlr_lease_id", "=", lease.id), ("imlr_period_start", "=", d("2024-07-01"))]
        )
        self.assertEqual(july_bill.amount_total, 660.0)  # billed before the revision: unchanged
        self.assertEqual(lease._rent_at(d("2024-07-31")), 600.0)
        # nothing to revise: said, nothing written
        with freeze_time("2024-07-20"):
            empty = self.env["imlr.rent.revision.wizard"].create({"month": d("2024-09-01")})
            with self.assertRaisesRegex(UserError, "Nothing to revise"):
                empty.action_apply()
