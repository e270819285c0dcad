"""The demo association's year of rents, 2023-11 to 2024-10 (demo data only).

Built through the app's own flows, in the order they happen: the rent run and the landlord run bill the
year; every month the CAF's statement of the previous month is posted (and its transfer matched), then
the households pay what the APL leaves them (by transfer, three of them in cash at the office), matched by
the rent ledger's rules (imlr.rent.ledger). Two stories of the seed report are played out:

- the household of stay S019 stops paying in March 2024: its arrears lead to the eviction procedure of
  June 2024 (demo/import/eviction_stages.csv) and it is an impayé to report to the CAF;
- the household of stay S022 paid nothing from November 2023 to February 2024 (payment order of
  January 2024); a repayment plan is signed on 20 March 2024 (the procedure closes in April) and it
  repays it with its rent each month: the plan is still running on 31 October 2024.
"""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command

P_FROM, P_TO = date(2023, 11, 1), date(2024, 10, 31)
CAF_PAYMENT_DAY = 5  # the CAF pays the APL of a month on the 5th of the next one
HOUSEHOLD_PAYMENT_DAY = 8
STOPS_PAYING = {"S019": date(2024, 3, 1)}  # from this month on, nothing
PLAN_STAY, PLAN_DATE, PLAN_INSTALMENTS = "S022", date(2024, 3, 20), 8
PAYS_NOTHING_BEFORE_PLAN = date(2024, 3, 1)
PAYS_CASH = ("S002", "S017", "S024")


def months(first, last):
    month = first
    while month <= last:
        yield month
        month += relativedelta(months=1)


def load(env):
    """Called by demo/imlr_rent_demo.xml (through res.company._imlr_load_demo)."""
    RentDemo(env)._load_demo()


class RentDemo:
    """Plain code, no model: a database without demo data never imports it."""

    def __init__(self, env):
        self.env = env

    def _load_demo(self):
        company = self.env.ref("base.main_company")
        self._ensure_chart_of_accounts(company)
        company._imlr_setup_accounting()
        company.imlr_caf_partner_id = self.env.ref("imlr_odoo.imlr_demo_partner_caf")
        company.imlr_billing_start = P_FROM  # the association keeps its rents in Odoo from November 2023
        records = self.env["res.company"].with_company(company).with_context(tracking_disable=True, mail_notrack=True)
        RentDemo(records.env)._load_year(company)

    def _load_year(self, company):
        subleases = self.env["imlr.sublease"].search(
            [("company_id", "=", company.id), ("date_start", "<=", P_TO), "|", ("date_end", "=", False),
             ("date_end", ">=", P_FROM)]
        )  # fmt: skip
        for number, household in enumerate(subleases.household_id.sorted("id"), start=1):
            household.imlr_caf_number = f"80{number:05d}"
        self.env["imlr.sublease"]._imlr_rent_run(P_TO)
        self.env["imlr.lease"]._imlr_landlord_bill_run(P_TO)
        stay_refs = {sublease: sublease.stay_id.reference for sublease in subleases}
        self._deposits(subleases)
        for month in months(P_FROM, P_TO):
            self._post_caf_statement(subleases, month - relativedelta(months=1))
            self._household_payments(subleases, stay_refs, month)
            if month == PLAN_DATE.replace(day=1):
                self._sign_plan(subleases.filtered(lambda s: stay_refs[s] == PLAN_STAY).household_id)
        # October's APL, paid on 5 November: the demo's accounts are settled with the CAF
        self._post_caf_statement(subleases, P_TO.replace(day=1))

    def _ensure_chart_of_accounts(self, company):
        """When the addon is installed with ``account`` in one go, Odoo loads the company's chart of accounts
        only once every module is loaded (``account``'s registry hook): the demo's rents need it now, so
        load it here, the way that hook would, and only once."""
        if company.chart_template:
            return
        pending = getattr(self.env.registry, "_auto_install_template", None)
        if pending:
            pending(self.env)
            del self.env.registry._auto_install_template
        else:
            self.env["account.chart.template"].try_loading("fr", company)

    def _deposits(self, subleases):
        """Each security deposit received by transfer when the sublease starts; returned a month after the end of
        the subleases ended by 31 October 2024 (loi du 6 juillet 1989, art. 22: a month when the inventory of
        exit matches the one of entry)."""
        wizard = self.env["imlr.rent.payment.wizard"]
        for sublease in subleases.filtered("deposit"):
            moves = [("deposit", sublease.date_start)]
            if sublease.date_end and sublease.date_end + relativedelta(months=1) <= P_TO:
                moves.append(("deposit_return", sublease.date_end + relativedelta(months=1)))
            for purpose, paid_on in moves:
                wizard.create(
                    {
                        "purpose": purpose,
                        "household_id": sublease.household_id.id,
                        "sublease_id": sublease.id,
                        "amount": sublease.deposit,
                        "date": paid_on,
                        "method": "transfer",
                    }
                )._register_payment()

    def _post_caf_statement(self, subleases, month):
        """The CAF's statement of ``month``: the APL of each sublease covering the whole month; posted on
        the 5th of the next month, and the CAF's transfer matched with it."""
        if month < P_FROM:
            return
        lines = []
        for sublease in subleases:
            apl = sublease._rent_amounts(month)["apl"]
            if apl:
                lines.append(
                    Command.create(
                        {"caf_number": sublease.household_id.imlr_caf_number, "date_month": month, "amount": apl}
                    )
                )
        paid_on = (month + relativedelta(months=1)).replace(day=CAF_PAYMENT_DAY)
        statement = self.env["imlr.caf.statement"].create(
            {"date_month": month, "date_payment": paid_on, "line_ids": lines}
        )
        statement.action_post()
        self._pay(statement.caf_partner_id, statement.amount_total, paid_on, "bank", statement.name)

    def _household_payments(self, subleases, stay_refs, month):
        """What each household pays on the 8th for ``month``: rent and charges less the APL, plus the
        instalment of its repayment plan."""
        plans = self.env["imlr.repayment.plan"].search([("state", "=", "active")])
        instalments = {
            plan.household_id: sum(plan.instalment_ids.filtered(lambda i, m=month: i.date_due.replace(day=1) == m)
                                   .mapped("amount"))
            for plan in plans
        }  # fmt: skip
        paid_on = month.replace(day=HOUSEHOLD_PAYMENT_DAY)
        for sublease in subleases:
            ref = stay_refs[sublease]
            if ref in STOPS_PAYING and month >= STOPS_PAYING[ref]:
                continue
            if ref == PLAN_STAY and month < PAYS_NOTHING_BEFORE_PLAN:
                continue
            amounts = sublease._rent_amounts(month)
            if not amounts["days"]:
                continue
            due = amounts["rent"] + amounts["charges"] - amounts["apl"]
            due += instalments.get(sublease.household_id, 0.0)
            if sublease.currency_id.compare_amounts(due, 0.0) <= 0:
                continue  # the APL pays the whole month (a short month of entry)
            method = "cash" if ref in PAYS_CASH else "bank"
            date_paid = max(paid_on, sublease.date_start)
            self._pay(sublease.household_id, due, date_paid, method, sublease.name, month=month)

    def _pay(self, partner, amount, paid_on, journal_type, memo, *, month=None):
        """A payment received from ``partner`` (for ``month``, if given), posted and matched by the rent ledger's
        rules."""
        journal = self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(self.env.company), ("type", "=", journal_type)],
            limit=1,
        )
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": paid_on,
                "journal_id": journal.id,
                "memo": memo,
            }
        )
        payment.action_post()
        receivable = payment.move_id.line_ids.filtered(lambda line: line.account_id == payment.destination_account_id)
        if month:
            receivable.imlr_rent_month = month  # the household pays the month's rent, as its transfer says
        self.env["imlr.rent.ledger"]._allocate(receivable)

    def _sign_plan(self, household):
        """The repayment plan of the household in arrears, signed on 20 March 2024."""
        wizard = (
            self.env["imlr.repayment.plan.wizard"]
            .with_context(date=PLAN_DATE)
            .create(
                {
                    "household_id": household.id,
                    "date_start": PLAN_DATE,
                    "date_first_due": date(2024, 4, 10),
                    "split_mode": "count",
                    "instalment_count": PLAN_INSTALMENTS,
                }
            )
        )
        action = wizard.action_create_plan()
        plan = self.env["imlr.repayment.plan"].browse(action["res_id"])
        plan.with_context(date=PLAN_DATE).action_confirm()
