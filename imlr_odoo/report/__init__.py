from . import support
from . import rents
from . import gdpr
