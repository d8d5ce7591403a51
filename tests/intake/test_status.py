"""The requester is not left in the dark: the confirmation page gives a case number and files headquarters'
contacts under headquarters; the status page opens with case number and email, without an account, gives one
answer for a wrong number and a wrong email, and is throttled."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from spcp.intake import services
from spcp.intake.views import STATUS_LOOKUPS_PER_HOUR
from tests import factories
from tests.intake import factories as intake_factories

pytestmark = pytest.mark.django_db
STATUS = "/en/requests/status/"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()


def _lookup(client, case_number: str, email: str, lang: str = "en"):
    return client.post(f"/{lang}/requests/status/", {"case_number": case_number, "email": email})


def test_confirmation_page_gives_the_case_number_and_files_headquarters_contacts_under_headquarters(client):
    request = intake_factories.program_request("NY")
    page = client.get(f"/ko/requests/submitted/{request.public_token}/").content.decode()
    assert request.case_number in page
    heading, _sep, rest = page.partition("연락을 받기 전에 CRS에 문의하려면")
    office_card = heading[heading.index("연락드릴 CRS 오피스") :]
    assert "뉴욕 주 뉴욕" in office_card and "202-305-2935" not in office_card  # not under the office's heading
    assert "CRS 본부" in rest and "202-305-2935" in rest and "askcrs@usdoj.gov" in rest


def test_status_page_shows_received_accepted_or_declined_and_the_office(client):
    request = intake_factories.program_request("TX")
    page = _lookup(client, request.case_number, "MARIA@springfield.example ").content.decode()
    assert "Received:" in page and request.case_number in page and "Dallas, TX" in page
    conciliator = factories.user(role="conciliator", region="southwest")
    services.request_accept(actor=conciliator, request=request, conciliator=conciliator, title="Springfield SPCP")
    assert "Accepted:" in _lookup(client, request.case_number.lower(), "maria@springfield.example").content.decode()

    other = intake_factories.program_request("TX", email="lee@town.example")
    services.request_decline(actor=conciliator, request=other, reason="Another CRS service fits better.")
    page = _lookup(client, other.case_number, "lee@town.example", "ko").content.decode()
    assert "거절됨" in page and "Another CRS service" not in page  # the staff's reason stays internal


def test_a_wrong_number_and_a_wrong_email_get_the_same_answer(client):
    request = intake_factories.program_request("TX")
    wrong_email = _lookup(client, request.case_number, "someone@else.example")
    wrong_number = _lookup(client, f"SPCP-{request.created_at:%Y}-{request.pk + 50:05d}", "maria@springfield.example")
    nonsense = _lookup(client, "not a case", "maria@springfield.example")
    answers = {r.status_code for r in (wrong_email, wrong_number, nonsense)}
    assert answers == {200}
    texts = [r.content.decode() for r in (wrong_email, wrong_number, nonsense)]
    for text in texts:
        assert "We found no request with this case number and email." in text
        assert "Received:" not in text and "Springfield" not in text


@override_settings(SPCP_TRUSTED_PROXIES=[])
def test_status_look_ups_are_throttled_per_client(client):
    request = intake_factories.program_request("TX")
    for _ in range(STATUS_LOOKUPS_PER_HOUR):
        assert _lookup(client, "SPCP-2026-99999", "x@y.example").status_code == 200
    refused = _lookup(client, request.case_number, "maria@springfield.example")
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert "Received:" not in refused.content.decode()


def test_the_status_form_needs_no_account_and_asks_for_both(client):
    page = client.get(STATUS).content.decode()
    assert 'name="case_number"' in page and 'name="email"' in page
