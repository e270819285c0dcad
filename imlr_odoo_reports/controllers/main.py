from odoo import http
from odoo.http import content_disposition, request


class AnnualReportController(http.Controller):
    @http.route("/imlr/annual_report/<int:report_id>/export/<string:extension>", type="http", auth="user")
    def export(self, report_id, extension):
        """The report's XLSX or JSON export, streamed under the user's read access and never stored."""
        report = request.env["imlr.annual.report"].browse(report_id).exists()
        if not report or extension not in ("json", "xlsx"):
            raise request.not_found()
        content, mimetype, filename = report._export(extension)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )
