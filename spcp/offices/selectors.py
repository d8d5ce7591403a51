"""Reads of the routing table."""

from __future__ import annotations

from django.db.models import QuerySet

from spcp.offices.models import Office, Region, State


class UnknownState(LookupError):
    def __init__(self, code: str, valid: list[str]):
        super().__init__(code)
        self.code = code
        self.valid = valid


def state_list() -> QuerySet[State]:
    return State.objects.select_related("region", "office").order_by("code")


def state_route(code: str) -> State:
    """The state (with its region and office) for a two-letter code, or UnknownState listing the valid codes."""
    normalized = (code or "").strip().upper()
    try:
        return state_list().get(code=normalized)
    except State.DoesNotExist:
        raise UnknownState(code, list(state_list().values_list("code", flat=True))) from None


def region_list() -> QuerySet[Region]:
    return Region.objects.prefetch_related("offices", "states").order_by("order")


def headquarters() -> Office | None:
    return Office.objects.filter(kind=Office.Kind.HEADQUARTERS).first()
