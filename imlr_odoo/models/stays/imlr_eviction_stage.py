from odoo import fields, models

EVICTION_STAGES = [
    ("payment_order", "Commandement de payer"),
    ("summons", "Assignation"),
    ("judgment", "Jugement"),
    ("order_to_leave", "Commandement de quitter les lieux"),
    ("police_assistance", "Concours de la force publique"),
    ("closed", "Procedure closed"),
]


class ImlrEvictionStage(models.Model):
    """A dated stage of an eviction procedure; the household is in a procedure until a "closed" stage."""

    _name = "imlr.eviction.stage"
    _description = "Eviction procedure stage"
    _order = "stay_id, date, id"

    stay_id = fields.Many2one(comodel_name="imlr.stay", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True)
    stage = fields.Selection(selection=EVICTION_STAGES, required=True)
    note = fields.Char()
