"""Multi-company consistency: a stay, a sublease, a place or a lease only links records of its own company (or
shared by all), as Odoo's ``check_company`` fields enforce."""

from odoo.exceptions import UserError

from .common import RegistryCase, d

# Odoo's own message, in the users' language (the test database is in French)
INCOMPATIBLE = "Sociétés incompatibles sur les enregistrements"


class TestCompanyConsistency(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other association"})
        cls.woman = cls.make_person("Company woman", "female", "1990-01-01", "refugee")
        cls.household = cls.make_household("Company household", [(cls.woman, "reference")], "2024-01-01")
        cls.stay = cls.make_stay(cls.household, "2024-01-01")
        cls.dwelling = cls.make_dwelling("Company flat", "t2", lease=("2024-01-01", None))
        cls.place = cls.dwelling.place_ids
        cls.other_dwelling = cls.make_dwelling(
            "Other association's flat", "t2", lease=("2024-01-01", None), company_id=cls.other_company.id
        )
        cls.other_place = cls.other_dwelling.place_ids
        cls.Sublease = cls.env["imlr.sublease"]

    def sublease_vals(self, place):
        return {"stay_id": self.stay.id, "place_id": place.id, "date_start": d("2024-02-01"), "rent": 400}

    def test_sublease_place_of_another_company(self):
        """A stay of the Test association cannot be housed in a place of the Other association."""
        with self.assertRaisesRegex(UserError, INCOMPATIBLE) as refusal, self.env.cr.savepoint():
            self.Sublease.create(self.sublease_vals(self.other_place))
        self.assertIn("Other association's flat", str(refusal.exception))
        self.assertFalse(self.Sublease.search([("stay_id", "=", self.stay.id)]))

    def test_sublease_moved_to_a_place_of_another_company(self):
        sublease = self.Sublease.create(self.sublease_vals(self.place))
        self.assertRecordValues(sublease, [{"company_id": self.company.id, "place_id": self.place.id}])
        with self.assertRaisesRegex(UserError, INCOMPATIBLE), self.env.cr.savepoint():
            sublease.place_id = self.other_place
        sublease.invalidate_recordset()
        self.assertEqual(sublease.place_id, self.place)
        # nor to a stay of another association, which would take it there with the place left behind
        other_household = self.env["res.partner"].create(
            {"name": "Other household", "is_household": True, "company_id": self.other_company.id}
        )
        shared_program = self.env["imlr.program"].create(
            {"name": "Shared program", "code": "SHARED", "company_id": False}
        )
        other_stay = self.make_stay(
            other_household, "2024-01-01", company_id=self.other_company.id, program_id=shared_program.id
        )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE), self.env.cr.savepoint():
            sublease.stay_id = other_stay
        sublease.invalidate_recordset()
        self.assertRecordValues(sublease, [{"company_id": self.company.id, "stay_id": self.stay.id}])

    def test_lease_landlord_of_another_company(self):
        """A landlord kept by another association is refused; a landlord shared by all companies is not."""
        foreign_landlord = self.env["res.partner"].create(
            {"name": "Foreign landlord", "company_id": self.other_company.id}
        )
        shared_landlord = self.env["res.partner"].create({"name": "Shared landlord"})
        dwelling = self.make_dwelling("Leased flat", "t1", lease=None)
        Lease = self.env["imlr.lease"]
        vals = {"dwelling_id": dwelling.id, "date_start": d("2024-01-01"), "rent": 500}
        with self.assertRaisesRegex(UserError, INCOMPATIBLE), self.env.cr.savepoint():
            Lease.create({**vals, "landlord_id": foreign_landlord.id})
        self.assertFalse(dwelling.lease_ids)
        lease = Lease.create({**vals, "landlord_id": shared_landlord.id})
        self.assertRecordValues(lease, [{"company_id": self.company.id, "landlord_id": shared_landlord.id}])
        with self.assertRaisesRegex(UserError, INCOMPATIBLE), self.env.cr.savepoint():
            lease.landlord_id = foreign_landlord

    def test_stay_household_and_program(self):
        """A stay takes a household and a program of its company, or a program shared by all companies."""
        Stay = self.env["imlr.stay"]
        foreign = self.env["res.partner"].create(
            {"name": "Foreign household", "is_household": True, "company_id": self.other_company.id}
        )
        vals = {"program_id": self.program.id, "date_entry": d("2024-03-01"), "company_id": self.company.id}
        with self.assertRaisesRegex(UserError, INCOMPATIBLE), self.env.cr.savepoint():
            Stay.create({**vals, "household_id": foreign.id})
        self.assertFalse(Stay.search([("household_id", "=", foreign.id)]))

        other_program = self.env["imlr.program"].create(
            {"name": "Other program", "code": "OTHER", "company_id": self.other_company.id}
        )
        household = self.make_household("Second household", [(self.make_person("Second"), "reference")], "2024-03-01")
        with self.assertRaisesRegex(UserError, INCOMPATIBLE), self.env.cr.savepoint():
            Stay.create({**vals, "household_id": household.id, "program_id": other_program.id})
        shared_program = self.env["imlr.program"].create(
            {"name": "Shared program", "code": "SHARED", "company_id": False}
        )
        stay = Stay.create({**vals, "household_id": household.id, "program_id": shared_program.id})
        self.assertRecordValues(
            stay, [{"company_id": self.company.id, "program_id": shared_program.id, "household_id": household.id}]
        )

    def test_company_of_a_stay_or_dwelling_with_subleases_does_not_change(self):
        """A stay or a dwelling keeps its company once it has subleases or leases (their rents and entries stay in
        that company's books); one without may still be moved."""
        sublease = self.Sublease.create(self.sublease_vals(self.place))
        french = self.env(context={**self.env.context, "lang": "fr_FR"})
        with self.assertRaises(UserError) as refusal, self.env.cr.savepoint():
            self.stay.with_env(french).company_id = self.other_company
        self.assertEqual(
            str(refusal.exception.args[0]),
            f"Le séjour {self.stay.display_name} a des sous-locations dans {self.company.name} : sa société ne "
            "peut pas changer. Clôturez-le et ouvrez un nouveau séjour dans l'autre société.",
        )
        with self.assertRaises(UserError) as refusal, self.env.cr.savepoint():
            self.dwelling.with_env(french).company_id = self.other_company
        self.assertEqual(
            str(refusal.exception.args[0]),
            f"Le logement {self.dwelling.display_name} a des baux principaux ou des sous-locations dans "
            f"{self.company.name} : sa société ne peut pas changer.",
        )
        self.stay.invalidate_recordset()
        self.dwelling.invalidate_recordset()
        self.assertRecordValues(sublease, [{"company_id": self.company.id, "dwelling_id": self.dwelling.id}])
        self.assertEqual(self.stay.company_id | self.dwelling.company_id, self.company)
        # the same company written again, or a dwelling without leases nor subleases, are not refused
        self.stay.company_id = self.company
        empty = self.make_dwelling("Empty flat", "t1", lease=None)
        empty.company_id = self.other_company
        self.assertEqual(empty.company_id, self.other_company)
