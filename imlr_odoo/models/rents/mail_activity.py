from odoo import models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking "Impayé to report to the CAF" done records the report (dated): the cron then leaves that
        impayé alone."""
        impaye_type = self.env.ref("imlr_odoo.mail_activity_type_impaye", raise_if_not_found=False)
        reported = self.filtered(lambda activity: impaye_type and activity.activity_type_id == impaye_type)
        households = self.env["res.partner"].browse(reported.mapped("res_id"))
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        households.exists()._imlr_record_impaye_reports()
        return result
