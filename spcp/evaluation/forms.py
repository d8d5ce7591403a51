"""Forms for evaluation: staff create a survey; respondents answer one on their phone."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.common.forms import Form
from spcp.evaluation.instruments import Instrument
from spcp.evaluation.models import RespondentRole, Survey, Wave, YearsBand

CHOOSE = _("Please choose an answer.")


class SurveyCreateForm(Form):
    wave = forms.ChoiceField(label=_("Survey"), widget=forms.RadioSelect, error_messages={"required": CHOOSE})
    allow_contact = forms.BooleanField(
        label=_("Let respondents leave a name or contact if they want a follow-up"),
        help_text=_("Leave this off to keep the survey fully anonymous (recommended)."),
        required=False,
    )
    legitimacy = forms.BooleanField(
        label=_("Also ask the short police legitimacy and procedural justice scale (six questions)"),
        help_text=_(
            "Outcome surveys only. A validated scale from research on policing (Sunshine and Tyler 2003; Reisig, "
            "Bratton and Gertz 2007). Ask it in every wave you want to compare."
        ),
        required=False,
    )

    def __init__(self, *args: Any, waves: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        labels = dict(Wave.choices)
        field = self.fields["wave"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(w, labels[w]) for w in waves]


class SurveyStatusForm(Form):
    is_open = forms.TypedChoiceField(
        choices=[("1", _("Open")), ("0", _("Close"))], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )


class ResponseForm(Form):
    """One page: who you are (role, and for the outcome survey years and whether you helped plan), every
    1–5 item, a comment. `client_token` is made on GET so a resubmitted POST is recognised."""

    client_token = forms.UUIDField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label=_("Which best describes you?"),
        choices=RespondentRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please tell us which best describes you.")},
    )

    def __init__(self, *args: Any, survey: Survey, instrument: Instrument, **kwargs: Any):
        kwargs.setdefault("initial", {}).setdefault("client_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if instrument.asks_background:
            self.fields["years"] = forms.ChoiceField(
                label=_("How long have you lived in this community, or served in your role here?"),
                choices=YearsBand.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields["helped_plan"] = forms.TypedChoiceField(
                label=_("Did you help plan this program?"),
                choices=[("yes", pgettext_lazy("answer", "Yes")), ("no", pgettext_lazy("answer", "No"))],
                coerce=lambda v: v == "yes",
                empty_value=None,
                widget=forms.RadioSelect,
                required=False,
            )
        for item in instrument.items:
            self.fields[item.code] = forms.TypedChoiceField(
                label=str(item.question),  # built per request, in the respondent's language
                choices=item.scale.choices(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": CHOOSE},
            )
        self.fields["comment"] = forms.CharField(
            label=_("Anything else you would like to tell us?"),
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
            max_length=2000,
            required=False,
        )
        if not survey.anonymous:
            self.fields["contact"] = forms.CharField(
                label=_("Your name or contact (if you would like CRS to follow up)"),
                max_length=200,
                required=False,
            )

    @property
    def item_fields(self) -> list[forms.BoundField]:
        return [self[item.code] for item in self.instrument.items]

    @property
    def background_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("role", "years", "helped_plan") if name in self.fields]
