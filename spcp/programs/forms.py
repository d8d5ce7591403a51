from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from spcp.accounts.models import Role, User
from spcp.common.forms import ModelForm
from spcp.common.names import guess_language, languages_in_use
from spcp.programs.models import Program


class ProgramDetailsForm(ModelForm):
    class Meta:
        model = Program
        fields = [
            "title",
            "forum_date",
            "venue",
            "time_zone",
            "expected_participants",
            "expected_groups",
            "conciliator",
        ]
        help_texts = {
            "expected_groups": _("Breakout groups planned for the forum; each needs one or two facilitators."),
            "time_zone": _("Meetings, training sessions and the forum day are entered and shown in this time zone."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.instance.region if self.instance.pk else None
        conciliator = self.fields["conciliator"]
        assert isinstance(conciliator, forms.ModelChoiceField)
        conciliator.queryset = User.objects.filter(
            role__in=[Role.CONCILIATOR, Role.REGIONAL_DIRECTOR], region=region, is_active=True
        )
        # The forum's title in each other participant language the program needs (phones show it).
        typed = guess_language(self.instance.title or "")
        labels = dict(settings.LANGUAGES)
        self.title_languages = [c for c in languages_in_use(self.instance.languages or []) if c != typed]
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("title") + 1
        extra = [
            (
                self.title_field(code),
                forms.CharField(
                    label=_("Title in %(language)s") % {"language": labels[code]},
                    max_length=200,
                    required=False,
                    initial=(self.instance.title_names or {}).get(code, ""),
                ),
            )
            for code in self.title_languages
        ]
        self.fields = dict(fields[:at] + extra + fields[at:])  # translations right after the title

    @staticmethod
    def title_field(code: str) -> str:
        return "title_" + code.replace("-", "_")

    def title_names(self) -> dict[str, str]:
        """The translated titles typed, by language; other languages' titles stay as they were."""
        names = dict(self.instance.title_names or {})
        for code in self.title_languages:
            text = (self.cleaned_data.get(self.title_field(code)) or "").strip()
            if text:
                names[code] = text
            else:
                names.pop(code, None)
        return names
