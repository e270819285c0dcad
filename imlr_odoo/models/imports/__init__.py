from . import imlr_import
