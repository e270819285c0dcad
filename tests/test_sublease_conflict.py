"""Two users saving overlapping subleases at once (issue #15, item 8): the second one gets a sentence naming
the other sublease, not PostgreSQL's constraint text, and nothing surfaces as a traceback at commit.

Each user has a cursor of their own, as two requests of the server do; the data they share is committed first
(in a cursor of its own) and deleted at the end."""

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase

from .common import d


class TestConcurrentSubleases(TransactionCase):
    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            program = env.ref("imlr_odoo.imlr_program_imlr")
            sector = env["imlr.sector"].create({"name": "Conflict sector", "code": "CONFLICT"})
            dwelling = env["imlr.dwelling"].create(
                {"name": "Conflict T2", "city": "Amiens", "typology": "t2", "sector_id": sector.id}
            )
            lease = env["imlr.lease"].create({"dwelling_id": dwelling.id, "date_start": d("2024-01-01"), "rent": 500})
            households = env["res.partner"].create(
                [{"name": name, "is_household": True, "is_company": True} for name in ("Famille PREMIERE",
                                                                                       "Famille SECONDE")]
            )  # fmt: skip
            stays = env["imlr.stay"].create(
                [
                    {"household_id": household.id, "program_id": program.id, "date_entry": d("2024-02-01")}
                    for household in households
                ]
            )
            self.data = {
                "sector": sector.id,
                "dwelling": dwelling.id,
                "place": dwelling.place_ids.id,
                "lease": lease.id,
                "households": households.ids,
                "stays": stays.ids,
            }
            cr.commit()
        self.addCleanup(self.clean_up)

    def clean_up(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            data = self.data
            env["imlr.sublease"].search([("place_id", "=", data["place"])]).unlink()
            env["imlr.stay"].browse(data["stays"]).unlink()
            env["imlr.lease"].browse(data["lease"]).unlink()
            env["imlr.dwelling"].browse(data["dwelling"]).unlink()
            env["res.partner"].browse(data["households"]).unlink()
            env["imlr.sector"].browse(data["sector"]).unlink()
            cr.commit()

    def sublease(self, stay, start):
        return {"stay_id": stay, "place_id": self.data["place"], "date_start": d(start), "rent": 400}

    def test_two_users_save_overlapping_subleases(self):
        first_stay, second_stay = self.data["stays"]
        with self.registry.cursor() as cr_first, self.registry.cursor() as cr_second:
            first = api.Environment(cr_first, SUPERUSER_ID, {})["imlr.sublease"]
            second = api.Environment(cr_second, SUPERUSER_ID, {})["imlr.sublease"]
            # the second user opened the place's form before the first one saved
            self.assertEqual(second.search_count([("place_id", "=", self.data["place"])]), 0)
            first.create(self.sublease(first_stay, "2024-03-01"))
            cr_first.commit()
            # their own check does not see the first sublease (not in their snapshot): PostgreSQL does
            with self.assertRaises(ValidationError) as refused:
                second.create(self.sublease(second_stay, "2024-04-01"))
            self.assertEqual(
                str(refused.exception),
                "Conflict T2 was sub-let to Famille PREMIERE from 01/03/2024 by another user in the meantime: two "
                "subleases of a place cannot overlap.",
            )
            cr_second.rollback()
        with self.registry.cursor() as cr:
            subleases = api.Environment(cr, SUPERUSER_ID, {})["imlr.sublease"].search(
                [("place_id", "=", self.data["place"])]
            )
            self.assertEqual(subleases.stay_id.ids, [first_stay])

    def test_one_user_still_gets_the_forms_message(self):
        first_stay, second_stay = self.data["stays"]
        with self.registry.cursor() as cr:
            subleases = api.Environment(cr, SUPERUSER_ID, {})["imlr.sublease"]
            subleases.create(self.sublease(first_stay, "2024-03-01"))
            with self.assertRaisesRegex(ValidationError, "already sub-let to Famille PREMIERE from 01/03/2024"):
                subleases.create(self.sublease(second_stay, "2024-04-01"))
            cr.rollback()
