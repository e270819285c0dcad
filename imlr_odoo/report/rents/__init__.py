from . import report_rent_document
from . import report_rent_notice
from . import report_rent_quittance
from . import report_rent_receipt
from . import report_sublease_contract
