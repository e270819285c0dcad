from . import rents
from . import caf
from . import imports
