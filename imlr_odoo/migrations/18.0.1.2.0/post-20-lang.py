"""French everywhere (issue #20): a database created before French was loaded holds English as every contact's
default, so households, landlords and users read "Rent notice" and "10/01/2024". The French companies, their
contacts and users left in English become French; the stored record names are rewritten with dates as the
association reads them (« 05/12/2026 », not ISO) and colocation rooms as « chambre 1 » (a room renamed by hand
is left alone)."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

# models whose stored name holds a date or a translated word
NAMED_MODELS = (
    "imlr.stay",
    "imlr.sublease",
    "imlr.lease",
    "imlr.support.contract",
    "imlr.support.amendment",
    "imlr.psychological.support",
    "imlr.inventory",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    env["res.company"]._imlr_adopt_french()
    rooms = env["imlr.place"].search([("kind", "=", "room")])
    generated = rooms.filtered(lambda room: room.name == f"{room.dwelling_id.name} — room {room.room_number}")
    env.add_to_compute(rooms._fields["name"], generated)
    for model in NAMED_MODELS:
        records = env[model].search([])
        env.add_to_compute(records._fields["name"], records)
    env.flush_all()
    _logger.info("IML: names of %s rooms and of the stays, subleases, leases and contracts rewritten.", len(generated))
