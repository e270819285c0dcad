from odoo import http
from odoo.http import content_disposition, request


class GdprExportController(http.Controller):
    """The right-of-access export streamed to the user who asks for it: never stored as an attachment, where
    every team member could read, rewrite or delete it."""

    @http.route("/imlr/gdpr_export/<int:partner_id>", type="http", auth="user", methods=["GET"])
    def gdpr_export(self, partner_id):
        partner = request.env["res.partner"].browse(partner_id)
        partner.check_access("read")
        content = partner._imlr_gdpr_export_json()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Disposition", content_disposition(f"gdpr-export-{partner_id}.json")),
                ("Cache-Control", "no-store"),
            ],
        )
