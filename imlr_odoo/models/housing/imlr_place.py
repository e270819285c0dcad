from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .imlr_dwelling import TYPOLOGIES

# the order a sublease's place choice offers the places in: free ones first
CHOICE_ORDER = {"vacant": 0, "occupied": 1, "blocked": 2, "unavailable": 3}


class ImlrPlace(models.Model):
    """A lettable unit: a whole dwelling, or one room of a colocation."""

    _name = "imlr.place"
    _inherit = ["mail.thread"]
    _description = "Place"
    _order = "dwelling_id, room_number, id"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    dwelling_id = fields.Many2one(comodel_name="imlr.dwelling", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(
        selection=[("whole", "Whole dwelling"), ("room", "Colocation room")], required=True, default="whole"
    )
    room_number = fields.Integer(help="Number of the room in a colocation.")
    typology = fields.Selection(
        selection=[*TYPOLOGIES, ("room", "Room")],
        compute="_compute_typology",
        store=True,
        help="The dwelling's typology, or Room for a colocation room.",
    )
    sector_id = fields.Many2one(related="dwelling_id.sector_id", store=True)
    company_id = fields.Many2one(related="dwelling_id.company_id", store=True)
    block_ids = fields.One2many(comodel_name="imlr.place.block", inverse_name="place_id", string="Blocked periods")
    sublease_ids = fields.One2many(comodel_name="imlr.sublease", inverse_name="place_id", string="Subleases")
    state = fields.Selection(
        selection=[
            ("occupied", "Occupied"),
            ("vacant", "Vacant"),
            ("blocked", "Blocked"),
            ("unavailable", "Not under lease"),
        ],
        compute="_compute_state",
        search="_search_state",
        help="Situation today (or on the context's date).",
    )
    current_household_id = fields.Many2one(comodel_name="res.partner", compute="_compute_state")

    _sql_constraints = [
        ("room_unique", "UNIQUE (dwelling_id, room_number)", "Two places of a dwelling cannot share a room number."),
        (
            "room_number_check",
            "CHECK ((kind = 'room') = (room_number IS NOT NULL AND room_number > 0))",
            "Colocation rooms, and only they, have a room number.",
        ),
    ]

    @api.depends("kind", "room_number", "dwelling_id.name", "company_id")
    def _compute_name(self):
        for place in self:
            if place.kind == "room":
                # a stored name: in the association's language (« chambre 1 »), whoever creates the room
                place.name = place.with_context(lang=place.company_id._imlr_lang()).env._(
                    "%(dwelling)s — room %(room)s", dwelling=place.dwelling_id.name, room=place.room_number
                )
            else:
                place.name = place.dwelling_id.name

    @api.depends_context("imlr_place_choice", "date")
    def _compute_display_name(self):
        """In a sublease's place choice (context ``imlr_place_choice``), each place says its state on the
        sublease's start (context ``date``): « chambre 1 — Vacant »."""
        if not self.env.context.get("imlr_place_choice"):
            return super()._compute_display_name()
        states = dict(self._fields["state"]._description_selection(self.env))
        for place in self:
            place.display_name = f"{place.name} — {states.get(place.state, '')}" if place.state else place.name
        return None

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """In a sublease's place choice, the free places come first, then the occupied, blocked and out-of-lease
        ones."""
        if not self.env.context.get("imlr_place_choice"):
            return super().name_search(name, args, operator, limit)
        found = super().name_search(name, args, operator, limit=None)
        places = self.browse([place_id for place_id, _name in found])
        rank = {place.id: CHOICE_ORDER.get(place.state, len(CHOICE_ORDER)) for place in places}
        ordered = sorted(found, key=lambda row: rank[row[0]])
        return ordered[:limit] if limit else ordered

    def _imlr_usual_amounts(self, date):
        """(rent, charges) a new sublease of this place starts from: those of the place's last sublease, else of
        the dwelling's, else the share per place of the main lease in force on ``date`` (or the last one)."""
        self.ensure_one()
        Sublease = self.env["imlr.sublease"]
        previous = Sublease.search([("place_id", "=", self.id)], order="date_start desc, id desc", limit=1)
        previous = previous or Sublease.search(
            [("dwelling_id", "=", self.dwelling_id.id)], order="date_start desc, id desc", limit=1
        )
        if previous:
            return previous.rent, previous.charges
        leases = self.dwelling_id.lease_ids.sorted("date_start")
        lease = (
            leases.filtered(lambda lease: lease.date_start <= date and (not lease.date_end or lease.date_end >= date))[
                -1:
            ]
            or leases[-1:]
        )
        if not lease:
            return 0.0, 0.0
        share = max(len(self.dwelling_id.place_ids), 1)
        currency = lease.currency_id
        return currency.round(lease.rent / share), currency.round((lease.charges or 0.0) / share)

    def action_new_lease(self):
        """The form of a new main lease of this place's dwelling (a place out of any lease cannot be sub-let)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("imlr_odoo.imlr_lease_action")
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "target": "current",
                "context": {
                    "default_dwelling_id": self.dwelling_id.id,
                    "default_date_start": self.env.context.get("date") or fields.Date.context_today(self),
                },
            }
        )
        return action

    @api.depends("kind", "dwelling_id.typology")
    def _compute_typology(self):
        for place in self:
            place.typology = "room" if place.kind == "room" else place.dwelling_id.typology

    def _state_date(self):
        return fields.Date.to_date(self.env.context.get("date")) or fields.Date.context_today(self)

    @api.depends_context("date")
    def _compute_state(self):
        states = self.env["imlr.housing.stock"]._place_states([("id", "in", self._origin.ids)], self._state_date())
        for place in self:
            place.state, place.current_household_id = states.get(place._origin.id, (False, False))

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(self.env._("Unsupported search on the place state: %s", operator))
        values = {value} if isinstance(value, str) else set(value or ())
        states = self.env["imlr.housing.stock"]._place_states([], self._state_date())
        matching = [place_id for place_id, (state, _household) in states.items() if state in values]
        return [("id", "in" if operator in ("=", "in") else "not in", matching)]

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind == "whole":
            self.room_number = False

    @api.constrains("dwelling_id", "kind")
    def _check_whole_or_rooms(self):
        for dwelling in self.dwelling_id:
            kinds = dwelling.place_ids.mapped("kind")
            if "whole" in kinds and len(kinds) > 1:
                raise ValidationError(
                    self.env._(
                        "%s is either let as a whole (one place) or as colocation rooms, not both.",
                        dwelling.display_name,
                    )
                )
