from . import imlr_caf_statement_import
