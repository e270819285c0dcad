from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ImlrHouseholdContact(models.Model):
    """A partner of a household's support: its CAF office, its sector social worker (MDSI), its children's
    school… The contact the team deals with for that household, from a date."""

    _name = "imlr.household.contact"
    _description = "Household partner contact"
    _order = "household_id, category_id, id"
    _rec_name = "partner_id"

    household_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("is_household", "=", True)],
    )
    category_id = fields.Many2one(comodel_name="imlr.partner.category", required=True, ondelete="restrict")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        ondelete="restrict",
        index=True,
        domain=[("is_household", "=", False), ("is_imlr_person", "=", False)],
    )
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    function = fields.Char(string="Role", help="e.g. sector social worker, RSA referent, class teacher.")
    date_start = fields.Date(string="Since")
    date_end = fields.Date(string="Until", help="Last day the partner followed the household.")
    note = fields.Char()

    _sql_constraints = [
        ("date_check", "CHECK (date_end IS NULL OR date_end >= date_start)", "A contact must end after it starts."),
        (
            "unique_contact",
            "UNIQUE (household_id, category_id, partner_id)",
            "This partner is already a contact of the household in this category.",
        ),
    ]

    @api.constrains("household_id", "partner_id")
    def _check_not_a_member(self):
        for contact in self:
            if contact.partner_id.is_household or contact.partner_id.is_imlr_person:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is a supported household or person, not a partner of %(household)s.",
                        partner=contact.partner_id.display_name,
                        household=contact.household_id.display_name,
                    )
                )
