"""Forms for the action plan pages. They parse input; the services validate the domain rules and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spcp.actionplan.models import PLAN_LANGUAGES, ActionItem, ActionStep, Plan, PlanIssue, PlanVersion
from spcp.actionplan.services import MAX_WEIGHT
from spcp.common.forms import ServiceForm
from spcp.programs.models import Language, Program


def ui_language() -> str:
    """The editor's UI language as a program language code (zh-hans → zh), English if it is not one."""
    code = (translation.get_language() or "en").split("-")[0]
    return code if code in Language.values else "en"


def language_choices(program: Program, current: str = "") -> list[tuple[str, Any]]:
    """The program's languages, plus the editor's own and the text's current one, in the list's order."""
    wanted = set(program.languages or []) | {ui_language(), current or ui_language()}
    return [(code, label) for code, label in Language.choices if code in wanted]


class _LanguageForm(ServiceForm):
    language = forms.ChoiceField(
        label=_("Language of this text"), help_text=_("The language the text above is written in.")
    )

    def __init__(self, *args: Any, program: Program, current_language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["language"]
        field.choices = language_choices(program, current_language)
        if not current_language:
            self.initial.setdefault("language", ui_language())
        # Keep the language select after the text fields it describes.
        self.order_fields([name for name in self.fields if name not in ("language", "client_token")])


VERSION_LABELS = {"en": _("English version"), "ko": _("Korean version")}


class _VersionsForm(_LanguageForm):
    """A text with its English and Korean versions beside it (the plan is read and printed in both)."""

    text_field = ""

    def __init__(self, *args: Any, program: Program, current_language: str = "", **kwargs: Any) -> None:
        super().__init__(*args, program=program, current_language=current_language, **kwargs)
        original = current_language or str(self.initial.get("language") or ui_language())
        self.version_codes = [code for code in PLAN_LANGUAGES if code != original]
        for code in self.version_codes:
            missing = not (self.initial.get(f"version_{code}") or "").strip()
            self.fields[f"version_{code}"] = forms.CharField(
                label=VERSION_LABELS[code],
                required=False,
                max_length=800,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                help_text=_("Translation missing: readers of this language see the original.")
                if missing
                else _("Update it when you change the text."),
            )
        self.order_fields(
            [self.text_field, *[f"version_{c}" for c in self.version_codes]]
            + [name for name in self.fields if name not in ("language", "client_token")]
        )

    @staticmethod
    def versions_initial(translations: Any) -> dict[str, str]:
        found = translations if isinstance(translations, dict) else {}
        return {f"version_{code}": str(found.get(code, "")) for code in PLAN_LANGUAGES}

    def side_by_side(self) -> list[Any]:
        """The original and its versions, shown next to each other."""
        return [self[self.text_field], *[self[f"version_{c}"] for c in self.version_codes]]

    def other_fields(self) -> list[Any]:
        beside = {self.text_field, *[f"version_{c}" for c in self.version_codes]}
        return [field for field in self.visible_fields() if field.name not in beside]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("client_token", None)
        data["translations"] = {code: data.pop(f"version_{code}", "") for code in self.version_codes}
        return data


class PlanForm(_LanguageForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    @classmethod
    def initial_for(cls, plan: Plan) -> dict[str, Any]:
        return {"title": plan.title, "introduction": plan.introduction, "language": plan.language}


class IssueForm(_VersionsForm):
    text_field = "text"
    text = forms.CharField(label=_("Priority issue"), max_length=800, widget=forms.Textarea(attrs={"rows": 3}))

    @classmethod
    def initial_for(cls, issue: PlanIssue) -> dict[str, Any]:
        return {"text": issue.text, "language": issue.language, **cls.versions_initial(issue.translations)}


class ItemForm(_VersionsForm):
    text_field = "title"

    issue = forms.ModelChoiceField(
        label=_("Priority issue it answers"),
        queryset=PlanIssue.objects.none(),
        required=False,
        empty_label=_("No issue"),
    )
    title = forms.CharField(label=_("Solution"), max_length=800, widget=forms.Textarea(attrs={"rows": 3}))
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=MAX_WEIGHT,
        initial=1,
        help_text=_("How much this item counts in the plan's progress. Most items keep 1."),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, program=plan.program, **kwargs)
        self.order_fields(["issue", *self.fields])
        issue: Any = self.fields["issue"]
        issue.queryset = PlanIssue.objects.filter(plan=plan).order_by("order", "id")
        issue.label_from_instance = lambda i: i.text[:120]

    @classmethod
    def initial_for(cls, item: ActionItem) -> dict[str, Any]:
        return {
            "issue": item.issue_id,
            "title": item.title,
            "language": item.language,
            "weight": item.weight,
            **cls.versions_initial(item.translations),
        }


class StepForm(_VersionsForm):
    text_field = "description"

    description = forms.CharField(label=_("Action step"), max_length=800, widget=forms.Textarea(attrs={"rows": 3}))
    responsible_party = forms.CharField(
        label=_("Responsible party"),
        max_length=200,
        help_text=_("An agency, organization or role, for example “Police department, community affairs unit”."),
    )
    responsible_person = forms.CharField(
        label=_("Responsible person"),
        max_length=150,
        required=False,
        help_text=_("Never shown on the public page."),
    )
    responsible_email = forms.EmailField(
        label=_("Email for reminders"),
        required=False,
        help_text=_("Used only to send reminders; never shown on the public page or in documents."),
    )
    partners = forms.CharField(label=_("Partners"), max_length=300, required=False)
    start_date = forms.DateField(label=_("Start date"), required=False, help_text=_("For example 2027-01-15."))
    due_date = forms.DateField(label=_("Due date"), required=False, help_text=_("On or after the start date."))
    resources = forms.CharField(
        label=_("Resources"), max_length=800, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    measure = forms.CharField(
        label=_("Measure of success"), max_length=800, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.IntegerField(
        label=_("Weight"),
        min_value=1,
        max_value=MAX_WEIGHT,
        initial=1,
        help_text=_("How much this step counts in its item's progress. Most steps keep 1."),
    )
    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, step: ActionStep) -> dict[str, Any]:
        return cls.versions_initial(step.translations) | {
            name: getattr(step, name)
            for name in (
                "description",
                "language",
                "responsible_party",
                "responsible_person",
                "responsible_email",
                "partners",
                "start_date",
                "due_date",
                "resources",
                "measure",
                "weight",
            )
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", _("The due date cannot be before the start date."))
        return data


class DiffForm(ServiceForm):
    """Choose two versions to compare (a GET form)."""

    a = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    b = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args: Any, versions: list[PlanVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(v.number, _version_label(v)) for v in versions]
        for name in ("a", "b"):
            field: Any = self.fields[name]
            field.choices = choices


def _version_label(version: PlanVersion) -> str:
    return gettext("Version %(number)d") % {"number": version.number}
