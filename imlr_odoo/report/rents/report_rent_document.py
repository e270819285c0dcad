from odoo import api, models


class ReportRentDocument(models.AbstractModel):
    """What the rent documents of rent invoices print (avis d'échéance, quittance, reçu): every figure comes
    from ``account.move._imlr_rent_document_values``; each document's report model inherits this one."""

    _name = "report.imlr_odoo.rent_document"
    _description = "Rent document (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        moves = self.env["account.move"].browse(docids)
        self._check_documents(moves)
        return {
            "doc_ids": docids,
            "doc_model": "account.move",
            "docs": moves,
            "rent_values": moves._imlr_rent_document_values(),
            # the association's signatory and payment means, by company
            "document_settings": {company.id: company._imlr_rent_document_settings() for company in moves.company_id},
        }

    @api.model
    def _check_documents(self, moves):
        """Raise when the document may not be printed for ``moves``."""
