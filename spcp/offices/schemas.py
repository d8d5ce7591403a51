from __future__ import annotations

from ninja import Schema


class RegionOut(Schema):
    code: str
    name: str


class OfficeOut(Schema):
    name: str
    city: str
    state: str
    kind: str
    email: str
    phone: str


class StateOut(Schema):
    code: str
    name: str


class RouteOut(Schema):
    state: StateOut
    region: RegionOut
    office: OfficeOut


class UnknownStateOut(Schema):
    detail: str
    valid_codes: list[str]
