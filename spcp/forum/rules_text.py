"""The standard ground rules' wording. A standard rule is stored by key only, so every screen (staff pages,
phones, the projector) shows it in its reader's language from these sentences."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

STANDARD_RULE_TEXT: dict[str, Promise] = {
    "listen": _("Listen to understand, and let one person speak at a time."),
    "own_voice": _("Speak for yourself, from your own experience."),
    "respect": _("Disagree with ideas, not people."),
    "confidential": _("What is said here stays here: statements are not attributed to anyone."),
    "phones": _("Keep phones on silent, except to take part here."),
}


def rule_text(key: str, text: str) -> str:
    """A rule's wording: the standard sentence for a keyed rule, else the room's own text."""
    standard = STANDARD_RULE_TEXT.get(key)
    return str(standard) if standard is not None else text
