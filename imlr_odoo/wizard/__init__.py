from . import imlr_import_wizard
from . import imlr_rent_run_wizard
from . import imlr_rent_run_wizard_line
from . import imlr_caf_statement_import
from . import imlr_rent_revision_wizard
from . import imlr_rent_revision_wizard_line
from . import imlr_repayment_plan_wizard
from . import imlr_repayment_plan_wizard_line
