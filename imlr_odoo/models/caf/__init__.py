from . import res_partner
from . import res_company
from . import res_config_settings
from . import account_move
from . import imlr_caf_statement
from . import imlr_caf_statement_line
from . import account_bank_statement_line
