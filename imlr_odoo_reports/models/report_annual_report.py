from odoo import api, models


class ReportAnnualReport(models.AbstractModel):
    """Values of the QWeb annual report: the record's figures and the shared layout."""

    _name = "report.imlr_odoo_reports.report_annual"
    _description = "Annual activity report (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["imlr.annual.report"].browse(docids)
        builder = self.env["imlr.annual.report.data"]
        return {
            "doc_ids": docids,
            "doc_model": "imlr.annual.report",
            "docs": reports,
            "layouts": {
                report.id: builder.with_context(lang=report._report_lang()).layout(report._report_data())
                for report in reports
            },
            "qualities": {report.id: report._report_data()["data_quality"] for report in reports},
        }
