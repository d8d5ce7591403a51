"""What the app accepts from outside, decided in one place: text without control characters, whole numbers
that fit in 64 bits.

Forms (common.forms), JSON bodies (common.api.InputParser and parse_body), URLs (common.middleware) and the
forum's websocket all ask this module. PostgreSQL cannot store a NUL byte or a lone surrogate, and both
databases refuse integers past 64 bits, so such input used to end in a 500; the other control characters
(BEL, ESC, the bidirectional overrides such as RLO that make text display in a different order than it is
stored) are never typed by a person and only serve to deceive or to break screens and exports.
Tab, line feed and carriage return stay allowed; so do the zero-width joiners that emoji and some scripts need.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# C0 controls but tab, LF, CR; DEL and C1 controls; bidirectional embeddings, overrides and isolates;
# lone surrogates (JSON can carry them, UTF-8 cannot).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

CONTROL_CHARACTER = "control_character"
INT_OUT_OF_RANGE = "int_out_of_range"

Loc = tuple[str | int, ...]


def forbidden_character(text: str) -> str | None:
    """The first character of `text` that the app refuses to store, or None."""
    found = _FORBIDDEN.search(text)
    return found.group() if found else None


def character_code(character: str) -> str:
    return f"U+{ord(character):04X}"


def control_character_message(code: str) -> str:
    """The refusal, naming the character by its code point (e.g. U+202E): it is invisible by nature."""
    return _("Remove the invisible control character %(code)s from this text.") % {"code": code}


def out_of_range_message() -> str:
    return _("This number is too large.")


def validate_text(value: object) -> None:
    """A Django validator: refuse text holding a control character (forms add it to every text field)."""
    if isinstance(value, str) and (character := forbidden_character(value)) is not None:
        raise ValidationError(control_character_message(character_code(character)), code=CONTROL_CHARACTER)


def fits_int64(value: int) -> bool:
    return INT64_MIN <= value <= INT64_MAX


def json_errors(data: object, loc: Loc = ()) -> list[dict[str, Any]]:
    """Every string with a control character and every integer past 64 bits in decoded JSON, as
    pydantic-style errors ({"type", "loc", "msg", "ctx"}) that common.api_errors turns into messages."""
    errors: list[dict[str, Any]] = []
    _walk(data, loc, errors)
    return errors


def _walk(data: object, loc: Loc, errors: list[dict[str, Any]]) -> None:
    if isinstance(data, str):
        if (character := forbidden_character(data)) is not None:
            errors.append(_error(CONTROL_CHARACTER, loc, code=character_code(character)))
    elif isinstance(data, bool):
        return
    elif isinstance(data, int):
        if not fits_int64(data):
            errors.append(_error(INT_OUT_OF_RANGE, loc))
    elif isinstance(data, dict):
        for key, value in data.items():
            key_loc = (*loc, str(key))
            _walk(key, key_loc, errors)
            _walk(value, key_loc, errors)
    elif isinstance(data, Sequence) and not isinstance(data, bytes | bytearray):
        for index, value in enumerate(data):
            _walk(value, (*loc, index), errors)


def _error(kind: str, loc: Loc, **ctx: str) -> dict[str, Any]:
    return {"type": kind, "loc": loc, "msg": kind, "ctx": ctx}
