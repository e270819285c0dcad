from odoo import api, models


class ReportSubleaseContract(models.AbstractModel):
    """Values of the printed contrat de sous-location: the household's members on its first day, the
    first month's figures (expected APL, reste à charge) as the monthly amounts."""

    _name = "report.imlr_odoo.report_sublease_contract"
    _description = "Sublease contract (QWeb)"

    @api.model
    def _get_report_values(self, docids, data=None):
        subleases = self.env["imlr.sublease"].browse(docids)
        order = {"reference": 0, "spouse": 1, "other_adult": 2, "child": 3}
        members = {}
        for sublease in subleases:
            active = sublease.household_id.household_member_ids.filtered(
                lambda member, day=sublease.date_start: member._is_active_at(day)
            )
            members[sublease.id] = active.sorted(
                lambda member, day=sublease.date_start: (order.get(member.role, 9), member.birthdate or day)
            )
        return {
            "doc_ids": docids,
            "doc_model": "imlr.sublease",
            "docs": subleases,
            "members_by_doc": members,
            "to_pay": {
                sublease.id: sublease.currency_id.round(
                    max(sublease.rent + sublease.charges - sublease.apl_expected, 0.0)
                )
                for sublease in subleases
            },
        }
