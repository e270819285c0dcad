from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from ...tools import job_lock
from ...tools.cron import in_association_language

INVENTORY_TYPES = [("entry", "Entry"), ("pre_exit", "Pre-exit"), ("exit", "Exit")]
PRE_EXIT_NOTICE_DAYS = 45  # the pre-exit inventory is planned this many days before a sublease ends
PRE_EXIT_LEAD_DAYS = 15  # ... and done at the latest this many days before


class ImlrInventory(models.Model):
    """An état des lieux of a sublet place: at entry, before exit (in view of a glissement de bail), at exit.

    Rooms and items are its lines, photos its attachments; the printed inventory is signed by both parties,
    and once ``date_signed`` is set the PDF printed is kept as an attachment.
    """

    _name = "imlr.inventory"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Inventory of fixtures (état des lieux)"
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    sublease_id = fields.Many2one(
        comodel_name="imlr.sublease", required=True, ondelete="restrict", index=True, tracking=True
    )
    stay_id = fields.Many2one(related="sublease_id.stay_id", store=True, index=True)
    household_id = fields.Many2one(related="sublease_id.household_id", store=True, index=True)
    program_id = fields.Many2one(related="sublease_id.stay_id.program_id", store=True, index=True)
    place_id = fields.Many2one(related="sublease_id.place_id", store=True, index=True)
    dwelling_id = fields.Many2one(related="sublease_id.dwelling_id", store=True, index=True)
    company_id = fields.Many2one(related="sublease_id.company_id", store=True, index=True)
    inventory_type = fields.Selection(
        selection=INVENTORY_TYPES, string="Type", required=True, default="entry", tracking=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Done by", default=lambda self: self.env.user, tracking=True
    )
    line_ids = fields.One2many(
        comodel_name="imlr.inventory.line", inverse_name="inventory_id", string="Rooms and items"
    )
    photo_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="imlr_inventory_ir_attachment_rel",
        column1="inventory_id",
        column2="attachment_id",
        string="Photos",
    )
    keys_count = fields.Integer(string="Keys handed over")
    meter_electricity = fields.Char(string="Electricity meter")
    meter_water = fields.Char(string="Water meter")
    meter_gas = fields.Char(string="Gas meter")
    note = fields.Text(string="Observations")
    date_signed = fields.Date(string="Signed on", tracking=True, copy=False)

    _sql_constraints = [
        (
            "one_per_type",
            "UNIQUE (sublease_id, inventory_type)",
            "A sublease has one inventory of each type (entry, pre-exit, exit).",
        ),
        ("keys_positive", "CHECK (keys_count IS NULL OR keys_count >= 0)", "A number of keys cannot be negative."),
        ("signed_after", "CHECK (date_signed IS NULL OR date_signed >= date)", "An inventory is signed once done."),
    ]

    @api.depends("inventory_type", "place_id.name", "household_id.name", "date", "company_id")
    def _compute_name(self):
        for inventory in self:
            # a stored name: in the association's language, whoever records the inventory
            env = inventory.with_context(lang=inventory.company_id._imlr_lang()).env
            types = dict(self._fields["inventory_type"]._description_selection(env))
            inventory.name = env._(
                "%(type)s inventory — %(place)s — %(household)s",
                type=types.get(inventory.inventory_type, ""),
                place=inventory.place_id.name or "",
                household=inventory.household_id.name or "",
            )

    @api.constrains("sublease_id", "inventory_type", "date")
    def _check_order(self):
        """Entry, pre-exit and exit come in that order."""
        rank = {code: index for index, (code, _label) in enumerate(INVENTORY_TYPES)}
        inventories = self.search([("sublease_id", "in", self.sublease_id.ids)])
        for inventory in self:
            for other in inventories.filtered(lambda o, i=inventory: o.sublease_id == i.sublease_id and o != i):
                before = rank[other.inventory_type] < rank[inventory.inventory_type]
                if (before and other.date > inventory.date) or (not before and other.date < inventory.date):
                    raise ValidationError(
                        self.env._(
                            "%(inventory)s of %(date)s is out of order with %(other)s of %(other_date)s: "
                            "entry, pre-exit and exit inventories follow each other.",
                            inventory=inventory.name,
                            date=format_date(self.env, inventory.date),
                            other=other.name,
                            other_date=format_date(self.env, other.date),
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        inventories = super().create(vals_list)
        inventories._close_pre_exit_activities()
        inventories._link_photos()
        return inventories

    def write(self, vals):
        result = super().write(vals)
        if "inventory_type" in vals:
            self._close_pre_exit_activities()
        if "photo_ids" in vals:
            self._link_photos()
        return result

    def _link_photos(self):
        """Photos belong to their inventory: whoever may read it may read them."""
        for inventory in self:
            loose = inventory.photo_ids.filtered(lambda a: not a.res_id or a.res_model != self._name)
            loose.write({"res_model": self._name, "res_id": inventory.id})

    # ------------------------------------------------------------------ lines

    def _prepare_line_vals(self):
        """The rooms and items of a blank inventory: those of the entry inventory of the same sublease, or a
        standard list after the place's typology."""
        self.ensure_one()
        entry = self.browse()
        if self.inventory_type != "entry":
            entry = self.search([("sublease_id", "=", self.sublease_id.id), ("inventory_type", "=", "entry")], limit=1)
        if entry.line_ids:
            return [
                {"sequence": line.sequence, "room": line.room, "item": line.item, "condition_entry": line.condition}
                for line in entry.line_ids
            ]
        typology = self.place_id.typology or "t1"
        if typology == "room":
            rooms = ["bedroom", "kitchen", "bathroom", "toilet"]
            bedrooms = 1
        else:
            rooms = ["entrance", "living_room", "kitchen", "bedroom", "bathroom", "toilet"]
            bedrooms = max(int(typology[1:]) - 1, 1) if typology[1:].isdigit() else 1
        standard = self._standard_rooms()
        vals_list = []
        for code in rooms:
            room, items = standard[code]
            names = [f"{room} {n}" for n in range(1, bedrooms + 1)] if code == "bedroom" and bedrooms > 1 else [room]
            for name in names:
                vals_list.extend({"sequence": len(vals_list) + 1, "room": name, "item": item} for item in items)
        return vals_list

    def _standard_rooms(self):
        """{code: (room, items)} of a blank inventory, in the user's language."""
        common = (
            self.env._("Floor covering"),
            self.env._("Walls"),
            self.env._("Ceiling"),
            self.env._("Doors"),
            self.env._("Windows"),
            self.env._("Sockets, switches, lights"),
        )
        return {
            "entrance": (self.env._("Entrance"), common),
            "living_room": (self.env._("Living room"), common),
            "kitchen": (
                self.env._("Kitchen"),
                (*common, self.env._("Sink and taps"), self.env._("Hob"), self.env._("Cupboards")),
            ),
            "bedroom": (self.env._("Bedroom"), common),
            "bathroom": (
                self.env._("Bathroom"),
                (*common, self.env._("Washbasin"), self.env._("Shower or bath"), self.env._("Ventilation")),
            ),
            "toilet": (
                self.env._("Toilet"),
                (self.env._("Floor covering"), self.env._("Walls"), self.env._("Toilet bowl and flush")),
            ),
        }

    def action_load_lines(self):
        for inventory in self.filtered(lambda i: not i.line_ids):
            inventory.line_ids = [Command.create(vals) for vals in inventory._prepare_line_vals()]

    def action_sign_today(self):
        self.filtered(lambda inventory: not inventory.date_signed).date_signed = fields.Date.context_today(self)

    # ------------------------------------------------------------------ pre-exit activities

    def _close_pre_exit_activities(self):
        done = self.filtered(lambda inventory: inventory.inventory_type in ("pre_exit", "exit"))
        if not done:
            return
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "imlr.sublease"),
                ("res_id", "in", done.sublease_id.ids),
                ("activity_type_id", "=", self.env.ref("imlr_odoo.mail_activity_type_pre_exit_inventory").id),
            ]
        )
        if activities:
            activities.action_feedback(feedback=self.env._("Inventory done."))

    @api.model
    @in_association_language
    def _cron_schedule_pre_exit_activities(self):
        """Daily: plan the pre-exit inventory of the subleases coming to their end."""
        if not job_lock.acquire(self.env.cr, "imlr.pre.exit.inventories"):
            return
        self._schedule_pre_exit_activities(fields.Date.context_today(self))

    @api.model
    def _schedule_pre_exit_activities(self, today):
        """An activity on each sublease that ends (its own end, or its household's exit) within the notice
        period and has neither a pre-exit nor an exit inventory. Safe to run twice: one per sublease."""
        horizon = today + timedelta(days=PRE_EXIT_NOTICE_DAYS)
        done = self._search([("inventory_type", "in", ("pre_exit", "exit"))])
        subleases = self.env["imlr.sublease"].search(
            [
                ("id", "not in", done.subselect("sublease_id")),
                ("date_start", "<=", today),
                "|",
                "&",
                ("date_end", ">=", today),
                ("date_end", "<=", horizon),
                "&",
                ("date_end", "=", False),
                ("stay_id", "any", [("date_exit", ">", today), ("date_exit", "<=", horizon)]),
            ]
        )
        activity_type = self.env.ref("imlr_odoo.mail_activity_type_pre_exit_inventory")
        contracts = self.env["imlr.support.contract"]
        planned = contracts._planned_activity_ids("imlr.sublease", subleases.ids, activity_type)
        # the rent manager who did the entry inventory does the pre-exit one
        entries = self.search([("sublease_id", "in", subleases.ids), ("inventory_type", "=", "entry")])
        done_by = {entry.sublease_id.id: entry.user_id.id for entry in entries if entry.user_id}
        vals_list = []
        for sublease in subleases.filtered(lambda s: s.id not in planned):
            last_day = sublease.date_end or sublease.stay_id._last_covered_day()
            vals_list.append(
                {
                    "res_id": sublease.id,
                    "date_deadline": max(today, last_day - timedelta(days=PRE_EXIT_LEAD_DAYS)),
                    "summary": self.env._("Pre-exit inventory before %(date)s", date=last_day),
                    "user_id": done_by.get(sublease.id) or self.env.user.id,
                }
            )
        contracts._create_activities("imlr.sublease", activity_type, vals_list)
