from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def localized(obj: object) -> str:
    """Display name of a reference-data row in the current language."""
    method = getattr(obj, "localized_name", None)
    return method() if callable(method) else str(obj)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)
