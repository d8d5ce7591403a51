"""Readable labels for the audit entries evaluation services write. Responses are not audited: they are anonymous."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.programs.audit import register_actions

ACTIONS: dict[str, Promise] = {
    "evaluation.survey_created": _("Survey created"),
    "evaluation.survey_opened": _("Survey opened for responses"),
    "evaluation.survey_closed": _("Survey closed"),
}

register_actions(ACTIONS)
