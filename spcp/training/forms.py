"""Forms for the training pages. They parse input; the services validate the domain rules and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spcp.accounts.models import User
from spcp.common.forms import ServiceForm
from spcp.programs.models import Language, Program
from spcp.training import selectors
from spcp.training.models import MAX_SESSION_MINUTES, Facilitator, Module, TrainingSession


class FacilitatorForm(ServiceForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    organisation = forms.CharField(
        label=_("Organization"),
        max_length=200,
        required=False,
        help_text=_("The community organization or agency the volunteer comes from."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages the facilitator can lead a breakout group in."),
    )
    account = forms.CharField(
        label=_("Sign-in account"),
        max_length=254,
        required=False,
        help_text=_(
            "Username or email of the volunteer's account. Linking it lets them see this program's training "
            "pages and their own record."
        ),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_for(cls, facilitator: Facilitator) -> dict[str, Any]:
        return {
            "name": facilitator.name,
            "email": facilitator.email,
            "phone": facilitator.phone,
            "organisation": facilitator.organisation,
            "languages": facilitator.languages,
            "account": facilitator.user.get_username() if facilitator.user else "",
            "notes": facilitator.notes,
        }

    def clean_account(self) -> User | None:
        identifier = self.cleaned_data["account"].strip()
        if not identifier:
            return None
        user = selectors.account_find(identifier)
        if user is None:
            raise ValidationError(_("No volunteer account has this username or email."))
        return user

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["user"] = data.pop("account")
        return data


class SessionForm(ServiceForm):
    starts_at = forms.DateTimeField(
        label=_("Date and start time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("For example 2025-05-14 18:00."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=1, max_value=MAX_SESSION_MINUTES, initial=180
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    trainer = forms.CharField(
        label=_("Trainer"),
        max_length=200,
        required=False,
        help_text=_("Usually the CRS conciliator who leads the training."),
    )
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules covered"),
        queryset=Module.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone marked as attending this session counts these modules as completed."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules: Any = self.fields["modules"]
        modules.queryset = Module.objects.filter(program=program).order_by("order", "id")

    @classmethod
    def initial_for(cls, session: TrainingSession) -> dict[str, Any]:
        return {
            "starts_at": session.starts_at,
            "duration_minutes": session.duration_minutes,
            "location": session.location,
            "trainer": session.trainer,
            "modules": list(session.modules.all()),
            "notes": session.notes,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["modules"] = list(data["modules"])
        return data


def _attendee_label(facilitator: Facilitator) -> str:
    if facilitator.organisation:
        return gettext("%(name)s (%(organization)s)") % {
            "name": facilitator.name,
            "organization": facilitator.organisation,
        }
    return facilitator.name


class AttendanceForm(ServiceForm):
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators who attended"),
        queryset=Facilitator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick everyone who attended; clear a tick to remove someone."),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facilitators: Any = self.fields["facilitators"]
        facilitators.queryset = selectors.facilitator_list(program=program)
        facilitators.label_from_instance = _attendee_label


class ModuleForm(ServiceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    required = forms.BooleanField(
        label=_("Required: a facilitator is ready only after a session that covered it"),
        required=False,
        initial=True,
    )
    order = forms.IntegerField(
        label=_("Position in the list"),
        min_value=0,
        max_value=10000,
        required=False,
        help_text=_("Lower numbers come first. Leave blank to put a new module last."),
    )

    def __init__(self, *args: Any, module: Module | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if module is not None and module.is_seeded:
            # A standard module's title is translated from its key, so it cannot be edited here.
            del self.fields["title"]
            self.fields["description"].help_text = _(
                "Leave blank to show the standard description, in each reader's language."
            )
        if module is not None:
            self.fields["order"].required = True

    @classmethod
    def initial_for(cls, module: Module) -> dict[str, Any]:
        return {
            "title": module.title,
            "description": module.description,
            "required": module.required,
            "order": module.order,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.setdefault("title", "")
        return data
