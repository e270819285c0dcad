from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


# kept apart from the main extension so that parallel branches merge without conflict
class ResPartner(models.Model):
    """A household's CAF allocataire number: the key of the lines of the CAF's monthly APL statement."""

    _inherit = "res.partner"

    imlr_caf_number = fields.Char(
        string="CAF allocataire number",
        copy=False,
        tracking=True,
        help="Number of the household's file at the CAF (numéro d'allocataire), as printed on the CAF's monthly "
        "APL statement (bordereau); it matches the statement's lines to the household.",
    )

    def init(self):
        res = super().init()
        # one household per allocataire number and company (households without company share one namespace)
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS res_partner_imlr_caf_number_uniq
                   ON res_partner (COALESCE(company_id, 0), imlr_caf_number)
                   WHERE is_household AND imlr_caf_number IS NOT NULL AND active"""
            )
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("imlr_caf_number"):
                vals["imlr_caf_number"] = vals["imlr_caf_number"].strip()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("imlr_caf_number"):
            vals["imlr_caf_number"] = vals["imlr_caf_number"].strip()
        return super().write(vals)

    @api.constrains("imlr_caf_number", "is_household", "company_id", "active")
    def _check_imlr_caf_number_unique(self):
        """Explains what the unique index would refuse. One query, read before these records are flushed (the
        index would speak first): their new values against the other households' stored ones, and each other."""
        numbered = self.filtered(lambda partner: partner.is_household and partner.imlr_caf_number and partner.active)
        if not numbered:
            return
        self.env.cr.execute(
            SQL(
                """SELECT id, COALESCE(company_id, 0), imlr_caf_number FROM res_partner
                   WHERE is_household AND active AND imlr_caf_number IN %s AND id NOT IN %s""",
                tuple(numbered.mapped("imlr_caf_number")),
                tuple(numbered.ids),
            )
        )
        taken = {(company_id, number): partner_id for partner_id, company_id, number in self.env.cr.fetchall()}
        for partner in numbered:
            key = (partner.company_id.id or 0, partner.imlr_caf_number)
            if key in taken:
                raise ValidationError(
                    self.env._(
                        "The CAF allocataire number %(number)s of %(household)s is already the number of "
                        "%(other)s: a number belongs to one household.",
                        number=partner.imlr_caf_number,
                        household=partner.display_name,
                        other=self.browse(taken[key]).display_name,
                    )
                )
            taken[key] = partner.id
