#!/usr/bin/env python3
"""Odoo's command line as a script file, for the servers that bench/load.py and bench/faults.py start.

``python3 -m odoo`` cannot serve with ``--workers``: Odoo starts its websocket (gevent) process by running
``sys.argv[0]`` again, which for ``-m odoo`` is ``odoo/__main__.py`` run as a plain file, whose relative import
fails. Run as ``python3 bench/odoo_server.py server …``, that process starts like the others.
"""

import os

os.environ["TZ"] = "UTC"  # as Odoo's own launcher: the server's time zone is UTC

import odoo

if __name__ == "__main__":
    odoo.cli.main()
