from collections import Counter

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

TYPOLOGIES = [("t1", "T1"), ("t2", "T2"), ("t3", "T3"), ("t4", "T4"), ("t5", "T5"), ("t6", "T6+")]


class ImlrDwelling(models.Model):
    """A dwelling the association rents from a landlord; its address is a contact's."""

    _name = "imlr.dwelling"
    _inherits = {"res.partner": "partner_id"}
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Dwelling"
    _order = "name"

    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Address contact", required=True, ondelete="restrict", index=True
    )
    typology = fields.Selection(selection=TYPOLOGIES, required=True, tracking=True)
    surface = fields.Float(string="Surface (m²)", digits=(6, 1))
    floor = fields.Integer()
    sector_id = fields.Many2one(comodel_name="imlr.sector", required=True, tracking=True)
    landlord_id = fields.Many2one(comodel_name="res.partner", tracking=True)
    landlord_type = fields.Selection(
        selection=[("social", "Social landlord"), ("private", "Private landlord")], tracking=True
    )
    place_ids = fields.One2many(comodel_name="imlr.place", inverse_name="dwelling_id", string="Places")
    place_count = fields.Integer(compute="_compute_place_count")
    is_colocation = fields.Boolean(string="Colocation", compute="_compute_is_colocation", store=True)
    occupied_place_count = fields.Integer(string="Occupied places", compute="_compute_place_states")
    vacant_place_count = fields.Integer(string="Vacant places", compute="_compute_place_states")
    blocked_place_count = fields.Integer(string="Blocked places", compute="_compute_place_states")
    lease_count = fields.Integer(compute="_compute_lease_count")
    lease_ids = fields.One2many(comodel_name="imlr.lease", inverse_name="dwelling_id", string="Main leases")
    date_captation = fields.Date(
        string="Taken into stock", compute="_compute_lease_dates", store=True, help="Start of the first main lease."
    )
    date_returned = fields.Date(
        string="Returned to landlord",
        compute="_compute_lease_dates",
        store=True,
        help="End of the last main lease, once it has ended.",
    )
    return_reason = fields.Selection(
        selection=lambda self: self.env["imlr.lease"]._fields["end_reason"].selection,
        compute="_compute_lease_dates",
        store=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", default=lambda self: self.env.company, index=True)

    incident_count = fields.Integer(string="Open incidents", compute="_compute_incident_count")

    def _count_by_dwelling(self, model, domain=()):
        """{dwelling: count} of ``model``'s records of these dwellings, in one grouped query."""
        return dict(
            self.env[model]._read_group(
                [("dwelling_id", "in", self._origin.ids), *domain], ["dwelling_id"], ["__count"]
            )
        )

    @api.depends("place_ids")
    def _compute_place_count(self):
        counts = self._count_by_dwelling("imlr.place")
        for dwelling in self:
            dwelling.place_count = counts.get(dwelling._origin, 0)

    def _compute_incident_count(self):
        """The incidents still to handle (neither resolved nor cancelled)."""
        counts = self._count_by_dwelling("imlr.incident", [("state", "not in", ("resolved", "cancelled"))])
        for dwelling in self:
            dwelling.incident_count = counts.get(dwelling._origin, 0)

    @api.depends_context("date")
    def _compute_place_states(self):
        """Places by state today, for the kanban, in one pass over all the dwellings shown."""
        places = self._origin.place_ids
        states = self.env["imlr.housing.stock"]._place_states([("id", "in", places.ids)], places._state_date())
        for dwelling in self:
            counts = Counter(states[place.id][0] for place in dwelling._origin.place_ids)
            dwelling.occupied_place_count = counts["occupied"]
            dwelling.vacant_place_count = counts["vacant"]
            dwelling.blocked_place_count = counts["blocked"]

    @api.depends("lease_ids")
    def _compute_lease_count(self):
        counts = self._count_by_dwelling("imlr.lease")
        for dwelling in self:
            dwelling.lease_count = counts.get(dwelling._origin, 0)

    @api.depends("place_ids.kind")
    def _compute_is_colocation(self):
        for dwelling in self:
            dwelling.is_colocation = any(place.kind == "room" for place in dwelling.place_ids)

    @api.depends("lease_ids.date_start", "lease_ids.date_end", "lease_ids.end_reason")
    def _compute_lease_dates(self):
        for dwelling in self:
            leases = dwelling.lease_ids.sorted("date_start")
            dwelling.date_captation = leases[:1].date_start
            dwelling.date_returned = leases[-1:].date_end
            dwelling.return_reason = leases[-1:].end_reason

    @api.model
    def default_get(self, fields_list):
        """A dwelling's contact is an address, not a person: a company by default (the form, ``create`` and the
        import's defaults read once per file all take it from here)."""
        values = super().default_get(fields_list)
        if "is_company" in fields_list and "default_is_company" not in self.env.context:
            values["is_company"] = True
        return values

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("place_ids"):
                # a dwelling let as a whole is its own single place
                vals["place_ids"] = [Command.create({"kind": "whole"})]
        return super().create(vals_list)

    def write(self, vals):
        if "company_id" in vals:
            moved = self.filtered(
                lambda dwelling: (
                    (dwelling.lease_ids or dwelling.place_ids.sublease_ids)
                    and dwelling.company_id.id != vals["company_id"]
                )
            )
            if moved:
                # its leases, subleases and the entries on them belong to the company: the dwelling stays with them
                raise UserError(
                    self.env._(
                        "The dwelling %(dwelling)s has main leases or subleases in %(company)s: its company cannot "
                        "change.",
                        dwelling=moved[0].display_name,
                        company=moved[0].company_id.display_name,
                    )
                )
        return super().write(vals)

    def action_open_places(self):
        return self._open_lines("imlr_odoo.imlr_place_action")

    def action_open_leases(self):
        return self._open_lines("imlr_odoo.imlr_lease_action")

    def action_open_occupancy(self):
        """Who lives there: the subleases of the dwelling, those in force today first (search filter)."""
        action = self._open_lines("imlr_odoo.imlr_sublease_action")
        action["context"] = {"create": False, "search_default_current": 1}
        return action

    def _open_lines(self, xmlid):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("dwelling_id", "=", self.id)]
        action["context"] = {"default_dwelling_id": self.id}
        return action
