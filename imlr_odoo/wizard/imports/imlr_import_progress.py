from odoo import fields, models


class ImlrImportProgress(models.TransientModel):
    """How far the job of an import wizard is, in a row of its own.

    The job writes it through a cursor of its own, committed at once, while its own transaction (the import, all
    or nothing) stays open. It cannot be a field of the wizard: the job writes the wizard's outcome at the end of
    that transaction, and PostgreSQL (Odoo's transactions are REPEATABLE READ) refuses to update a row that
    another transaction changed and committed since it began ("could not serialize access")."""

    _name = "imlr.import.progress"
    _description = "Progress of a spreadsheet import"

    wizard_id = fields.Many2one(
        comodel_name="imlr.import.wizard", required=True, readonly=True, index=True, ondelete="cascade"
    )
    percent = fields.Float(readonly=True, help="Share of the rows checked and written so far.")

    _sql_constraints = [
        ("wizard_uniq", "UNIQUE (wizard_id)", "An import has one progress."),
    ]
