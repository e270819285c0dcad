from . import job_lock, periods, rows
