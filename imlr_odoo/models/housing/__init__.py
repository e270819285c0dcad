from . import imlr_sector
from . import imlr_dwelling
from . import imlr_place
from . import imlr_place_block
from . import imlr_lease
