"""axe-core (WCAG 2.1 A/AA) on every page the app serves, in English and Korean, with real objects in them.

The routes come from the role × route table (docs/roles/*.md), so a new page is swept as soon as it is
listed there, and tests/permissions fails until it is."""

from __future__ import annotations

import re

import pytest

from spcp.programs.models import Phase
from tests import factories
from tests.permissions.routes import load_table
from tests.permissions.test_role_route_table import _object_kwargs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = sorted(
    route
    for (method, route), row in load_table().items()
    if method == "GET"
    and not route.startswith(("/api/", "/j/"))
    and not route.endswith((".svg", ".ics", ".csv"))
    and route not in ("/healthz", "/readyz", "/metrics", "/admin/")
)  # /j/{code} is the QR code's redirect to the participant page (swept); .svg, .ics and .csv are files


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_passes_axe_for_a_signed_in_conciliator(visitor, program, role_users, lang):
    kwargs = _object_kwargs(program, role_users)
    program.phase = Phase.PLANNING  # so the planning and training forms render editable, not read-only
    program.save(update_fields=["phase"])
    page = visitor.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", role_users["conciliator"].username)
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()
    for route in PAGES:
        path = re.sub(r"{(\w+)}", lambda m: str(kwargs[m.group(1)]), route)
        response = visitor.page.goto(f"{visitor.base_url}/{lang}{path}")
        assert response is not None and response.status < 400, f"{route}: {response and response.status}"
        visitor.check()
    # + the sign-in page, the two-step set-up and its recovery codes (a first sign-in), the dashboard
    assert len(visitor.checked) == len(PAGES) + 4
