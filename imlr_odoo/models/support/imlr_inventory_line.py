from odoo import fields, models

CONDITIONS = [
    ("new", "New"),
    ("good", "Good"),
    ("fair", "Normal wear"),
    ("poor", "Poor"),
]


class ImlrInventoryLine(models.Model):
    """An item of a room in an inventory, with its condition."""

    _name = "imlr.inventory.line"
    _description = "Inventory line"
    _order = "inventory_id, sequence, id"
    _rec_name = "item"

    inventory_id = fields.Many2one(comodel_name="imlr.inventory", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    room = fields.Char(required=True)
    item = fields.Char(required=True)
    condition = fields.Selection(selection=CONDITIONS)
    condition_entry = fields.Selection(
        selection=CONDITIONS,
        string="Condition at entry",
        help="Copied from the entry inventory, to compare at exit.",
    )
    note = fields.Char(string="Observations")
