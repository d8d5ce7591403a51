"""Turn pydantic/ninja validation errors into translated, field-by-field messages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from spcp.common import inputs


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == inputs.CONTROL_CHARACTER:
        return inputs.control_character_message(str((error.get("ctx") or {}).get("code", "")))
    if kind == inputs.INT_OUT_OF_RANGE:
        return inputs.out_of_range_message()
    if kind == "extra_forbidden":
        return _("This field cannot be changed here.")
    if kind == "missing":
        return _("This field is required.")
    if kind in {"string_too_short"}:
        return _("This field cannot be blank.")
    if kind in {"string_too_long"}:
        return _("This text is too long.")
    if kind.startswith("int") or kind.startswith("float"):
        return _("Enter a whole number.")
    if kind.startswith("date"):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind in {"enum", "literal_error"}:
        return _("Choose one of the listed options.")
    if kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        return _("Enter a valid email address.")
    return _("Enter a valid value.")


def validation_payload(errors: list[dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query")]
        name = ".".join(loc) or "__all__"
        fields.setdefault(name, []).append(_message(error))
    return {"detail": _("Please correct the errors below."), "errors": fields}
