from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from spcp.accounts.models import Role, User
from spcp.common.forms import ModelForm
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
