from odoo import api, models


class ReportAnnualReport(models.AbstractModel):
    """Values of the QWeb annual report: each record's layout, its figures built once per print."""

    _name = "report.imlr_odoo_reports.report_annual"
    _description = "Annual activity report (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["imlr.annual.report"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "imlr.annual.report",
            "docs": reports,
            "layouts": {report.id: report._qweb_values()["layout"] for report in reports},
        }
