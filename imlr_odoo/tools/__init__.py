from . import periods, rows
