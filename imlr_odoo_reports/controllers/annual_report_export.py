from odoo import http
from odoo.http import content_disposition, request

MIMETYPES = {
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class AnnualReportExportController(http.Controller):
    """An annual report's JSON or XLSX export, made for the user who downloads it under their own rights (a
    reader or funder gets it without the data-quality list's names) and stored nowhere."""

    @http.route("/imlr_reports/annual_report/<int:report_id>/<string:fmt>", type="http", auth="user", methods=["GET"])
    def annual_report_export(self, report_id, fmt):
        if fmt not in MIMETYPES:
            raise request.not_found()
        report = request.env["imlr.annual.report"].browse(report_id)
        report.check_access("read")
        content = report._json_bytes() if fmt == "json" else report._xlsx_bytes()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", MIMETYPES[fmt]),
                ("Content-Disposition", content_disposition(f"{report.name}.{fmt}")),
                ("Cache-Control", "no-store"),
            ],
        )
