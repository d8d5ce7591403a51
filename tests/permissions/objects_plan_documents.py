"""The plan documents need the walker's program to have an action plan (its routes take no other id).
get_or_create: the actionplan app's objects file may already have made the program's one plan."""

from __future__ import annotations

from tests.actionplan.documents_helpers import make_plan


def make(program, role_users) -> dict[str, object]:
    make_plan(program)
    return {}
