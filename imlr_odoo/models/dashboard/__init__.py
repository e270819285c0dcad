from . import imlr_dashboard_tile
