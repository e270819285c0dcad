from . import gdpr_export
