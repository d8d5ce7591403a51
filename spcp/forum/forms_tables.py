"""Forms for the facilitators' table pages, the council page and the fidelity log.

They parse input only: the services decide what may be saved and say why not (their errors are put back on the
matching fields by `apply_service_errors`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from spcp.common.context_processors import LANGUAGE_NAMES
from spcp.common.forms import ServiceForm
from spcp.forum.models import (
    PARTICIPANT_LANGUAGES,
    CouncilFormed,
    FidelityLog,
    GuideFollowed,
    Solution,
    Statement,
    StatementKind,
)

TEXT_MAX = 500
SOLUTION_MAX = 800
STEP_MAX = 500
# The same words the services and the phones use for an empty text.
REQUIRED = {"required": _("Write something first.")}


def participant_language_choices() -> list[tuple[str, str]]:
    """The five languages participants write in, each named in itself (the options carry their lang)."""
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in PARTICIPANT_LANGUAGES]


def page_language() -> str:
    """The page's language when participants may write in it, else English."""
    current = (translation.get_language() or "en").lower()
    return current if current in PARTICIPANT_LANGUAGES else "en"


class LangSelect(forms.Select):
    """A select whose options carry the language their text is written in (WCAG 3.1.2, language of parts)."""

    def __init__(self, *args: Any, option_langs: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.option_langs = dict(option_langs or {})

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        lang = self.option_langs.get(str(value))
        if lang:
            option["attrs"] = {**option["attrs"], "lang": lang}
        return option


class TableForm(ServiceForm):
    """A form whose service errors land on its fields; `renamed` maps a service's error key to a field."""

    renamed: dict[str, str] = {}

    def apply_service_errors(self, exc: ValidationError, renamed: dict[str, str] | None = None) -> None:
        super().apply_service_errors(exc, renamed or self.renamed)


def _token_field() -> forms.UUIDField:
    # Made when the page is drawn: a second press of the same submit carries the same token and adds nothing.
    return forms.UUIDField(required=False, widget=forms.HiddenInput)


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Written in"),
        choices=participant_language_choices,
        widget=LangSelect(option_langs={code: code for code in PARTICIPANT_LANGUAGES}),
        help_text=_("The language the words are in. They are kept in that language."),
    )


class StatementForm(TableForm):
    """Add a strength or an issue at a first-breakout table."""

    kind = forms.ChoiceField(
        label=_("Strength or issue"),
        choices=StatementKind.choices,
        widget=forms.RadioSelect,
        initial=StatementKind.ISSUE,
    )
    text = forms.CharField(
        label=pgettext_lazy("statement", "What the table said"),
        max_length=TEXT_MAX,
        error_messages=REQUIRED,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = _language_field()
    client_token = _token_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"language": page_language(), "client_token": uuid.uuid4(), **kwargs["initial"]}
        super().__init__(*args, **kwargs)


class StatementEditForm(TableForm):
    kind = forms.ChoiceField(label=_("Strength or issue"), choices=StatementKind.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Wording"), max_length=TEXT_MAX, error_messages=REQUIRED, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, statement: Statement) -> dict[str, Any]:
        return {"kind": statement.kind, "text": statement.text}


class StatementSplitForm(TableForm):
    renamed = {"texts": "parts"}

    parts = forms.CharField(
        label=_("The separate statements, one per line"),
        error_messages={"required": _("Write at least two parts to split into.")},
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Use this when two points were written as one. Each line becomes a statement of its own."),
    )

    def clean_parts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]


class MergeForm(TableForm):
    """Merge statements at one table: the ticked ones join the one kept (which need not be ticked as well)."""

    statements = forms.MultipleChoiceField(label=_("Statements to merge"), required=False)
    keep = forms.ChoiceField(label=_("Keep this wording"))

    def __init__(self, *args: Any, statements: Sequence[Statement], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "merge-%s")  # the page draws this form by hand, one row per statement
        super().__init__(*args, **kwargs)
        self.by_id = {str(s.pk): s for s in statements}
        choices = [(key, s.text) for key, s in self.by_id.items()]
        self.fields["statements"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["keep"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField

    def ticked(self) -> set[str]:
        """The statement ids sent ticked, so a refused merge is shown with the same ticks."""
        return set(self.data.getlist("statements")) if isinstance(self.data, QueryDict) else set()

    def kept(self) -> str:
        return str(self.data.get("keep", "")) if self.is_bound else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keep = data.get("keep")
        if keep:
            chosen = [key for key in data.get("statements", []) if key != keep]
            if not chosen:
                raise ValidationError(_("Tick at least one other statement to merge into the one you keep."))
            data["target"] = self.by_id[keep]
            data["sources"] = [self.by_id[key] for key in chosen]
        return data


class SolutionForm(TableForm):
    """Add a solution to one of the table's priority issues."""

    renamed = {"issue_id": "issue"}

    issue = forms.ChoiceField(label=_("Priority issue"))
    text = forms.CharField(
        label=_("Solution"), max_length=SOLUTION_MAX, error_messages=REQUIRED, widget=forms.Textarea(attrs={"rows": 3})
    )
    language = _language_field()
    client_token = _token_field()

    def __init__(self, *args: Any, issues: Iterable[Statement], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"language": page_language(), "client_token": uuid.uuid4(), **kwargs["initial"]}
        kwargs.setdefault("prefix", "solution")
        super().__init__(*args, **kwargs)
        self.by_id = {str(s.pk): s for s in issues}
        field = self.fields["issue"]
        field.choices = [(key, s.text) for key, s in self.by_id.items()]  # type: ignore[attr-defined]
        field.widget = LangSelect(
            choices=field.choices,  # type: ignore[attr-defined]
            option_langs={key: s.language for key, s in self.by_id.items()},
            attrs={"class": "usa-select"},
        )

    def clean_issue(self) -> Statement:
        return self.by_id[self.cleaned_data["issue"]]


class StepForm(TableForm):
    """Add an action step (what, who, by when) to a solution."""

    solution = forms.ChoiceField(label=_("Solution"))
    text = forms.CharField(label=_("What will be done"), max_length=STEP_MAX, error_messages=REQUIRED)
    who = forms.CharField(label=_("Who will do it"), max_length=200, required=False)
    by_when = forms.CharField(
        label=_("By when"), max_length=100, required=False, help_text=_("A date or a time frame, such as “by June”.")
    )
    language = _language_field()
    client_token = _token_field()

    def __init__(self, *args: Any, solutions: Iterable[Solution], fixed: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"language": page_language(), "client_token": uuid.uuid4(), **kwargs["initial"]}
        kwargs.setdefault("prefix", "step")
        super().__init__(*args, **kwargs)
        self.by_id = {str(s.pk): s for s in solutions}
        field = self.fields["solution"]
        field.choices = [(key, s.text) for key, s in self.by_id.items()]  # type: ignore[attr-defined]
        field.widget = LangSelect(
            choices=field.choices,  # type: ignore[attr-defined]
            option_langs={key: s.language for key, s in self.by_id.items()},
            attrs={"class": "usa-select"},
        )
        if fixed and len(self.by_id) == 1:  # on a solution's own page the solution is already chosen
            field.widget = forms.HiddenInput()
            field.initial = next(iter(self.by_id))

    def clean_solution(self) -> Solution:
        return self.by_id[self.cleaned_data["solution"]]


class SolutionEditForm(TableForm):
    text = forms.CharField(
        label=_("Wording"), max_length=SOLUTION_MAX, error_messages=REQUIRED, widget=forms.Textarea(attrs={"rows": 4})
    )


class ConfirmForm(TableForm):
    """A button with nothing to fill in (remove, and the like): it only carries the service's errors."""


class RepresentativeForm(TableForm):
    volunteer = forms.IntegerField(widget=forms.HiddenInput)
    chosen = forms.BooleanField(required=False, widget=forms.HiddenInput)


class SignupForm(TableForm):
    open = forms.BooleanField(required=False, widget=forms.HiddenInput)


class FidelityForm(TableForm):
    """A facilitator's fidelity log (labels are the model's questions)."""

    guide_followed = forms.ChoiceField(
        label=FidelityLog._meta.get_field("guide_followed").verbose_name,
        choices=GuideFollowed.choices,
        widget=forms.RadioSelect,
    )
    deviations = forms.CharField(
        label=FidelityLog._meta.get_field("deviations").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a step skipped for time, or questions taken in another order."),
    )
    hot_spots = forms.BooleanField(label=FidelityLog._meta.get_field("hot_spots").verbose_name, required=False)
    hot_spot_notes = forms.CharField(
        label=FidelityLog._meta.get_field("hot_spot_notes").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when there were hot spots. Do not name participants."),
    )
    council_formed = forms.ChoiceField(
        label=FidelityLog._meta.get_field("council_formed").verbose_name,
        choices=CouncilFormed.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=FidelityLog._meta.get_field("notes").verbose_name,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_for(cls, log: FidelityLog | None) -> dict[str, Any]:
        if log is None:
            return {}
        return {name: getattr(log, name) for name in cls.base_fields}
