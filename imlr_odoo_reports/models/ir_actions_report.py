import io

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

ANNUAL_REPORT = "imlr_odoo_reports.report_annual"
RUNNING_FONT = "DejaVuSans"
RUNNING_FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian's fonts-dejavu-core
MARGIN = 34  # points from the page's edge to the running header and footer


def running_font():
    """DejaVu Sans (the report's font) when the system has it, else Helvetica (Latin-1 only)."""
    if RUNNING_FONT not in pdfmetrics.getRegisteredFontNames():
        try:
            pdfmetrics.registerFont(TTFont(RUNNING_FONT, RUNNING_FONT_FILE))
        except OSError:
            return "Helvetica"
    return RUNNING_FONT


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """The annual report gets its running header (association, program, period) and "page x / y" drawn on
        every page of the PDF: wkhtmltopdf's header and footer files are ignored by Debian's unpatched build."""
        streams = super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        if self._get_report(report_ref).report_name != ANNUAL_REPORT:
            return streams
        reports = self.env["imlr.annual.report"].browse([res_id for res_id in streams if res_id])
        for report in reports:
            stream = streams[report.id]["stream"]
            if not stream or not stream.getvalue().startswith(b"%PDF"):
                continue
            header = report._running_header()
            stamped = self._imlr_stamp_pages(stream.getvalue(), header, report._page_number_format())
            stream.close()
            streams[report.id]["stream"] = io.BytesIO(stamped)
        return streams

    def _imlr_stamp_pages(self, content, header, page_format):
        """``content`` with ``header`` at the top of every page and ``page_format`` % (page, pages) at the foot."""
        pdf = PdfFileReader(io.BytesIO(content), strict=False)
        pages = len(pdf.pages)
        font = running_font()
        overlay = io.BytesIO()
        canvas = None
        for number in range(pages):
            box = pdf.pages[number].mediabox
            width, height = float(box.width), float(box.height)
            if canvas is None:
                canvas = Canvas(overlay, pagesize=(width, height))
            canvas.setPageSize((width, height))
            canvas.setFont(font, 8)
            canvas.drawString(MARGIN, height - MARGIN + 10, header)
            canvas.line(MARGIN, height - MARGIN + 6, width - MARGIN, height - MARGIN + 6)
            canvas.drawRightString(width - MARGIN, MARGIN - 16, page_format % {"page": number + 1, "pages": pages})
            canvas.showPage()
        canvas.save()
        stamps = PdfFileReader(overlay, strict=False)
        output = PdfFileWriter()
        for number in range(pages):
            page = pdf.pages[number]
            page.merge_page(stamps.pages[number])
            output.add_page(page)
        result = io.BytesIO()
        output.write(result)
        return result.getvalue()
