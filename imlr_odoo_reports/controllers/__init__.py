from . import annual_report_export
