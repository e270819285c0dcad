from . import report_support_contract
from . import report_support_amendment
from . import report_inventory
