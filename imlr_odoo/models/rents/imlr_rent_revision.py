from odoo import api, fields, models


class ImlrRentRevision(models.Model):
    """A dated rent change of a sublease or a main lease (annual IRL revision): the rent history.

    The sublease's or lease's ``rent`` is the rent now; these rows tell which rent was in force on an earlier
    day, so the monthly bills of a month bill the rent of that month (``_rent_at``)."""

    _name = "imlr.rent.revision"
    _description = "Rent revision"
    _order = "date_effective desc, id desc"

    sublease_id = fields.Many2one(comodel_name="imlr.sublease", ondelete="cascade", index="btree_not_null")
    lease_id = fields.Many2one(comodel_name="imlr.lease", ondelete="cascade", index="btree_not_null")
    company_id = fields.Many2one(comodel_name="res.company", compute="_compute_company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_effective = fields.Date(string="Effective from", required=True)
    previous_rent = fields.Monetary(required=True)
    new_rent = fields.Monetary(required=True)
    irl_reference_id = fields.Many2one(comodel_name="imlr.irl.index", string="Reference quarter", ondelete="restrict")
    irl_reference_value = fields.Float(string="Reference IRL", digits=(8, 2))
    irl_new_id = fields.Many2one(comodel_name="imlr.irl.index", string="New quarter", ondelete="restrict")
    irl_new_value = fields.Float(string="New IRL", digits=(8, 2))

    _sql_constraints = [
        (
            "one_contract",
            "CHECK ((sublease_id IS NULL) != (lease_id IS NULL))",
            "A rent revision belongs to one sublease or one main lease.",
        ),
        ("rents_positive", "CHECK (previous_rent >= 0 AND new_rent >= 0)", "Rents cannot be negative."),
        ("sublease_date_uniq", "UNIQUE (sublease_id, date_effective)", "A sublease has one revision per day."),
        ("lease_date_uniq", "UNIQUE (lease_id, date_effective)", "A main lease has one revision per day."),
    ]

    @api.depends("sublease_id.company_id", "lease_id.company_id")
    def _compute_company_id(self):
        for revision in self:
            revision.company_id = (revision.sublease_id or revision.lease_id).company_id
