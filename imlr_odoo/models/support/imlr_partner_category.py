from odoo import fields, models


class ImlrPartnerCategory(models.Model):
    """A kind of partner of the support: CAF, CPAM, PMI, school, MDSI, RSA referent, France Travail…"""

    _name = "imlr.partner.category"
    _inherit = ["imlr.code.list.mixin"]
    _description = "Partner category"

    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="imlr_partner_category_res_partner_rel",
        column1="category_id",
        column2="partner_id",
        string="Partners",
        domain=[("is_household", "=", False), ("is_imlr_person", "=", False)],
        help="The organisations and contacts of this kind the team works with.",
    )
