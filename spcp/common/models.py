"""Shared model bases."""

from __future__ import annotations

from django.db import models
from django.utils import translation


class BaseModel(models.Model):
    """Every table records when a row was created and last changed (UTC)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TranslatedNameMixin(models.Model):
    """A data row whose display name has per-language forms, e.g. {"ko": "뉴잉글랜드 지역"}.

    Reference data (regions, offices, sectors) is edited in the admin, so its translations live beside it
    rather than in the gettext catalogs.
    """

    name = models.CharField(max_length=200)
    name_translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def localized_name(self, language: str | None = None) -> str:
        lang = (language or translation.get_language() or "en").lower()
        names = self.name_translations or {}
        return names.get(lang) or names.get(lang.split("-")[0]) or self.name
