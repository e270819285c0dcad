from odoo import api, fields, models

LEGAL_STATUSES = [
    ("refugee", "Refugee"),
    ("subsidiary_protection", "Subsidiary protection"),
    ("stateless", "Stateless"),
    ("regularised", "Regularised"),
    ("asylum_seeker", "Asylum seeker"),
    ("other", "Other"),
]
# The registry's links are the team's; the legal status and the resources (AAH, AEEH tell a disability) are
# restricted further to the social workers (and the managers, who imply them).
TEAM_GROUP = "imlr_odoo.group_imlr_user"
SOCIAL_GROUP = "imlr_odoo.group_imlr_social_worker"


class ResPartner(models.Model):
    """Households and the persons who make them up are contacts (address, chatter, invoicing)."""

    _inherit = "res.partner"

    is_household = fields.Boolean(string="Household", index=True, tracking=True)
    is_imlr_person = fields.Boolean(string="Supported person", index=True)

    # person
    birthdate = fields.Date(string="Birth date", tracking=True)
    gender = fields.Selection(selection=[("female", "Female"), ("male", "Male"), ("other", "Other")], tracking=True)
    nationality_id = fields.Many2one(comodel_name="res.country")
    membership_ids = fields.One2many(
        comodel_name="imlr.household.member", inverse_name="partner_id", string="Households", groups=TEAM_GROUP
    )
    legal_status_ids = fields.One2many(
        comodel_name="imlr.legal.status",
        inverse_name="partner_id",
        string="Legal status history",
        groups=SOCIAL_GROUP,
    )
    legal_status = fields.Selection(
        selection=LEGAL_STATUSES, compute="_compute_legal_status", string="Current legal status", groups=SOCIAL_GROUP
    )
    permit_expiry_date = fields.Date(
        compute="_compute_legal_status", string="Residence permit expiry", groups=SOCIAL_GROUP
    )
    current_household_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_current_household_id",
        string="Current household",
        groups=TEAM_GROUP,
    )

    # household
    household_member_ids = fields.One2many(
        comodel_name="imlr.household.member", inverse_name="household_id", string="Members (history)", groups=TEAM_GROUP
    )
    current_member_ids = fields.Many2many(
        comodel_name="res.partner",
        compute="_compute_current_member_ids",
        search="_search_current_member_ids",
        string="Current members",
        groups=TEAM_GROUP,
    )
    current_member_count = fields.Integer(compute="_compute_current_member_ids", string="Members", groups=TEAM_GROUP)
    reference_person_id = fields.Many2one(
        comodel_name="res.partner", compute="_compute_current_member_ids", string="Reference person", groups=TEAM_GROUP
    )
    # resources tell AAH / AEEH (disability), hence health: social workers only, like the legal status
    household_resource_ids = fields.One2many(
        comodel_name="imlr.household.resource",
        inverse_name="household_id",
        string="Household resources",
        groups=SOCIAL_GROUP,
    )
    stay_ids = fields.One2many(comodel_name="imlr.stay", inverse_name="household_id", string="Stays", groups=TEAM_GROUP)
    stay_count = fields.Integer(compute="_compute_stay_count", groups=TEAM_GROUP)
    # of the latest stay and its latest sublease: stored (households are grouped by them), and not depending on
    # today's date
    imlr_social_worker_id = fields.Many2one(
        comodel_name="res.users",
        string="Referent social worker",
        compute="_compute_imlr_latest_stay",
        store=True,
        groups=TEAM_GROUP,
        help="The referent of the household's latest stay.",
    )
    imlr_sector_id = fields.Many2one(
        comodel_name="imlr.sector",
        string="Household sector",
        compute="_compute_imlr_latest_stay",
        store=True,
        groups=TEAM_GROUP,
        help="The sector of the dwelling of the household's latest sublease.",
    )

    _sql_constraints = [
        (
            "imlr_household_not_person",
            "CHECK (NOT (is_household AND is_imlr_person))",
            "A contact cannot be both a household and a supported person.",
        ),
    ]

    @api.depends_context("date")
    @api.depends("household_member_ids.date_start", "household_member_ids.date_end", "household_member_ids.role")
    def _compute_current_member_ids(self):
        today = self._imlr_today()
        for partner in self:
            current = partner.household_member_ids.filtered(lambda m: m._is_active_at(today))
            partner.current_member_ids = current.partner_id
            partner.current_member_count = len(current.partner_id)
            partner.reference_person_id = current.filtered(lambda m: m.role == "reference")[:1].partner_id

    def _search_current_member_ids(self, operator, value):
        member_domain = self.env["imlr.household.member"]._domain_active_at(self._imlr_today())
        return [("household_member_ids", "any", [("partner_id", operator, value), *member_domain])]

    @api.depends_context("date")
    @api.depends("membership_ids.date_start", "membership_ids.date_end")
    def _compute_current_household_id(self):
        today = self._imlr_today()
        for partner in self:
            partner.current_household_id = partner.membership_ids.filtered(lambda m: m._is_active_at(today))[
                :1
            ].household_id

    @api.depends_context("date")
    @api.depends("legal_status_ids.date_start", "legal_status_ids.status", "legal_status_ids.permit_expiry_date")
    def _compute_legal_status(self):
        today = self._imlr_today()
        for partner in self:
            in_force = partner.legal_status_ids.filtered(lambda row: row.date_start and row.date_start <= today)
            current = in_force.sorted(lambda row: row.date_start, reverse=True)[:1]
            partner.legal_status = current.status
            partner.permit_expiry_date = current.permit_expiry_date

    @api.depends("stay_ids")
    def _compute_stay_count(self):
        counts = dict(
            self.env["imlr.stay"]._read_group([("household_id", "in", self.ids)], ["household_id"], ["__count"])
        )
        for partner in self:
            partner.stay_count = counts.get(partner, 0)

    @api.depends("stay_ids.date_entry", "stay_ids.social_worker_id", "stay_ids.sublease_ids.dwelling_id.sector_id")
    def _compute_imlr_latest_stay(self):
        for partner in self:
            stay = partner.stay_ids.sorted(lambda stay: (stay.date_entry, stay.id))[-1:]
            sublease = stay.sublease_ids.sorted(lambda sublease: (sublease.date_start, sublease.id))[-1:]
            partner.imlr_social_worker_id = stay.social_worker_id
            partner.imlr_sector_id = sublease.dwelling_id.sector_id

    @api.model
    def default_get(self, fields_list):
        """A new contact reads in the association's language (its parent's, if any), not in the database's
        default nor in the language of whoever records it: avis, quittances and contracts follow it."""
        values = super().default_get(fields_list)
        if "lang" in fields_list and "default_lang" not in self.env.context and not values.get("parent_id"):
            values["lang"] = self.env.company._imlr_lang()
        return values

    @api.model_create_multi
    def create(self, vals_list):
        """Households and persons belong to the company of whoever records them: Odoo's partner rule then keeps
        them out of the other companies (plain contacts keep Odoo's default, shared by all)."""
        context = self.env.context
        for vals in vals_list:
            registry_partner = vals.get("is_household", context.get("default_is_household")) or vals.get(
                "is_imlr_person", context.get("default_is_imlr_person")
            )
            if registry_partner and "company_id" not in vals:
                vals["company_id"] = self.env.company.id
        return super().create(vals_list)

    def _imlr_today(self):
        """The date "current" fields are computed for: today, or the context's ``date``."""
        return fields.Date.to_date(self.env.context.get("date")) or fields.Date.context_today(self)

    def action_open_stays(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_stay_action")
        action["domain"] = [("household_id", "=", self.id)]
        action["context"] = {"default_household_id": self.id}
        return action

    def _imlr_social_worker(self):
        """The referent social worker of this person's (or household's) current stay."""
        self.ensure_one()
        household = self if self.is_household else self.current_household_id
        today = self._imlr_today()
        return household.stay_ids.filtered(lambda stay: stay._is_present_at(today))[:1].social_worker_id

    def _imlr_count_by_household(self, model):
        return dict(self.env[model]._read_group([("household_id", "in", self.ids)], ["household_id"], ["__count"]))

    def action_open_members(self):
        """The persons who are members today (the history is on the Members tab)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_person_action")
        action["domain"] = [("id", "in", self.current_member_ids.ids)]
        action["context"] = {"create": False}
        return action
