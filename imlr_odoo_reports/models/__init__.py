from . import imlr_annual_report_data
from . import imlr_annual_report_xlsx
from . import imlr_annual_report
from . import ir_actions_report
from . import report_annual_report
