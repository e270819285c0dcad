from . import imlr_date_range_mixin
from . import imlr_code_list_mixin
from . import imlr_program
from . import res_company
from . import res_users
