"""Forms for the council pages. They parse input; the services validate the domain rules and save."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spcp.accounts.models import User
from spcp.actionplan.models import ActionItem, StepStatus
from spcp.common.forms import ServiceForm
from spcp.council.models import CouncilMember, CouncilRole, Meeting, MemberKind
from spcp.planning.models import Sector
from spcp.programs.models import Program
from spcp.training.selectors import account_find

# The languages people write minutes, decisions and notes in: the site's languages.
WRITTEN_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MemberForm(ServiceForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of member"), choices=MemberKind.choices, initial=MemberKind.OTHER)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none(), required=False)
    organisation = forms.CharField(label=_("Organization"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role on the council"), choices=CouncilRole.choices, initial=CouncilRole.MEMBER)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    language = forms.ChoiceField(
        label=_("Language for emails"),
        choices=[("", _("The program's language")), *WRITTEN_LANGUAGES],
        required=False,
        help_text=_("Invitations and reminders reach this member in this language."),
    )
    term_start = forms.DateField(label=_("Term starts"), required=False, widget=forms.DateInput)
    term_end = forms.DateField(label=_("Term ends"), required=False, widget=forms.DateInput)
    active = forms.BooleanField(label=_("Active member"), required=False, initial=True)
    account = forms.CharField(
        label=_("Sign-in account"),
        max_length=254,
        required=False,
        help_text=_(
            "Username or email of the member's existing account. Linking it lets them see this program's council "
            "pages and report progress."
        ),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(program=program)  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, member: CouncilMember) -> dict[str, Any]:
        return {
            "name": member.name,
            "kind": member.kind,
            "sector": member.sector_id,
            "organisation": member.organisation,
            "role": member.role,
            "email": member.email,
            "phone": member.phone,
            "language": member.language,
            "term_start": member.term_start,
            "term_end": member.term_end,
            "active": member.active,
            "account": member.user.get_username() if member.user else "",
        }

    def clean_account(self) -> User | None:
        identifier = self.cleaned_data["account"].strip()
        if not identifier:
            return None
        user = account_find(identifier)
        if user is None:
            raise ValidationError(_("No volunteer account has this username or email."))
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["user"] = data.pop("account")
        return data


class MeetingForm(ServiceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME_WIDGET)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online meeting link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()  # the program's, activated for its pages
        for name, example in (("starts_at", "2026-05-14 18:00"), ("ends_at", "2026-05-14 20:00")):
            self.fields[name].help_text = _(
                "Local time in the program's time zone (%(zone)s), for example %(example)s."
            ) % {
                "zone": zone,
                "example": example,
            }

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        return {
            "title": meeting.title,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "location": meeting.location,
            "online_url": meeting.online_url,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


class AgendaItemForm(ServiceForm):
    title = forms.CharField(label=_("Other business"), max_length=300)


class MinutesForm(ServiceForm):
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    minutes_language = forms.ChoiceField(
        label=_("Language of the minutes"), choices=[("", "—"), *WRITTEN_LANGUAGES], required=False
    )
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=CouncilMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the active members who attended; the others are recorded as absent."),
    )
    held = forms.BooleanField(label=_("The meeting was held"), required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = CouncilMember.objects.filter(  # type: ignore[attr-defined]
            program=program, active=True
        ).order_by("name", "id")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("minutes") or "").strip() and not data.get("minutes_language"):
            self.add_error("minutes_language", _("Choose the language the minutes are written in."))
        return data


class DecisionForm(ServiceForm):
    text = forms.CharField(label=_("Decision"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.ChoiceField(label=_("Language of the decision"), choices=WRITTEN_LANGUAGES)
    action_item = forms.ModelChoiceField(label=_("Action item"), queryset=ActionItem.objects.none(), required=False)

    def __init__(self, *args: Any, program: Program, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["action_item"].queryset = ActionItem.objects.filter(  # type: ignore[attr-defined]
            plan__program=program
        ).order_by("order", "id")
        self.fields["action_item"].label_from_instance = lambda item: item.title[:80]  # type: ignore[attr-defined]


class ProgressForm(ServiceForm):
    client_token = forms.UUIDField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    percent = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    language = forms.ChoiceField(
        label=_("Language of the note"), choices=[("", "—"), *WRITTEN_LANGUAGES], required=False
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        assume_scheme="https",
        help_text=_("A link to a document, photo or page that shows the work."),
    )

    @classmethod
    def fresh_initial(cls, status: str, percent: int, language: str) -> dict[str, Any]:
        return {
            "client_token": uuid.uuid4(),
            "date": timezone.now().date(),
            "status": status,
            "percent": percent,
            "language": language,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("note") or "").strip() and not data.get("language"):
            self.add_error("language", _("Choose the language the note is written in."))
        return data
