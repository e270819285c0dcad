from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount, format_date, frozendict

# the key of the billing run's sequence formats in the transaction's precommit data (gone at commit or rollback)
SEQUENCE_FORMATS = "imlr.billing_run.sequence_formats"
# the moves' flags a billing run sets without a full write of the moves (see AccountMove.write)
BILLING_RUN_FLAGS = {"checked", "inalterable_hash", "is_manually_modified"}


class AccountMove(models.Model):
    """Rent invoices: an invoice of the monthly rent run is linked to its sublease and month.

    The pair (sublease, month) is the key that stops double billing: a partial unique index over the
    customer invoices that are not cancelled. A cancelled invoice frees its month (the next run bills it
    again); a credit note keeps the link (for the sublease's account) but is not an invoice, so it never
    collides; a duplicate does not copy the link.

    Landlord bills likewise: a vendor bill of the monthly landlord run is linked to its main lease and month
    (``imlr_lease_id``, ``imlr_period_start``), unique over the vendor bills not cancelled, never deleted once
    posted.
    """

    _inherit = "account.move"

    imlr_sublease_id = fields.Many2one(
        comodel_name="imlr.sublease",
        string="Sublease",
        ondelete="restrict",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
    imlr_period_start = fields.Date(
        string="Rent month",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="First day of the month this rent invoice bills.",
    )
    imlr_apl_expected = fields.Monetary(
        string="APL expected",
        copy=False,
        readonly=True,
        help="The APL the CAF is expected to pay for this rent month (tiers payant), as known when it was billed: "
        "the household owes the rest by the due date, the CAF pays this part the next month.",
    )

    imlr_lease_id = fields.Many2one(
        comodel_name="imlr.lease",
        string="Main lease",
        ondelete="restrict",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )

    _sql_constraints = [
        (
            "imlr_rent_period_check",
            "CHECK (imlr_sublease_id IS NULL OR EXTRACT(DAY FROM imlr_period_start) = 1)",
            "A rent invoice bills a month: its rent month is the first day of that month.",
        ),
        (
            "imlr_landlord_period_check",
            "CHECK (imlr_lease_id IS NULL OR (imlr_period_start IS NOT NULL "
            "AND EXTRACT(DAY FROM imlr_period_start) = 1))",
            "A landlord bill bills a month: its rent month is the first day of that month.",
        ),
    ]

    def init(self):
        res = super().init()
        # a month is billed once: by one invoice neither cancelled nor wholly reversed by a credit note (a
        # reversed month is billed again, corrected); the indexes of 18.0.1.1.0 did not spare reversed ones
        self.env.cr.execute(
            SQL(
                """DROP INDEX IF EXISTS account_move_imlr_rent_period_uniq;
                   DROP INDEX IF EXISTS account_move_imlr_landlord_period_uniq;
                   CREATE UNIQUE INDEX IF NOT EXISTS account_move_imlr_rent_month_uniq
                   ON account_move (imlr_sublease_id, imlr_period_start)
                   WHERE imlr_sublease_id IS NOT NULL AND move_type = 'out_invoice' AND state != 'cancel'
                     AND payment_state IS DISTINCT FROM 'reversed';
                   CREATE UNIQUE INDEX IF NOT EXISTS account_move_imlr_landlord_month_uniq
                   ON account_move (imlr_lease_id, imlr_period_start)
                   WHERE imlr_lease_id IS NOT NULL AND move_type = 'in_invoice' AND state != 'cancel'
                     AND payment_state IS DISTINCT FROM 'reversed'"""
            )
        )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_rent_invoice(self):
        """A rent invoice once posted stays: corrections go through credit notes."""
        posted = self.filtered(lambda move: move.imlr_sublease_id and move.posted_before)
        if posted:
            raise UserError(
                self.env._(
                    "Rent invoice %(invoice)s has been posted: it cannot be deleted. "
                    "Issue a credit note to correct it.",
                    invoice=posted[0].display_name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted_landlord_bill(self):
        """A landlord bill once posted stays: corrections go through credit notes."""
        posted = self.filtered(lambda move: move.imlr_lease_id and move.posted_before)
        if posted:
            raise UserError(
                self.env._(
                    "Landlord bill %(bill)s has been posted: it cannot be deleted. Issue a credit note to correct it.",
                    bill=posted[0].display_name,
                )
            )

    def _check_draftable(self):
        """A posted rent document (rent invoice or credit note, landlord bill, CAF statement's entry, a household's
        payment) is never reset to draft nor cancelled: validated entries are definitive (Plan comptable général,
        art. 420-5); corrections go through credit notes and reversals. Only the ledger's migration may (context
        key). Checked before Odoo's own checks, so that the user reads why and what to do instead."""
        if not self.env.context.get("imlr_allow_reset_to_draft"):
            rent = self.filtered(
                lambda move: (
                    move.state == "posted"
                    and (
                        move.imlr_sublease_id
                        or move.imlr_lease_id
                        or move.imlr_caf_statement_id
                        or (move.origin_payment_id and move.partner_id.is_household)
                    )
                )
            )
            if rent:
                raise UserError(
                    self.env._(
                        "%(move)s is a posted rent document: it cannot be reset to draft nor cancelled, validated "
                        "entries are definitive. Correct it with a credit note (on the sublease: “Correct a month”).",
                        move=rent[0].display_name,
                    )
                )
        return super()._check_draftable()

    def _imlr_month_link_values(self):
        """What ties a rent invoice (or landlord bill) to its contract and month, for its credit note and for
        the invoice that replaces it ("reverse and create new")."""
        self.ensure_one()
        values = {}
        if self.imlr_sublease_id:
            values = {
                "imlr_sublease_id": self.imlr_sublease_id.id,
                "imlr_period_start": self.imlr_period_start,
                "imlr_apl_expected": self.imlr_apl_expected,
                "payment_reference": self.payment_reference,
            }
        elif self.imlr_lease_id:
            values = {"imlr_lease_id": self.imlr_lease_id.id, "imlr_period_start": self.imlr_period_start}
        return values

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """Credit notes stay linked to the sublease (or main lease) and month they correct."""
        default_values_list = default_values_list or [{} for _move in self]
        for move, default_values in zip(self, default_values_list, strict=True):
            for field, value in move._imlr_month_link_values().items():
                default_values.setdefault(field, value)
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    # ================================================================== the rent ledger's two items

    def _imlr_has_rent_parts(self):
        """Whether this move is a rent invoice whose receivable is split into household share and CAF part."""
        self.ensure_one()
        return (
            self.move_type == "out_invoice"
            and bool(self.imlr_sublease_id)
            and bool(self.imlr_period_start)
            and not self.invoice_payment_term_id
            and self.currency_id == self.company_id.currency_id
        )

    def _imlr_caf_due_date(self):
        """The CAF pays the APL of a month during the next one: its part falls due on the last day of it."""
        self.ensure_one()
        return self.imlr_period_start + relativedelta(months=1, day=31)

    @api.depends("imlr_apl_expected", "imlr_period_start", "imlr_sublease_id")
    def _compute_needed_terms(self):
        """A rent invoice with tiers payant has two receivable items: the household's share, due on the
        invoice's due date, and the APL expected from the CAF, due at the end of the following month."""
        res = super()._compute_needed_terms()
        for move in self:
            if not move.needed_terms or not move._imlr_has_rent_parts():
                continue
            total = move.amount_total_signed
            apl = move.currency_id.round(min(max(move.imlr_apl_expected or 0.0, 0.0), max(total, 0.0)))
            lang = move.partner_id.lang or move.company_id.partner_id.lang or self.env.lang
            env = move.with_context(lang=lang).env
            parts = (
                ("household", total - apl, move.invoice_date_due, env._("Household share")),
                ("caf", apl, move._imlr_caf_due_date(), env._("APL expected from the CAF")),
            )
            terms = {}
            for part, amount, due, label in parts:
                if move.currency_id.is_zero(amount):
                    continue
                key = frozendict(
                    {"move_id": move.id, "date_maturity": due, "discount_date": False, "imlr_rent_part": part}
                )
                terms[key] = {"balance": amount, "amount_currency": amount, "name": label}
            move.needed_terms = terms
        return res

    def _compute_invoice_date_due(self):
        # a rent invoice is due when the household's share is (the CAF part falls due a month later)
        rent = self.filtered(lambda move: move.needed_terms and move._imlr_has_rent_parts())
        res = super(AccountMove, self - rent)._compute_invoice_date_due()
        for move in rent:
            household = [key["date_maturity"] for key in move.needed_terms if key.get("imlr_rent_part") == "household"]
            move.invoice_date_due = household[0] if household else move.invoice_date_due
        return res

    def _post(self, soft=True):
        if self.env.context.get("imlr_billing_run"):
            self.partner_id.sudo().mapped("is_household")  # read once for message_subscribe below
            formats = self.env.cr.precommit.data
            formats[SEQUENCE_FORMATS] = {}
            try:
                posted = super()._post(soft=soft)
            finally:
                formats.pop(SEQUENCE_FORMATS, None)
        else:
            posted = super()._post(soft=soft)
        # a rent credit note pays its own month first (imlr.rent.ledger, rule 2); the payments a cancelling
        # reversal unreconciled from the invoice pay the household's other items
        refunds = posted.filtered(lambda move: move.move_type == "out_refund" and move.imlr_sublease_id)
        if refunds:
            self.env["imlr.rent.ledger"]._apply_open_credits(refunds.partner_id, refunds.company_id)
        return posted

    def write(self, vals):
        """A billing run's flags set as plain values: Odoo writes them with a full write of the moves (each
        re-syncing the moves' lines and checking their balance), "checked" and the hash (on a hashed journal:
        LOY, PROP) move by move when posting, "is_manually_modified" once created. The same values are
        stored, and their dependents are told; a move already hashed goes through Odoo's write (which refuses)."""
        if (
            self.env.context.get("imlr_billing_run")
            and vals
            and set(vals) <= BILLING_RUN_FLAGS
            and not any(self.mapped("inalterable_hash"))
        ):
            with self.env.protecting([self._fields[name] for name in vals], self):
                for name, value in vals.items():
                    self[name] = value
            self.modified(list(vals))
            return True
        return super().write(vals)

    def _get_next_sequence_format(self):
        """While a billing run posts its moves, the format of the next number per journal, date and kind: Odoo
        looks it up move by move (two queries and a flush each) though it is the same for the whole batch; the
        numbers themselves still come from Odoo's locked increment (``_locked_increment``), in Odoo's order."""
        formats = self.env.cr.precommit.data.get(SEQUENCE_FORMATS)
        if formats is None or not self.env.context.get("imlr_billing_run"):
            return super()._get_next_sequence_format()
        key = (
            self.journal_id.id,
            self.date,
            self.move_type in ("out_refund", "in_refund"),
            bool(self.origin_payment_id),
        )
        if key not in formats:
            formats[key] = super()._get_next_sequence_format()
        format_string, format_values = formats[key]
        return format_string, dict(format_values)  # Odoo pops "seq" from the values

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Posting subscribes each invoice's partner, one search per invoice; a billing run's partners are
        households, which never follow their invoices (account_move_followers.py): nothing to do."""
        if self.env.context.get("imlr_billing_run") and partner_ids and not subtype_ids:
            households = self.env["res.partner"].sudo().browse(partner_ids).filtered("is_household")
            if len(households) == len(set(partner_ids)):
                return True
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    # ================================================================== rent documents (rents issue, item 7)
    # avis d'échéance, quittance, reçu: every figure the documents print comes from
    # _imlr_rent_document_values; the templates only render.

    # ------------------------------------------------------------------ state

    def _imlr_is_fully_paid(self):
        """Whether this rent invoice is settled: Odoo's payment state, or nothing left to pay."""
        self.ensure_one()
        return self.state == "posted" and (
            self.payment_state in ("paid", "in_payment") or self.currency_id.is_zero(self.amount_residual)
        )

    def _imlr_check_rent_documents(self):
        """Rent documents exist only for posted rent invoices (not for drafts, credit notes or other invoices)."""
        wrong = self.filtered(
            lambda move: not move.imlr_sublease_id or move.move_type != "out_invoice" or move.state != "posted"
        )
        if wrong:
            raise UserError(
                self.env._(
                    "%(invoice)s is not a posted rent invoice: rent notices, rent receipts and payment receipts "
                    "are only issued for posted invoices of the monthly rent run.",
                    invoice=wrong[0].display_name,
                )
            )

    def _imlr_check_quittance(self):
        """A quittance (law of 6 July 1989, art. 21) is only issued for a fully paid month: raise otherwise.

        The quittance report calls it, so no quittance of an unpaid month is ever rendered (e.g. from a URL)."""
        self._imlr_check_rent_documents()
        unpaid = self.filtered(lambda move: not move._imlr_is_fully_paid())
        if unpaid:
            move = unpaid[0]
            raise UserError(
                self.env._(
                    "The rent of %(month)s of %(household)s is not fully paid (%(residual)s still due): a rent "
                    "receipt (quittance) is only issued for a fully paid month. Print the payment receipt (reçu) "
                    "for the amount paid instead: the button “Print receipt” produces it.",
                    month=format_date(self.env, move.imlr_period_start, date_format="MMMM y"),
                    household=move.partner_id.display_name,
                    residual=format_amount(self.env, move.amount_residual, move.currency_id),
                )
            )

    def _imlr_document_lang(self):
        """The language the household reads its documents in: its own, else the association's, else French."""
        self.ensure_one()
        return self.partner_id.lang or self.company_id.partner_id.lang or "fr_FR"

    # ------------------------------------------------------------------ figures

    def _imlr_payment_details(self):
        """What was reconciled with each of these invoices, by origin: {move.id: [{"date", "amount", "kind",
        "reference"}]}, kind being "apl" (an item of a CAF statement's entry for this invoice's month: the APL
        of the month, paid by the CAF), "credit_note" (a credit note) or "household" (the household's payments,
        and its advances whatever their origin). Read from the reconciliation only."""
        receivables = self.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        details = {move.id: [] for move in self}
        partials = receivables.matched_credit_ids
        for partial in partials.sorted(lambda partial: (partial.credit_move_id.date, partial.id)):
            debit, credit = partial.debit_move_id, partial.credit_move_id
            counterpart = credit.move_id
            if counterpart.imlr_caf_statement_id and credit.imlr_rent_month == debit.move_id.imlr_period_start:
                kind = "apl"
            elif counterpart.move_type == "out_refund":
                kind = "credit_note"
            else:
                kind = "household"
            details[debit.move_id.id].append(
                {
                    "date": credit.date,
                    "amount": partial.amount,
                    "kind": kind,
                    "reference": counterpart.ref or counterpart.name,
                }
            )
        return details

    def _imlr_previous_balances(self):
        """{move.id: the household's open balance on the other receivable entries dated on or before this
        invoice} (positive: still due; negative: paid in advance); one search for the whole batch."""
        open_lines = self.env["account.move.line"].search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("move_id", "not in", self.ids),
            ]
        )
        return {
            move.id: sum(
                open_lines.filtered(
                    lambda line, move=move: (
                        line.partner_id == move.partner_id
                        and line.company_id == move.company_id
                        and line.date <= move.date
                    )
                ).mapped("amount_residual")
            )
            for move in self
        }

    def _imlr_rent_document_values(self):
        """The figures of the avis d'échéance, quittance and reçu of these rent invoices: {move.id: dict}.

        Loyer and provision sur charges come from the invoice lines (their products in the rent settings),
        the expected APL from the sublease, pro rata like the rent (``_rent_amounts``); what was paid comes
        from the reconciliation (``_imlr_payment_details``)."""
        self._imlr_check_rent_documents()
        payments = self._imlr_payment_details()
        balances = self._imlr_previous_balances()
        settings_by_company = {company: company._imlr_rent_settings(required=()) for company in self.company_id}
        today = fields.Date.context_today(self)
        values = {}
        for move in self:
            settings = settings_by_company[move.company_id]
            sublease = move.imlr_sublease_id
            currency = move.currency_id
            by_product = {}
            for line in move.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
                by_product[line.product_id] = by_product.get(line.product_id, 0.0) + line.price_total
            rent = by_product.get(settings["rent_product"], 0.0)
            charges = by_product.get(settings["charges_product"], 0.0)
            other = currency.round(move.amount_total - rent - charges)
            amounts = sublease._rent_amounts(move.imlr_period_start)
            apl = min(move.imlr_apl_expected, move.amount_total)  # as expected when it was billed
            month_end = move.imlr_period_start + relativedelta(day=31)
            details = payments[move.id]
            paid = {}
            for item in details:
                paid[item["kind"]] = paid.get(item["kind"], 0.0) + item["amount"]

            values[move.id] = {
                "sublease": sublease,
                "household": move.partner_id,
                "place": sublease.place_id,
                "dwelling": sublease.dwelling_id,
                "company": move.company_id,
                "currency": currency,
                "period_start": move.imlr_period_start,
                "month_label": format_date(
                    self.env, move.imlr_period_start, lang_code=move._imlr_document_lang(), date_format="MMMM y"
                ),
                "date_from": max(move.imlr_period_start, sublease.date_start),
                "date_to": min(month_end, sublease.date_end) if sublease.date_end else month_end,
                "days": amounts["days"],
                "month_days": amounts["month_days"],
                "is_prorata": amounts["days"] != amounts["month_days"],
                "invoice_date": move.invoice_date,
                "due_date": move.invoice_date_due,
                "payment_reference": move.payment_reference or move.name,
                "rent": currency.round(rent),
                "charges": currency.round(charges),
                "other": other,
                "total": move.amount_total,
                "apl_expected": apl,
                "to_pay": currency.round(move.amount_total - apl),
                "previous_balance": currency.round(balances[move.id]),
                "payments": details,
                "paid_apl": currency.round(paid.get("apl", 0.0)),
                "paid_household": currency.round(paid.get("household", 0.0)),
                "credited": currency.round(paid.get("credit_note", 0.0)),
                "paid_total": currency.round(sum(item["amount"] for item in details)),
                "residual": move.amount_residual,
                "last_payment_date": max((item["date"] for item in details), default=False),
                "fully_paid": move._imlr_is_fully_paid(),
                "issue_date": today,
            }
        return values

    # ------------------------------------------------------------------ actions

    def action_imlr_print_notice(self):
        self._imlr_check_rent_documents()
        return self.env.ref("imlr_odoo.imlr_rent_notice_report_action").report_action(self)

    def _imlr_receipt_report(self):
        """The quittance report when every one of these invoices is fully paid, the reçu report when none is."""
        self._imlr_check_rent_documents()
        paid = self.filtered(lambda move: move._imlr_is_fully_paid())
        if paid and paid != self:
            raise UserError(
                self.env._(
                    "%(paid)s is fully paid and %(unpaid)s is not: print the rent receipts (quittances) of the "
                    "paid months and the payment receipts (reçus) of the others separately.",
                    paid=paid[0].display_name,
                    unpaid=(self - paid)[0].display_name,
                )
            )
        if paid:
            return self.env.ref("imlr_odoo.imlr_rent_quittance_report_action")
        self._imlr_check_receipt()
        return self.env.ref("imlr_odoo.imlr_rent_receipt_report_action")

    def _imlr_check_receipt(self):
        """A reçu acknowledges a payment: none for a month of which nothing was paid yet."""
        self._imlr_check_rent_documents()
        nothing = self.filtered(
            lambda move: move.currency_id.compare_amounts(move.amount_residual, move.amount_total) >= 0
        )
        if nothing:
            move = nothing[0]
            raise UserError(
                self.env._(
                    "Nothing has been paid yet for the rent of %(month)s of %(household)s: there is no payment "
                    "to acknowledge with a receipt.",
                    month=format_date(self.env, move.imlr_period_start, date_format="MMMM y"),
                    household=move.partner_id.display_name,
                )
            )

    def action_imlr_print_receipt(self):
        """ "Rent receipt" button: the quittance of a fully paid month, otherwise a reçu for what was paid."""
        return self._imlr_receipt_report().report_action(self)

    def _imlr_send_action(self, template):
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "account.move",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment" if len(self) == 1 else "mass_mail",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def action_imlr_send_notice(self):
        self._imlr_check_rent_documents()
        return self._imlr_send_action(self.env.ref("imlr_odoo.imlr_mail_template_rent_notice"))

    def action_imlr_send_receipt(self):
        """Send the quittance of a fully paid month, otherwise the reçu, each with its PDF."""
        report = self._imlr_receipt_report()
        template = (
            "imlr_odoo.imlr_mail_template_rent_quittance"
            if report == self.env.ref("imlr_odoo.imlr_rent_quittance_report_action")
            else "imlr_odoo.imlr_mail_template_rent_receipt"
        )
        return self._imlr_send_action(self.env.ref(template))

    def _imlr_landlord_bills_action(self, empty_message):
        """The list of these landlord bills, or a notification saying ``empty_message`` when there is none."""
        if not self:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {"type": "warning", "message": empty_message},
            }
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_landlord_bill_action")
        action["domain"] = [("id", "in", self.ids)]
        return action
