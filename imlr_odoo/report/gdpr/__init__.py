from . import report_gdpr_export
