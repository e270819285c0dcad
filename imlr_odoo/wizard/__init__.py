from . import imlr_import_wizard
from . import imlr_rent_run_wizard
from . import imlr_rent_run_wizard_line
from . import imlr_rent_payment_wizard
