"""What the daily jobs share."""

import functools


def in_association_language(method):
    """Run a scheduled job's ``method`` in the association's language (``res.company._imlr_lang``): Odoo calls
    jobs with a context that has none, and ``env._`` then writes the activities, notes and labels they create
    in English, and reads translated names (an activity type's summary) in English too."""

    @functools.wraps(method)
    def in_language(self, *args, **kwargs):
        if not self.env.context.get("lang"):
            self = self.with_context(lang=self.env.company._imlr_lang())
        return method(self, *args, **kwargs)

    return in_language
