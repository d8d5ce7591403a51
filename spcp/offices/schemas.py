from __future__ import annotations

from ninja import Schema

from spcp.offices.models import Office, Region


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


class OfficeStateOut(Schema):
    code: str
    name: str


class RouteOut(Schema):
    state: OfficeStateOut
    region: RegionOut
    office: OfficeOut


class UnknownStateOut(Schema):
    detail: str
    valid_codes: list[str]


def region_out(region: Region) -> RegionOut:
    return RegionOut(code=region.code, name=region.localized_name())


def office_out(office: Office) -> OfficeOut:
    return OfficeOut(
        name=office.localized_name(),
        city=office.city,
        state=office.state,
        kind=office.kind,
        email=office.email,
        phone=office.phone,
    )
