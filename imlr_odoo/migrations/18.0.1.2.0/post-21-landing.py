"""The IML team lands on the IML dashboard after login (issue #20), not in Discuss: the internal users of an IML
group who chose no home action get the dashboard."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    groups = env.ref("imlr_odoo.group_imlr_user") | env.ref("imlr_odoo.group_imlr_reader")
    users = env["res.users"].search([("share", "=", False), ("action_id", "=", False), ("groups_id", "in", groups.ids)])
    users.write({"action_id": env.ref("imlr_odoo.imlr_dashboard_action").id})
