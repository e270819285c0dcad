from . import imlr_resource_type
from . import res_partner
from . import imlr_household_member
from . import imlr_legal_status
from . import imlr_household_resource
