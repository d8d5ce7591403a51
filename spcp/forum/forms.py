"""Forms for running the forum day. They parse input; the services validate the domain rules and save."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spcp.common.context_processors import LANGUAGE_NAMES
from spcp.common.forms import ServiceForm
from spcp.forum.models import (
    PARTICIPANT_LANGUAGES,
    Breakout,
    Forum,
    MergeDecision,
    Participant,
    Segment,
    Statement,
    StatementKind,
)
from spcp.forum.rules_text import rule_text
from spcp.planning.models import Sector

LANGUAGE_CHOICES = [(code, LANGUAGE_NAMES.get(code, code)) for code in PARTICIPANT_LANGUAGES]
# Ranges the services enforce; the inputs carry them too so a browser can hint before sending.
DOTS_RANGE = (1, 20)
TOP_K_RANGE = (1, 20)


class ForumForm(ServiceForm):
    """The shared USWDS form, plus service errors on their fields and a read-only rendering."""


class SettingsForm(ForumForm):
    # The ranges are checked by forum_settings_update, so the page shows the service's own sentence.
    dots_per_participant = forms.IntegerField(
        label=_("Dots per participant"),
        widget=forms.NumberInput(attrs={"min": DOTS_RANGE[0], "max": DOTS_RANGE[1]}),
        help_text=_("Erie gave each participant 3 dots. This can't change once someone has placed a dot."),
    )
    allow_stacking = forms.BooleanField(label=_("Several dots may go on one issue"), required=False)
    top_k = forms.IntegerField(
        label=_("Number of priority issues"),
        widget=forms.NumberInput(attrs={"min": TOP_K_RANGE[0], "max": TOP_K_RANGE[1]}),
        help_text=_("The issues with the most dots become the priority issues the mixed tables work on."),
    )
    hide_totals = forms.BooleanField(
        label=_("Hide the room's totals on phones until voting closes"),
        required=False,
        help_text=_(
            "Phones then show only each person's own dots while the vote is open, so no one follows the crowd. "
            "The projector and this site still show the live tally."
        ),
    )

    @classmethod
    def initial_for(cls, forum: Forum) -> dict[str, Any]:
        return {
            "dots_per_participant": forum.dots_per_participant,
            "allow_stacking": forum.allow_stacking,
            "top_k": forum.top_k,
            "hide_totals": forum.hide_totals,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "dots": data["dots_per_participant"],
            "allow_stacking": data["allow_stacking"],
            "top_k": data["top_k"],
            "hide_totals": data["hide_totals"],
        }


class SegmentPlanForm(ForumForm):
    planned_start = forms.TimeField(
        label=_("Planned start"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    planned_minutes = forms.IntegerField(
        label=_("Planned minutes"), widget=forms.NumberInput(attrs={"min": 1, "max": 600})
    )

    def __init__(self, *args: Any, segment: Segment, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"seg{segment.pk}")
        kwargs.setdefault(
            "initial", {"planned_start": segment.planned_start, "planned_minutes": segment.planned_minutes}
        )
        super().__init__(*args, **kwargs)
        self.segment = segment

    def service_kwargs(self) -> dict[str, Any]:
        start: datetime.time = self.cleaned_data["planned_start"]
        return {"planned_start": start, "planned_minutes": self.cleaned_data["planned_minutes"]}


class RuleForm(ForumForm):
    text = forms.CharField(
        label=_("Ground rule"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Write it as the room agreed it, in the language it was said."),
    )
    language = forms.ChoiceField(label=_("Language of the wording"), choices=LANGUAGE_CHOICES)

    @classmethod
    def initial_for(cls, key: str, text: str, language: str) -> dict[str, Any]:
        # A standard rule is reworded from the sentence the staff member sees, in their own language.
        return {"text": rule_text(key, text), "language": language}


class BuildSecondForm(ForumForm):
    groups = forms.IntegerField(
        label=_("Number of mixed tables"),
        min_value=1,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("About ten people a table works well. Every sector should be at every table."),
    )
    seed = forms.IntegerField(
        label=_("Shuffle number"),
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("The same number with the same people gives the same tables. Change it to reshuffle."),
    )


def participant_label(participant: Participant) -> str:
    """How staff see a pseudonymous participant: number, sector and language (and a display name if given)."""
    label = gettext("#%(id)d · %(sector)s · %(language)s") % {
        "id": participant.pk,
        "sector": participant.sector.display_name,
        "language": LANGUAGE_NAMES.get(participant.language, participant.language),
    }
    if participant.display_name:
        return gettext("%(label)s · %(name)s") % {"label": label, "name": participant.display_name}
    return label


def _table_label(breakout: Breakout) -> str:
    return gettext("Table %(number)s") % {"number": breakout.number}


class MoveForm(ForumForm):
    participant = forms.ModelChoiceField(label=_("Person"), queryset=Participant.objects.none())
    breakout = forms.ModelChoiceField(label=_("Move to"), queryset=Breakout.objects.none())

    def __init__(self, *args: Any, forum: Forum, round: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "move_%s")
        super().__init__(*args, **kwargs)
        person: Any = self.fields["participant"]
        person.queryset = Participant.objects.filter(forum=forum).select_related("sector").order_by("id")
        person.label_from_instance = participant_label
        table: Any = self.fields["breakout"]
        table.queryset = Breakout.objects.filter(forum=forum, round=round).order_by("number")
        table.label_from_instance = _table_label


class MergeForm(ForumForm):
    """One suggested cluster of duplicate issues: merge it (optionally reworded) or keep its issues apart."""

    MERGE, KEEP = "merge", "keep"

    statements = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Wording of the merged issue"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave blank to keep the wording of the issue recorded first."),
    )
    decision = forms.ChoiceField(choices=[(MERGE, MERGE), (KEEP, KEEP)], widget=forms.HiddenInput)

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forum = forum

    def clean(self) -> dict[str, Any]:
        # The issues travel in a hidden field, so a problem with them is said at the top of the form.
        data = super().clean() or {}
        try:
            ids = sorted({int(part) for part in str(data.get("statements", "")).split(",") if part.strip()})
        except ValueError:
            ids = []
        found = list(
            Statement.objects.filter(
                forum=self.forum, kind=StatementKind.ISSUE, removed=False, merged_into__isnull=True, pk__in=ids
            ).order_by("id")
        )
        if len(ids) < 2 or len(found) != len(ids):
            raise ValidationError(
                _("These issues have changed since the page was loaded. Look at the suggestion again.")
            )
        data["statements"] = found
        return data


class ManualMergeForm(ForumForm):
    """Issues a conciliator ticks on the merge page (any tables, any languages) to merge into one."""

    issues = forms.MultipleChoiceField(
        label=_("Issues to merge"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick two or more issues that say the same thing. The one recorded first keeps its wording."),
        error_messages={"required": _("Tick at least two issues to merge.")},
    )
    text = forms.CharField(
        label=_("Wording of the merged issue"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave blank to keep the wording of the issue recorded first."),
    )

    def __init__(self, *args: Any, forum: Forum, issues: list[Statement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.issue_rows = {str(s.pk): s for s in issues}
        field: Any = self.fields["issues"]
        field.choices = [(str(s.pk), s.text) for s in issues]

    def clean_issues(self) -> list[Statement]:
        chosen = [self.issue_rows[pk] for pk in self.cleaned_data["issues"] if pk in self.issue_rows]
        if len(chosen) < 2:
            raise ValidationError(_("Tick at least two issues to merge."))
        return chosen


class UndoMergeForm(ForumForm):
    """The button that undoes one merge made on the merge page."""

    decision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.forum = forum

    def clean(self) -> dict[str, Any]:
        # The decision travels in a hidden field, so a problem with it is said at the top of the form.
        data = super().clean() or {}
        found = MergeDecision.objects.filter(
            forum=self.forum, pk=data.get("decision") or 0, accepted=True, undone_at__isnull=True
        ).first()
        if found is None:
            raise ValidationError(_("This merge can no longer be undone: its issues have changed since."))
        data["decision"] = found
        return data


class ActionForm(ForumForm):
    """A button that says which of a few actions to take (open, close, …)."""

    action = forms.ChoiceField(choices=[], widget=forms.HiddenInput)

    def __init__(self, *args: Any, actions: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["action"]
        field.choices = [(a, a) for a in actions]


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class TicketsForm(ForumForm):
    """Issue check-in tickets for one sector: one at the desk, or a sheet of badges."""

    sector = SectorChoiceField(label=_("Sector"), queryset=Sector.objects.none(), empty_label=None)
    count = forms.IntegerField(
        label=_("How many tickets"),
        initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": 500}),
        help_text=_("One for the person at the desk, or more to print a sheet of badges."),
    )

    def __init__(self, *args: Any, sectors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sector"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sectors  # this program's sectors


class OpenRoomForm(ForumForm):
    open_room = forms.BooleanField(
        label=_("Open room: anyone with the room code may join, one ballot per phone"),
        required=False,
        help_text=_(
            "Only for informal events. Constituency is then self-declared, so compare the ballots with the people "
            "in the room."
        ),
    )
    door_count = forms.IntegerField(
        label=_("People counted at the door without a ticket"),
        min_value=0,
        max_value=100_000,
        widget=forms.NumberInput(attrs={"min": 0}),
    )


class VoidForm(ForumForm):
    reason = forms.CharField(
        label=_("Why this ballot is voided"),
        max_length=200,
        help_text=_("Kept in the audit log, for example: “a second phone for the same person”."),
    )


class TranslationForm(ForumForm):
    """A person's translation of one participant's text into one language (the translation desk)."""

    KINDS = ("statement", "solution", "step", "rule")

    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS], widget=forms.HiddenInput)
    item = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Translation"),
        max_length=800,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Keep the writer's meaning and tone; do not add or soften anything."),
    )
