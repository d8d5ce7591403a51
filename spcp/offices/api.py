from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from spcp.offices import selectors
from spcp.offices.models import Region, State
from spcp.offices.schemas import OfficeStateOut, RouteOut, UnknownStateOut, office_out, region_out

router = Router(tags=["offices"])


def route_out(state: State) -> RouteOut:
    region: Region = state.region
    return RouteOut(
        state=OfficeStateOut(code=state.code, name=state.localized_name()),
        region=region_out(region),
        office=office_out(state.office),
    )


@router.get("", response={200: RouteOut, 400: UnknownStateOut}, auth=None)
def office_for_state(request: HttpRequest, state: str = ""):
    """The CRS region and office that serve a state, DC or territory (?state=TX)."""
    try:
        return Status(200, route_out(selectors.state_route(state)))
    except selectors.UnknownState as exc:
        return Status(
            400,
            UnknownStateOut(
                detail=_("Unknown state or territory code “%(code)s”. Use one of the valid codes.")
                % {"code": exc.code},
                valid_codes=exc.valid,
            ),
        )


@router.get("/table", response=list[RouteOut], auth=None)
def routing_table(request: HttpRequest):
    """Every state, DC and territory with the region and office that serve it."""
    return [route_out(s) for s in selectors.state_list()]
