"""The IML team lands on its first screen after login (issue #20), not in Discuss: the internal users of an IML
group who chose no home action get the dashboard (a reader, the annual reports)."""

from collections import defaultdict

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    groups = env.ref("imlr_odoo.group_imlr_user") | env.ref("imlr_odoo.group_imlr_reader")
    users = env["res.users"].search([("share", "=", False), ("action_id", "=", False), ("groups_id", "in", groups.ids)])
    by_action = defaultdict(lambda: env["res.users"])
    for user in users:
        by_action[env["res.users"]._imlr_landing_action(user.imlr_role)] |= user
    for action, action_users in by_action.items():
        if action:
            action_users.write({"action_id": action.id})
