from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

# what each kind of contract is billed through: the months already billed are never revised
CONTRACTS = (
    ("imlr.sublease", "sublease_id", "imlr_sublease_id", ["out_invoice"]),
    ("imlr.lease", "lease_id", "imlr_lease_id", ["in_invoice"]),
)


def revision_quarter(anniversary, quarter):
    """(year, quarter) of the IRL a revision on ``anniversary`` reads: the last quarter of that number ended
    before the anniversary."""
    return (anniversary.year if anniversary.month > 3 * quarter else anniversary.year - 1), quarter


def revised_rent(rent, reference_value, new_value, rounding):
    """rent × new IRL / reference IRL, rounded half-up to the currency (computed in decimals: to the cent)."""
    cent = Decimal(str(rounding))
    amount = Decimal(str(rent)) * Decimal(str(new_value)) / Decimal(str(reference_value))
    return float((amount / cent).quantize(Decimal(1), rounding=ROUND_HALF_UP) * cent)


class ImlrRentRevisionWizard(models.TransientModel):
    """The annual IRL revision of the subleases and main leases whose anniversary falls in a month: preview,
    then apply (history row, new rent and reference quarter, chatter message). Never retroactive."""

    _name = "imlr.rent.revision.wizard"
    _description = "IRL rent revision"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month of the anniversaries to revise.",
    )
    date = fields.Date(
        string="Revision date",
        required=True,
        default=fields.Date.context_today,
        help="Today or later: a revision takes effect on the anniversary, or on this date when the anniversary "
        "is past, and never in a month already billed.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    line_ids = fields.One2many(
        comodel_name="imlr.rent.revision.wizard.line",
        inverse_name="wizard_id",
        string="Preview",
        compute="_compute_line_ids",
        store=True,
        readonly=True,
    )

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if wizard.date < today:
                raise ValidationError(
                    self.env._(
                        "A rent revision is never retroactive: the revision date %(date)s is before today (%(today)s).",
                        date=format_date(self.env, wizard.date),
                        today=format_date(self.env, today),
                    )
                )

    @api.depends("month", "date", "company_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            if wizard.month and wizard.date:
                commands += [Command.create(vals) for vals in wizard._candidate_vals()]
            wizard.line_ids = commands

    def _candidate_vals(self):
        """Line vals of the contracts whose anniversary falls in the month and not revised yet for it.

        Loi du 6 juillet 1989, art. 17-1: the rent follows the IRL of the contract's reference quarter over the
        last year, the new quarter being the last one of that number ended before the anniversary; a revision
        not claimed (the wizard's date) within a year of its anniversary is lost for that year, one claimed
        late takes effect on the claim. Revisions lost in earlier years are never caught up: only the last
        year's variation applies. A quarter missing from the IRL table makes a "missing" line, never a guess."""
        self.ensure_one()
        month_start = self.month.replace(day=1)
        vals_list = []
        for model, line_field, link_field, move_types in CONTRACTS:
            records = (
                self.env[model]
                .with_company(self.company_id)
                .search(
                    [
                        ("company_id", "=", self.company_id.id),
                        ("irl_index_id", "!=", False),
                        ("date_start", "<", month_start),
                        "|",
                        ("date_end", "=", False),
                        ("date_end", ">=", month_start),
                    ]
                )
                .filtered(lambda record: record._anniversary_in(month_start))
            )
            new_keys = {
                record: revision_quarter(record._anniversary_in(month_start), record.irl_index_id.quarter)
                for record in records
            }
            # already on the new quarter (or a later one): nothing to revise
            records = records.filtered(lambda record, new_keys=new_keys: record.irl_index_id.year < new_keys[record][0])
            if not records:
                continue
            indexes = self.env["imlr.irl.index"]._by_quarter(
                [
                    key
                    for record in records
                    for key in (new_keys[record], (new_keys[record][0] - 1, new_keys[record][1]))
                ]
            )
            last_revision = dict(
                self.env["imlr.rent.revision"]._read_group(
                    [(line_field, "in", records.ids)], [line_field], ["date_effective:max"]
                )
            )
            first_unbilled = records._first_unbilled_day(link_field, move_types)
            for record in records:
                anniversary = record._anniversary_in(month_start)
                if last_revision.get(record) and last_revision[record] >= anniversary:
                    continue
                effective = max(day for day in (anniversary, self.date, first_unbilled[record]) if day)
                if record.date_end and record.date_end < effective:
                    continue
                year, quarter = new_keys[record]
                reference, new = indexes.get((year - 1, quarter)), indexes.get((year, quarter))
                vals = {
                    line_field: record.id,
                    "anniversary": anniversary,
                    "date_effective": effective,
                    "previous_rent": record.rent,
                    "new_rent": record.rent,
                    "state": "revise",
                    "note": False,
                }
                if self.date > anniversary + relativedelta(years=1):
                    vals.update(
                        state="lost",
                        note=self.env._(
                            "Not claimed within a year of its anniversary: lost for that year (art. 17-1)."
                        ),
                    )
                elif not (reference and new):
                    vals.update(
                        state="missing",
                        note=self.env._(
                            "IRL %(quarter)s missing from the IRL table: enter the value published by INSEE.",
                            quarter=", ".join(
                                f"{key_year}-T{quarter}"
                                for key_year in (year - 1, year)
                                if (key_year, quarter) not in indexes
                            ),
                        ),
                    )
                else:
                    vals.update(
                        irl_reference_id=reference.id,
                        irl_reference_value=reference.value,
                        irl_new_id=new.id,
                        irl_new_value=new.value,
                        new_rent=revised_rent(record.rent, reference.value, new.value, record.currency_id.rounding),
                    )
                    if record.irl_index_id.year < year - 1:
                        vals["note"] = self.env._(
                            "Revisions since %(quarter)s lost (not claimed within a year, art. 17-1): "
                            "only the last year's IRL variation applies.",
                            quarter=record.irl_index_id.code,
                        )
                vals_list.append(vals)
        return vals_list

    def action_apply(self):
        """Create the revisions, move each contract to its new rent and reference quarter, say it in its
        chatter. Checks everything first: nothing is written when the wizard is wrong."""
        self.ensure_one()
        self._check_date()
        missing = self.line_ids.filtered(lambda line: line.state == "missing")
        if missing:
            raise UserError(
                self.env._(
                    "These revisions need an IRL quarter the IRL table does not have yet:\n%(lines)s\n"
                    "Enter the value published by INSEE (série 001515333) in Rents › IRL table, then revise.",
                    lines="\n".join(
                        f"- {line.contract}, {format_date(self.env, line.anniversary)}: {line.note}" for line in missing
                    ),
                )
            )
        lines = self.line_ids.filtered(lambda line: line.state == "revise")
        if not lines:
            raise UserError(self.env._("Nothing to revise for the month of %(month)s.", month=self.month))
        self.env["imlr.rent.revision"].create(
            [
                {
                    "sublease_id": line.sublease_id.id,
                    "lease_id": line.lease_id.id,
                    "date_effective": line.date_effective,
                    "previous_rent": line.previous_rent,
                    "new_rent": line.new_rent,
                    "irl_reference_id": line.irl_reference_id.id,
                    "irl_reference_value": line.irl_reference_value,
                    "irl_new_id": line.irl_new_id.id,
                    "irl_new_value": line.irl_new_value,
                }
                for line in lines
            ]
        )
        for line in lines:
            contract = line.sublease_id or line.lease_id
            contract.write({"rent": line.new_rent, "irl_index_id": line.irl_new_id.id})
            contract.message_post(
                body=self.env._(
                    "Rent revised from %(previous)s to %(new)s from %(date)s: IRL %(reference)s (%(reference_value)s)"
                    " → %(quarter)s (%(value)s).",
                    previous=line.previous_rent,
                    new=line.new_rent,
                    date=line.date_effective,
                    reference=line.irl_reference_id.code,
                    reference_value=line.irl_reference_value,
                    quarter=line.irl_new_id.code,
                    value=line.irl_new_value,
                )
            )
        return {"type": "ir.actions.act_window_close"}
