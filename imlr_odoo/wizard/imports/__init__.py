from . import imlr_import_wizard
