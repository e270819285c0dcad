from odoo import api, fields, models

# The IML roles as one choice, most rights first: the groups are not one chain (the psychologist alone reads the
# psychological notes, the reader is no team member), so Odoo shows them as checkboxes in developer mode only.
IMLR_ROLES = [
    ("manager", "Manager"),
    ("psychologist", "Psychologist"),
    ("social_worker", "Social worker"),
    ("rent_manager", "Rent manager"),
    ("user", "Team member"),
    ("reader", "Reader / funder"),
]
IMLR_ROLE_GROUPS = {role: f"imlr_odoo.group_imlr_{role}" for role, _label in IMLR_ROLES}
# A reader or funder sees aggregates only: no accounting (invoices name every household), whatever the default
# user template gives (account makes every new user an "Invoicing administrator").
READER_REMOVED_CATEGORIES = ("base.module_category_accounting_accounting",)
# the first screen after login: the team's dashboard; a reader, who sees no household, the annual reports
LANDING_ACTIONS = {"reader": "imlr_odoo_reports.imlr_annual_report_action"}
TEAM_LANDING_ACTION = "imlr_odoo.imlr_dashboard_action"


class ResUsers(models.Model):
    _inherit = "res.users"

    imlr_role = fields.Selection(
        selection=IMLR_ROLES,
        string="IML Réfugiés",
        compute="_compute_imlr_role",
        inverse="_inverse_imlr_role",
        help="The user's role in the IML app; empty: no access to it. A reader / funder gets no accounting rights.",
    )

    @api.depends("groups_id")
    def _compute_imlr_role(self):
        groups = {role: self.env.ref(xmlid, raise_if_not_found=False) for role, xmlid in IMLR_ROLE_GROUPS.items()}
        for user in self:
            user.imlr_role = next(
                (role for role, _label in IMLR_ROLES if groups[role] and groups[role] in user.groups_id), False
            )

    def _inverse_imlr_role(self):
        imlr_groups = self.env["res.groups"].concat(
            *(
                self.env.ref(xmlid, raise_if_not_found=False) or self.env["res.groups"]
                for xmlid in IMLR_ROLE_GROUPS.values()
            )
        )
        accounting = self.env["res.groups"].search(
            [("category_id", "in", [self.env.ref(xmlid).id for xmlid in READER_REMOVED_CATEGORIES])]
        )
        roles = {user: user.imlr_role for user in self}  # read before the groups change, which recomputes it
        for user, role in roles.items():
            removed = imlr_groups | (accounting if role == "reader" else self.env["res.groups"])
            commands = [fields.Command.unlink(group.id) for group in removed & user.groups_id]
            if role:
                commands.append(fields.Command.link(self.env.ref(IMLR_ROLE_GROUPS[role]).id))
            vals = {"groups_id": commands}
            landing = role and self._imlr_landing_action(role)
            if landing and not user.action_id:
                # the IML team starts its day on its first screen, not in Discuss
                vals["action_id"] = landing.id
            user.write(vals)
        self.invalidate_recordset(["imlr_role"])

    @api.model
    def _imlr_landing_action(self, role):
        """The action a user of ``role`` lands on after login (none when the reports addon is not installed, for
        a reader)."""
        return self.env.ref(LANDING_ACTIONS.get(role, TEAM_LANDING_ACTION), raise_if_not_found=False)
