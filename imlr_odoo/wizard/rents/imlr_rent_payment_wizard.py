from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

# payment method → type of the journal that receives it
PAYMENT_METHOD_JOURNAL_TYPES = {"cash": "cash", "cheque": "bank", "transfer": "bank"}


class ImlrRentPaymentWizard(models.TransientModel):
    """A rent payment received at the office (cash, cheque) or announced (transfer): an inbound payment of
    the household, posted, then reconciled by the rules of the rent ledger (imlr.rent.ledger): the household's
    shares oldest first, then the CAF parts; what is paid beyond them stays as an advance.

    A sublease's security deposit, received or returned, is a payment of the household too, booked on the
    deposits account (165) instead of its receivable: it is a debt of the association to the household, never
    rent (loi du 6 juillet 1989, art. 22)."""

    _name = "imlr.rent.payment.wizard"
    _description = "Register a rent payment"

    purpose = fields.Selection(
        selection=[
            ("rent", "Rent"),
            ("deposit", "Security deposit received"),
            ("deposit_return", "Security deposit returned"),
        ],
        required=True,
        default="rent",
    )
    household_id = fields.Many2one(comodel_name="res.partner", required=True, domain="[('is_household', '=', True)]")
    sublease_id = fields.Many2one(
        comodel_name="imlr.sublease",
        domain="[('household_id', '=', household_id)]",
        help="The sublease whose security deposit is received or returned.",
    )
    deposit_held = fields.Monetary(string="Deposit held", related="sublease_id.deposit_held")
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    balance = fields.Monetary(string="Balance before payment", related="household_id.imlr_rent_balance")
    amount = fields.Monetary(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    method = fields.Selection(
        selection=[("cash", "Cash"), ("cheque", "Cheque"), ("transfer", "Bank transfer")],
        required=True,
        default="cash",
    )
    journal_id = fields.Many2one(
        comodel_name="account.journal",
        compute="_compute_journal_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        check_company=True,
        domain="[('type', 'in', ('cash', 'bank'))]",
        help="Cash: the company's cash journal; cheque and transfer: its bank journal.",
    )
    rent_month = fields.Date(
        string="Rent month paid",
        help="The month whose rent the household says it pays (its first day): that month is paid first, what is "
        "left pays the oldest debts. Empty: the oldest debts first.",
    )
    cheque_number = fields.Char()
    memo = fields.Char()

    @api.depends("method", "company_id")
    def _compute_journal_id(self):
        for wizard in self:
            journal_type = PAYMENT_METHOD_JOURNAL_TYPES.get(wizard.method)
            wizard.journal_id = journal_type and self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(wizard.company_id),
                    ("type", "=", journal_type),
                ],
                limit=1,
            )

    def _check_payment(self):
        self.ensure_one()
        if not self.household_id.is_household:
            raise UserError(self.env._("%(partner)s is not a household.", partner=self.household_id.display_name))
        if self.currency_id.compare_amounts(self.amount, 0.0) <= 0:
            raise UserError(self.env._("The amount of a rent payment must be positive."))
        if self.method == "cheque" and not (self.cheque_number or "").strip():
            raise UserError(self.env._("Give the number of the cheque."))
        if self.purpose != "rent":
            self._check_deposit()
        journal_type = PAYMENT_METHOD_JOURNAL_TYPES[self.method]
        if self.journal_id.type != journal_type:
            method = dict(self._fields["method"]._description_selection(self.env))[self.method]
            raise UserError(
                self.env._(
                    "Journal %(journal)s does not fit the payment method %(method)s: cash goes to a cash journal, "
                    "cheques and transfers to a bank journal.",
                    journal=self.journal_id.display_name or "—",
                    method=method,
                )
            )
        method_line = self.journal_id._get_available_payment_method_lines(self._payment_type())[:1]
        if not method_line:
            journal = self.journal_id.display_name
            if self._payment_type() == "inbound":
                raise UserError(self.env._("Journal %(journal)s has no incoming payment method.", journal=journal))
            raise UserError(self.env._("Journal %(journal)s has no outgoing payment method.", journal=journal))
        return method_line

    def _payment_type(self):
        return "outbound" if self.purpose == "deposit_return" else "inbound"

    def _check_deposit(self):
        sublease = self.sublease_id
        if not sublease or sublease.household_id != self.household_id:
            raise UserError(
                self.env._(
                    "Choose the sublease of %(household)s whose deposit it is.", household=self.household_id.name
                )
            )
        if not self.company_id._imlr_deposit_account():
            raise UserError(
                self.env._(
                    "%(company)s has no security deposits account (165): choose it in Settings › IML.",
                    company=self.company_id.display_name,
                )
            )
        held = sublease.deposit_held
        if self.purpose == "deposit_return" and self.currency_id.compare_amounts(self.amount, held) > 0:
            raise UserError(
                self.env._(
                    "%(amount)s cannot be returned on %(sublease)s: the association holds %(held)s of its deposit.",
                    amount=format_amount(self.env, self.amount, self.currency_id),
                    sublease=sublease.display_name,
                    held=format_amount(self.env, held, self.currency_id),
                )
            )

    def _prepare_payment_vals(self, method_line):
        self.ensure_one()
        memo = (self.memo or "").strip()
        if self.purpose != "rent" and not memo:
            memo = self.env._("Security deposit — %(sublease)s", sublease=self.sublease_id.display_name)
        if self.method == "cheque":
            cheque = self.env._("Cheque no. %(number)s", number=self.cheque_number.strip())
            memo = f"{cheque} — {memo}" if memo else cheque
        vals = {
            "payment_type": self._payment_type(),
            "partner_type": "customer",
            "partner_id": self.household_id.id,
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "payment_method_line_id": method_line.id,
            "amount": self.amount,
            "currency_id": self.currency_id.id,
            "date": self.date,
            "memo": memo or False,
        }
        if self.purpose != "rent":
            vals["destination_account_id"] = self.company_id._imlr_deposit_account().id
            vals["imlr_deposit_sublease_id"] = self.sublease_id.id
        return vals

    def _register_payment(self):
        """Create and post the payment, reconcile it by the rent ledger's rules; returns the payment."""
        self.ensure_one()
        method_line = self._check_payment()
        payment = self.env["account.payment"].create(self._prepare_payment_vals(method_line))
        payment.action_post()
        if self.purpose != "rent":
            return payment
        receivable = payment.move_id.line_ids.filtered(lambda line: line.account_id == payment.destination_account_id)
        if self.rent_month:
            receivable.imlr_rent_month = self.rent_month.replace(day=1)
        self.env["imlr.rent.ledger"]._allocate(receivable)
        return payment

    def action_register(self):
        self._register_payment()
        return {"type": "ir.actions.act_window_close"}
