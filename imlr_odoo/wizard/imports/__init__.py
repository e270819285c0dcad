from . import imlr_import_wizard
from . import imlr_import_progress
