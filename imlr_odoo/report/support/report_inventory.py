from odoo import api, models


class ReportInventory(models.AbstractModel):
    """Values of the printed inventory: its lines room by room, its photos."""

    _name = "report.imlr_odoo.report_inventory"
    _description = "Inventory of fixtures (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        inventories = self.env["imlr.inventory"].browse(docids)
        rooms = {}
        for inventory in inventories:
            by_room = {}
            for line in inventory.line_ids:
                by_room.setdefault(line.room, self.env["imlr.inventory.line"])
                by_room[line.room] |= line
            rooms[inventory.id] = list(by_room.items())
        return {
            "doc_ids": docids,
            "doc_model": "imlr.inventory",
            "docs": inventories,
            "rooms": rooms,
            "photos": {
                inventory.id: inventory.photo_ids.filtered(lambda a: (a.mimetype or "").startswith("image/"))
                for inventory in inventories
            },
        }
