"""US English everywhere users and API clients look: "organization", never "organisation"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib

ROOT = Path(__file__).resolve().parents[2]


def _property_names(node: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(node, dict):
        names |= set((node.get("properties") or {}).keys())
        for value in node.values():
            names |= _property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= _property_names(value)
    return names


def test_no_api_field_is_spelled_organisation(client):
    document = client.get("/api/openapi.json").json()
    names = _property_names(document)
    assert {"organization", "organization_role"} <= names
    assert not [name for name in names if "organis" in name.lower()]


def test_no_user_facing_string_is_spelled_organisation():
    catalog = polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    british = [e.msgid for e in catalog if not e.obsolete and "organis" in (e.msgid + e.msgid_plural).lower()]
    assert british == []
