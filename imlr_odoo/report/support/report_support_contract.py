from odoo import api, models


class ReportSupportContract(models.AbstractModel):
    """Values of the printed support contract: the household's members on the contract's start."""

    _name = "report.imlr_odoo.report_support_contract"
    _description = "Support contract (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        contracts = self.env["imlr.support.contract"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "imlr.support.contract",
            "docs": contracts,
            "members_by_doc": {contract.id: contract._members_at(contract.date_start) for contract in contracts},
        }
