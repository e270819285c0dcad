from odoo import api, models

from .imlr_intervention import INTERVENTION_TYPES, VISIT_TYPES


class ImlrSupportStatistics(models.AbstractModel):
    """The support figures of the annual report, counted once here for every format.

    Each figure is one grouped query, whatever the number of households. The psychological sessions are
    confidential: they are counted as superuser, and only their number leaves this method.
    """

    _name = "imlr.support.statistics"
    _description = "Support figures of the annual report"

    @api.model
    def counts(self, program, date_from, date_to):
        """The support given to the households of ``program`` (one or more ``imlr.program``) over the period
        [``date_from``, ``date_to``], both days included:

        - ``contracts_signed``: support contracts signed in the period;
        - ``amendments``: amendments (avenants) signed in the period;
        - ``interventions``: {type: number} of every intervention type, dated in the period;
        - ``home_visits``: visits at the household's home, joint visits included;
        - ``joint_visits``: joint visits of the social worker and the rent manager;
        - ``psychological_orientations``: orientations to the psychologist proposed in the period:
          ``proposed`` (all of them) and, among them, ``accepted`` and ``refused`` so far;
        - ``psychological_sessions``: sessions held in the period (a number only: their content is
          confidential).
        """
        env = self.sudo().env
        programs = [("program_id", "in", program.ids)]

        def count(model, date_field, groupby=()):
            domain = [*programs, (date_field, ">=", date_from), (date_field, "<=", date_to)]
            return env[model]._read_group(domain, list(groupby), ["__count"])

        [(contracts,)] = count("imlr.support.contract", "date_signature")
        [(amendments,)] = count("imlr.support.amendment", "date_signature")
        interventions = {code: 0 for code, _label in INTERVENTION_TYPES}
        interventions.update(count("imlr.intervention", "date", ["intervention_type"]))
        orientations = dict(count("imlr.psychological.support", "date_proposed", ["state"]))
        sessions = env["imlr.psychological.session"]._read_group(
            [("support_id.program_id", "in", program.ids), ("date", ">=", date_from), ("date", "<=", date_to)],
            [],
            ["__count"],
        )[0][0]
        return {
            "contracts_signed": contracts,
            "amendments": amendments,
            "interventions": interventions,
            "home_visits": sum(interventions[code] for code in VISIT_TYPES),
            "joint_visits": interventions["joint_visit"],
            "psychological_orientations": {
                "proposed": sum(orientations.values()),
                "accepted": orientations.get("accepted", 0),
                "refused": orientations.get("refused", 0),
            },
            "psychological_sessions": sessions,
        }
