"""Forms parse input only; the services decide what is valid, and their errors are shown on these fields."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from spcp.accounts.models import User
from spcp.common.forms import Form
from spcp.intake import selectors
from spcp.intake.models import OrganisationRole, ProgramRequest, RequestStatus
from spcp.offices.models import State
from spcp.programs.models import Concern, Language, ProgramType, Trigger


class _ConditionallyRequired:
    """A field shown as required (it is, in the case its hint names) whose service decides when it really is."""

    def validate(self, value: Any) -> None:
        pass


class _OptionalAttributeDateInput(forms.DateInput):
    input_type = "date"

    def use_required_attribute(self, initial: Any) -> bool:
        return False


class _OptionalAttributeTextarea(forms.Textarea):
    def use_required_attribute(self, initial: Any) -> bool:
        return False


class IncidentDateField(_ConditionallyRequired, forms.DateField):
    pass


class IncidentDescriptionField(_ConditionallyRequired, forms.CharField):
    pass


TRIGGER_LABELS = {
    Trigger.PROACTIVE: _("Proactively, to build trust and partnership before problems arise"),
    Trigger.CRITICAL_INCIDENT: _("In response to a critical incident in our community"),
}


class ProgramRequestForm(Form):
    requester_name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Organization"), max_length=200)
    organisation_role = forms.ChoiceField(
        label=_("Type of organization"), choices=OrganisationRole.choices, widget=forms.RadioSelect
    )
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        help_text=_("Include the area code. CRS will call you at this number."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    city = forms.CharField(
        label=_("City or community"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )
    state = forms.ChoiceField(label=_("State or territory"))
    program_type = forms.ChoiceField(label=_("Program"), widget=forms.RadioSelect)
    trigger = forms.ChoiceField(
        label=_("Why is your community asking for this program?"),
        choices=list(TRIGGER_LABELS.items()),
        widget=forms.RadioSelect,
    )
    incident_date = IncidentDateField(
        label=_("Date of the incident"),
        help_text=_("Needed for a critical incident."),
        widget=_OptionalAttributeDateInput,
    )
    incident_description = IncidentDescriptionField(
        label=_("What happened"),
        max_length=5000,
        help_text=_(
            "Needed for a critical incident. A few sentences are enough; CRS keeps what you tell it confidential."
        ),
        widget=_OptionalAttributeTextarea(attrs={"rows": 4}),
    )
    concerns = forms.MultipleChoiceField(
        label=_("Concerns in your community"),
        help_text=_("Choose every one that applies."),
        choices=Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one concern.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages participants will need"),
        help_text=_("Besides English, and including sign language."),
        choices=[c for c in Language.choices if c[0] != Language.ENGLISH],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    message = forms.CharField(
        label=_("Anything else CRS should know"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._states: dict[str, State] = {s.code: s for s in selectors.state_options()}
        cast(forms.ChoiceField, self.fields["state"]).choices = [("", _("Choose a state or territory"))] + [
            (code, state.localized_name()) for code, state in self._states.items()
        ]
        self._program_types: dict[str, ProgramType] = {t.code: t for t in selectors.program_type_list()}
        cast(forms.ChoiceField, self.fields["program_type"]).choices = [
            (code, t.localized_name()) for code, t in self._program_types.items()
        ]
        self.fields["program_type"].initial = "spcp" if "spcp" in self._program_types else None
        if not self.is_bound:
            # A new token per blank form: submitting the same form twice (a double click, a resend) is one request.
            self.fields["client_token"].initial = uuid.uuid4()

    def clean(self) -> dict[str, Any]:
        """Show the request's cross-field rules (the model's) with the other errors, in one round."""
        data = super().clean() or {}
        probe = ProgramRequest(
            trigger=data.get("trigger") or "",
            incident_date=data.get("incident_date"),
            incident_description=data.get("incident_description") or "",
            concerns=data.get("concerns") or [],
            languages=data.get("languages") or [],
            phone=data.get("phone") or "",
        )
        try:
            probe.clean()
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, errors)
        return data

    def clean_state(self) -> State | None:
        return self._states.get(self.cleaned_data["state"])

    def clean_program_type(self) -> ProgramType | None:
        return self._program_types.get(self.cleaned_data["program_type"])

    @property
    def incident_fields(self) -> list[BoundField]:
        return [self["incident_date"], self["incident_description"]]


class ConciliatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_role_display()})"


class AcceptForm(Form):
    conciliator = ConciliatorChoiceField(
        label=_("Conciliator"),
        queryset=User.objects.none(),
        empty_label=_("Choose a conciliator"),
        help_text=_("An active conciliator or regional director of this region."),
    )
    title = forms.CharField(label=_("Program title"), max_length=200)

    def __init__(self, *args: Any, program_request: ProgramRequest, user: Any = None, **kwargs: Any):
        kwargs.setdefault("prefix", "accept")
        super().__init__(*args, **kwargs)
        conciliator = cast(forms.ModelChoiceField, self.fields["conciliator"])
        choices = list(selectors.conciliator_choices(region=program_request.region))
        conciliator.queryset = selectors.conciliator_choices(region=program_request.region)
        # Preselect the obvious choice: the deciding conciliator themselves, or the region's only one.
        mine = [c for c in choices if user is not None and c.pk == getattr(user, "pk", None)]
        if mine:
            conciliator.initial = mine[0].pk
        elif len(choices) == 1:
            conciliator.initial = choices[0].pk
        self.fields["title"].initial = program_request.default_program_title()


class DeclineForm(Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        help_text=_("For the record. Tell the requester yourself when you call them back."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("prefix", "decline")
        super().__init__(*args, **kwargs)


STATUS_FILTER_CHOICES = [
    (RequestStatus.NEW.value, _("New requests")),
    (RequestStatus.ACCEPTED.value, _("Accepted requests")),
    (RequestStatus.DECLINED.value, _("Declined requests")),
    (selectors.STATUS_ALL, _("All requests")),
]


class TriageFilterForm(Form):
    status = forms.ChoiceField(label=_("Show"), choices=STATUS_FILTER_CHOICES, initial=RequestStatus.NEW.value)

    def status_value(self) -> str:
        if self.is_valid() and self.cleaned_data["status"]:
            return self.cleaned_data["status"]
        return RequestStatus.NEW.value


class StatusLookupForm(Form):
    """The requester's case number and email: together they open the request's status, without an account."""

    case_number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("For example SPCP-2026-00042, as in your confirmation email."),
    )
    email = forms.EmailField(label=_("Email"), max_length=254)
