"""Forms for the planning pages. They parse and check input; the services validate and write."""

from __future__ import annotations

import base64
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.accounts.models import User
from spcp.common.forms import Form
from spcp.common.names import reader_language
from spcp.planning import selectors, services
from spcp.planning.catalog import KEY_CHOICES
from spcp.planning.models import Meeting, MemberRole, PlanningMember, Rsvp, Sector, Side, Task, TaskCategory, TaskStatus
from spcp.programs.models import Language, Program


class PlanningForm(Form):
    # A service's argument name -> this form's field name, where they differ.
    service_field_names: dict[str, str] = {}

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names (others go to the top of the form)."""
        if not hasattr(exc, "error_dict"):
            super().add_service_errors(exc)
            return
        for name, messages in exc.message_dict.items():
            field = self.service_field_names.get(name, name)
            self.add_error(field if field in self.fields else None, messages)


def _choices_from(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class SectorNamesForm(PlanningForm):
    """A custom sector's names: `name` in the page's language, and one field per other language in use."""

    name = forms.CharField(
        label=_("Sector name"),
        max_length=100,
        required=False,
        help_text=_("A part of the community to invite, for example youth, faith leaders or educators."),
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        here = reader_language()
        labels = dict(settings.LANGUAGES)
        self.other_languages = [code for code in languages if code != here]
        for code in self.other_languages:
            self.fields[self.field_for(code)] = forms.CharField(label=labels[code], max_length=100, required=False)

    @staticmethod
    def field_for(code: str) -> str:
        return "name_" + code.replace("-", "_")

    def language_fields(self) -> list[forms.BoundField]:
        return [self[self.field_for(code)] for code in self.other_languages]

    def other_names(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(self.field_for(code)) or "" for code in self.other_languages}

    @classmethod
    def initial_for(cls, names: dict[str, str]) -> dict[str, str]:
        initial = {cls.field_for(code): text for code, text in names.items()}
        initial["name"] = names.get(reader_language(), "")
        return initial


class SectorForm(SectorNamesForm):
    """Add a sector: a standard one by its key (the suggestion buttons), or a custom one by its names."""

    key = forms.ChoiceField(choices=[("", "")] + KEY_CHOICES, required=False, widget=forms.HiddenInput)


class MemberForm(PlanningForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    organisation = forms.CharField(label=_("Organization"), max_length=200, required=False)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.none(), required=False, empty_label=_("No sector")
    )
    side = forms.ChoiceField(
        label=_("Represents"),
        choices=[("", _("Same as the sector"))] + list(Side.choices),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Leave as the sector unless the member represents the other side. CRS staff represent neither."),
    )
    role = forms.ChoiceField(
        label=pgettext_lazy("planning group", "Role"),
        choices=MemberRole.choices,
        initial=MemberRole.MEMBER,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    account = forms.CharField(
        label=_("SPCP account"),
        max_length=254,
        required=False,
        help_text=_(
            "The username or email address of the member's account. A linked account can sign in and work "
            "on this program's planning. Leave empty for no access."
        ),
    )
    service_field_names = {"user": "account"}

    def __init__(self, *args: Any, program: Program, can_link_account: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices_from(self, "sector", selectors.sector_choices(program=program))
        if not can_link_account:
            del self.fields["account"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("sector") and not data.get("side") and data.get("role") != MemberRole.CRS_STAFF:
            self.add_error("side", services.member_side_message())
        return data

    def clean_account(self) -> User | None:
        identifier = self.cleaned_data.get("account", "").strip()
        if not identifier:
            return None
        user = selectors.account_find(identifier=identifier)
        if user is None:
            raise ValidationError(_("No active account has this username or email address."))
        return user

    @staticmethod
    def initial_for(member: PlanningMember) -> dict[str, Any]:
        side = member.side if member.sector is None or member.side != member.sector.kind else ""
        return {
            "name": member.name,
            "organisation": member.organisation,
            "sector": member.sector,
            "side": side,
            "role": member.role,
            "email": member.email,
            "phone": member.phone,
            "account": member.user.get_username() if member.user else "",
        }

    def service_fields(self) -> dict[str, Any]:
        data = {f: self.cleaned_data[f] for f in ("name", "organisation", "sector", "side", "role", "email", "phone")}
        if "account" in self.fields:
            data["user"] = self.cleaned_data["account"]
        return data


class TaskForm(PlanningForm):
    title = forms.CharField(label=_("What needs doing"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=TaskCategory.choices, initial=TaskCategory.OTHER)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=PlanningMember.objects.none(), required=False, empty_label=_("Nobody yet")
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=TaskStatus.choices, initial=TaskStatus.TODO, widget=forms.RadioSelect
    )
    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.none(),
        required=False,
        empty_label=_("Not about one sector"),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, program: Program, task: Task | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices_from(self, "owner", selectors.member_choices(program=program))
        _choices_from(self, "sector", selectors.sector_choices(program=program))
        if task is not None and task.is_seeded:
            del self.fields["title"]
            if task.sector_id:
                del self.fields["sector"]

    @staticmethod
    def initial_for(task: Task) -> dict[str, Any]:
        return {
            "title": task.title,
            "category": task.category,
            "owner": task.owner,
            "due_date": task.due_date,
            "status": task.status,
            "sector": task.sector,
            "notes": task.notes,
        }

    def service_fields(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.fields}


class TaskStatusForm(PlanningForm):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class MeetingForm(PlanningForm):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Decisions, who does what, and anything to follow up."),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"),
        queryset=PlanningMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices_from(self, "attendees", selectors.member_choices(program=program))

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        return {
            "starts_at": meeting.starts_at,
            "location": meeting.location,
            "agenda": meeting.agenda,
            "notes": meeting.notes,
            "attendees": list(meeting.attendees.all()),
        }

    def service_fields(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.fields}


class InvitationForm(PlanningForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    organisation = forms.CharField(label=_("Organization"), max_length=200, required=False)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(
        label=_("Interpretation needed"),
        choices=[("", _("None"))] + list(Language.choices),
        required=False,
        help_text=_("The language this person needs an interpreter for, if any."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: wheelchair access, large print, a quiet room."),
    )
    rsvp = forms.ChoiceField(label=_("RSVP"), choices=Rsvp.choices, initial=Rsvp.PENDING, widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices_from(self, "sector", selectors.sector_choices(program=program))

    @staticmethod
    def initial_for(invitation: Any) -> dict[str, Any]:
        return {f: getattr(invitation, f) for f in InvitationForm.base_fields}

    def service_fields(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.fields}


class RsvpForm(PlanningForm):
    rsvp = forms.ChoiceField(label=_("RSVP"), choices=Rsvp.choices)


class InvitationFilterForm(PlanningForm):
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.none(), required=False, empty_label=_("All sectors")
    )
    rsvp = forms.ChoiceField(label=_("RSVP"), choices=[("", _("Any answer"))] + list(Rsvp.choices), required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices_from(self, "sector", selectors.sector_choices(program=program))

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid value is shown as an error and ignored)."""
        if not self.is_bound or not self.is_valid():
            return {"sector_id": None, "rsvp": None}
        sector = self.cleaned_data.get("sector")
        return {"sector_id": sector.pk if sector else None, "rsvp": self.cleaned_data.get("rsvp") or None}


class InvitationImportForm(Form):
    """Upload a CSV of invitees (checked and shown before anything is saved)."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One person per row. The first row names the columns: name and sector are required; organization, "
            "email, phone, language, accessibility needs and notes are optional."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
    )


class InvitationImportConfirmForm(Form):
    """The checked file, carried back from the preview (it is checked again before anything is saved)."""

    payload = forms.CharField(widget=forms.HiddenInput, max_length=1_400_000)

    def file_bytes(self) -> bytes | None:
        try:
            return base64.b64decode(self.cleaned_data["payload"].encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            return None
