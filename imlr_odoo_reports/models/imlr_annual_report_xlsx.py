import io

import xlsxwriter

from odoo import api, models

SHEET_NAME_MAX = 31  # Excel's limit


class ImlrAnnualReportXlsx(models.AbstractModel):
    """The annual report as an XLSX workbook: a summary sheet, then one sheet per table, named by its title."""

    _name = "imlr.annual.report.xlsx"
    _description = "Annual report XLSX export"

    @api.model
    def render(self, data):
        layout = self.env["imlr.annual.report.data"].layout(data)
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        summary = workbook.add_worksheet(self.env._("Summary")[:SHEET_NAME_MAX])
        summary.set_column(0, 0, 120)
        summary.write(0, 0, layout["title"], bold)
        lines = [layout["provisional"], *layout["headlines"].values()]
        for row, text in enumerate(filter(None, lines), start=2):
            summary.write(row, 0, text, wrap)
        for section in layout["sections"]:
            sheet = workbook.add_worksheet(section["sheet"])
            sheet.set_column(0, 0, 60)
            sheet.set_column(1, len(section["columns"]), 18)
            sheet.write(0, 0, section["title"], bold)
            if section["missing"]:
                sheet.write(2, 0, layout["not_in_report"])
                continue
            sheet.write(2, 0, layout["label_header"], bold)
            for col, column in enumerate(section["columns"], start=1):
                sheet.write(2, col, column["label"], bold)
            for row, values in enumerate(section["rows"], start=3):
                cell_format = bold if values["total"] else None
                sheet.write(row, 0, values["label"], cell_format)
                for col, (value, text) in enumerate(values["cells"], start=1):
                    sheet.write(row, col, text if value is None else value, cell_format)
            if section["note"]:
                sheet.write(len(section["rows"]) + 4, 0, section["note"])
        if layout["quality"] is not None:  # None: not for this reader (it names households)
            quality = workbook.add_worksheet(layout["quality_title"][:SHEET_NAME_MAX])
            quality.set_column(0, 2, 50)
            base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
            for row, issue in enumerate(layout["quality"]):
                quality.write(row, 0, issue["name"])
                quality.write(row, 1, issue["problem"])
                quality.write_url(row, 2, f"{base_url}{issue['href']}", string=issue["href"])
        workbook.close()
        return output.getvalue()
