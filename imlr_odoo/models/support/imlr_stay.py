from odoo import fields, models

# (count field, model) of the stay's smart buttons
SUPPORT_COUNTS = (
    ("support_contract_count", "imlr.support.contract"),
    ("intervention_count", "imlr.intervention"),
    ("inventory_count", "imlr.inventory"),
    ("psychological_support_count", "imlr.psychological.support"),
)


class ImlrStay(models.Model):
    """What the social support adds to a stay: the counts its smart buttons show, and where it stands."""

    _inherit = "imlr.stay"

    support_contract_count = fields.Integer(string="Support contracts", compute="_compute_support_counts")
    intervention_count = fields.Integer(string="Interventions", compute="_compute_support_counts")
    inventory_count = fields.Integer(string="Inventories", compute="_compute_support_counts")
    psychological_support_count = fields.Integer(string="Psychological support", compute="_compute_support_counts")

    def _compute_support_counts(self):
        """One grouped count per model, of the records the user may read."""
        for field_name, model in SUPPORT_COUNTS:
            counts = {}
            if self.env[model].has_access("read"):
                counts = dict(self.env[model]._read_group([("stay_id", "in", self.ids)], ["stay_id"], ["__count"]))
            for stay in self:
                stay[field_name] = counts.get(stay, 0)
