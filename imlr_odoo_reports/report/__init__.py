from . import imlr_place_occupancy
from . import imlr_stay_movement
