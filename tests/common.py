"""Shared helpers of the test suite: paths, and a base class that builds registry data by hand."""

import os
from datetime import date
from pathlib import Path

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests.common import TransactionCase

REPO = Path(__file__).resolve().parent.parent


def odoo_config_path():
    """The Odoo configuration written by ./imlr (database server, addons path)."""
    return Path(os.environ.get("IMLR_ODOO_CONFIG", REPO / ".local" / "odoo.conf"))


def d(text):
    return date.fromisoformat(text)


class RegistryCase(TransactionCase):
    """Builds households, persons, dwellings and stays in a program and a company of their own (never demo
    data): every record of one association, as Odoo's company checks require."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._make_company()
        cls.program = cls.env["imlr.program"].create(
            {"name": "Test program", "code": "TEST", "company_id": cls.company.id}
        )
        cls.sector_a = cls.env["imlr.sector"].create({"name": "Sector A", "code": "TA"})
        cls.sector_b = cls.env["imlr.sector"].create({"name": "Sector B", "code": "TB"})
        cls.situation = cls.env.ref("imlr_odoo.imlr_entry_situation_specialised")
        cls.social_landlord = cls.env.ref("imlr_odoo.imlr_exit_destination_social_landlord")

    @classmethod
    def _make_company(cls):
        """The association the test data belong to: one of its own, without accounting."""
        return cls.env["res.company"].create({"name": "Test association"})

    @classmethod
    def make_person(cls, name, gender="male", birthdate=None, status=None, status_since="2000-01-01"):
        person = cls.env["res.partner"].create(
            {
                "name": name,
                "is_imlr_person": True,
                "gender": gender,
                "birthdate": birthdate and d(birthdate),
                "company_id": cls.company.id,
            }
        )
        if status:
            cls.env["imlr.legal.status"].create(
                {"partner_id": person.id, "status": status, "date_start": d(status_since)}
            )
        return person

    @classmethod
    def make_household(cls, name, members, start):
        """``members``: [(person, role)] or [(person, role, date_start, date_end, start_reason)]."""
        household = cls.env["res.partner"].create(
            {"name": name, "is_household": True, "is_company": True, "company_id": cls.company.id}
        )
        vals_list = []
        for member in members:
            person, role, *dates = member
            date_start, date_end, reason = [*dates, None, None, None][:3]
            vals_list.append(
                {
                    "household_id": household.id,
                    "partner_id": person.id,
                    "role": role,
                    "date_start": d(date_start or start),
                    "date_end": date_end and d(date_end),
                    "start_reason": reason or "entry",
                }
            )
        cls.env["imlr.household.member"].create(vals_list)
        return household

    @classmethod
    def make_stay(cls, household, entry, exit_date=None, **vals):
        return cls.env["imlr.stay"].create(
            {
                "household_id": household.id,
                "program_id": cls.program.id,
                "date_entry": d(entry),
                "date_exit": exit_date and d(exit_date),
                "entry_situation_id": cls.situation.id,
                "company_id": cls.company.id,
                **vals,
            }
        )

    @classmethod
    def make_dwelling(cls, name, typology="t2", rooms=0, sector=None, lease=("2020-01-01", None), **vals):
        places = [{"kind": "room", "room_number": n} for n in range(1, rooms + 1)]
        dwelling = cls.env["imlr.dwelling"].create(
            {
                "name": name,
                "city": "Amiens",
                "typology": typology,
                "sector_id": (sector or cls.sector_a).id,
                "company_id": cls.company.id,
                **({"place_ids": [Command.create(place) for place in places]} if places else {}),
                **vals,
            }
        )
        if lease:
            cls.make_lease(dwelling, *lease)
        return dwelling

    @classmethod
    def make_lease(cls, dwelling, start, end=None, end_reason=None):
        return cls.env["imlr.lease"].create(
            {
                "dwelling_id": dwelling.id,
                "date_start": d(start),
                "date_end": end and d(end),
                "end_reason": end_reason,
                "rent": 500,
            }
        )

    @classmethod
    def make_sublease(cls, stay, place, start, end=None, rent=400):
        return cls.env["imlr.sublease"].create(
            {"stay_id": stay.id, "place_id": place.id, "date_start": d(start), "date_end": end and d(end), "rent": rent}
        )


class FrenchAccountingCase(AccountTestInvoicingCommon):
    """A company with the French chart of accounts (EUR), whose accountant also manages the IML program:
    the ground of the rents' tests."""

    country_code = "FR"
    chart_template = "fr"
    test_module = "imlr_odoo"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref("imlr_odoo.group_imlr_manager")
        cls.company = cls.company_data["company"]

    def register_payment(self, partner, amount, date, memo=None, month=None):
        """A bank payment received from ``partner`` on ``date`` (for the rent of ``month``, if given), posted
        and reconciled by the rent ledger's rules."""
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": d(date),
                "journal_id": self.company_data["default_journal_bank"].id,
                "memo": memo,
            }
        )
        payment.action_post()
        receivable = payment.move_id.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        if month:
            receivable.imlr_rent_month = d(month)
        # at that date: the reconciliation's hooks (repayment plans) read the context's date
        self.env["imlr.rent.ledger"].with_context(date=date)._allocate(receivable)
        return payment
