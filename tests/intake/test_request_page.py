"""The public request form and the requester's confirmation page."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from spcp.intake.models import ProgramRequest, RequestStatus
from spcp.programs.models import AuditEntry

pytestmark = pytest.mark.django_db


def form_url(lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("intake:request")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_request_form_is_public_and_renders_in_each_staff_language(client, lang):
    response = client.get(form_url(lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert html.count("<h1") == 1
    assert 'name="client_token"' in html
    assert "data-incident-fields" in html
    assert "usa-radio__input" in html and "usa-checkbox__input" in html


def test_valid_submission_redirects_to_the_office_that_will_call_back(client, form_data):
    response = client.post(form_url(), form_data)

    program_request = ProgramRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("intake:submitted", kwargs={"token": program_request.public_token})
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Miami, FL" in html  # Florida is served by the Miami field office
    assert program_request.office.phone in html
    assert f"mailto:{program_request.office.email}" in html
    assert "What happens next" in html
    assert 'name="robots" content="noindex"' in html


def test_submission_stores_every_answer_and_routes_at_once(client, form_data):
    token = uuid.uuid4()
    client.post(form_url(), {**form_data, "client_token": str(token)})

    r = ProgramRequest.objects.select_related("region", "office").get()
    assert (r.state_id, r.region.code, r.office.city) == ("FL", "southeast", "Miami")
    assert r.status == RequestStatus.NEW
    assert r.concerns == ["race", "national_origin"]
    assert r.languages == ["es"]
    assert r.program_type.code == "spcp"
    assert r.submitted_language == "en"
    assert r.client_token == token


def test_each_blank_form_carries_a_fresh_client_token(client):
    first, second = (client.get(form_url()).context["form"]["client_token"].value() for _ in range(2))
    assert uuid.UUID(str(first)) != uuid.UUID(str(second))


def test_confirmation_page_in_korean_names_the_office_in_korean(client, form_data):
    with translation.override("ko"):
        url = reverse("intake:request")
    response = client.post(url, form_data, follow=True)
    assert response.status_code == 200
    assert "플로리다 주 마이애미" in response.content.decode()
    assert ProgramRequest.objects.get().submitted_language == "ko"


def test_submission_writes_an_audit_entry_without_an_actor(client, form_data):
    client.post(form_url(), form_data)

    entry = AuditEntry.objects.get(action="request.submitted")
    assert entry.actor is None
    assert entry.actor_label == "public"
    assert entry.target_id == str(ProgramRequest.objects.get().pk)


def test_invalid_submission_saves_nothing_and_keeps_what_was_typed(client, form_data):
    form_data.update(requester_name="", email="not-an-email", concerns=[])

    response = client.post(form_url(), form_data)

    assert response.status_code == 200
    assert ProgramRequest.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    html = response.content.decode()
    assert "Please correct the errors below." in html
    assert 'value="Miami-Dade Community Coalition"' in html
    assert 'value="not-an-email"' in html
    assert "Choose at least one concern." in html
    # Errors are tied to their fields for screen readers.
    assert 'id="id_email-error"' in html
    assert 'aria-describedby="id_email-error"' in html
    assert 'aria-invalid="true"' in html


def test_errors_come_back_in_korean_on_the_korean_page(client, form_data):
    form_data.update(requester_name="", email="not-an-email")

    with translation.override("ko"):
        response = client.post(reverse("intake:request"), form_data)

    html = response.content.decode()
    assert ProgramRequest.objects.count() == 0
    assert "필수 입력 항목입니다." in html  # Django's "This field is required."
    assert "올바른 이메일 주소를 입력하십시오." in html


def test_critical_incident_needs_the_date_and_what_happened(client, form_data):
    form_data.update(trigger="critical_incident", incident_date="", incident_description="")

    response = client.post(form_url(), form_data)

    assert response.status_code == 200
    assert ProgramRequest.objects.count() == 0
    html = response.content.decode()
    assert "Enter the date of the incident." in html
    assert "Describe briefly what happened." in html


def test_every_error_is_shown_in_one_round(client, form_data):
    form_data.update(requester_name="", trigger="critical_incident", phone="555-0100")

    response = client.post(form_url(), form_data)

    assert set(response.context["form"].errors) == {
        "requester_name",
        "phone",
        "incident_date",
        "incident_description",
    }


def test_incident_date_cannot_be_in_the_future(client, form_data):
    next_week = datetime.date.today() + datetime.timedelta(days=7)
    form_data.update(
        trigger="critical_incident", incident_date=next_week.isoformat(), incident_description="An arrest."
    )

    response = client.post(form_url(), form_data)

    assert "The date of the incident cannot be in the future." in response.content.decode()
    assert ProgramRequest.objects.count() == 0


def test_critical_incident_is_stored_with_its_date_and_description(client, form_data):
    when = datetime.date.today() - datetime.timedelta(days=2)
    form_data.update(trigger="critical_incident", incident_date=when.isoformat(), incident_description="An arrest.")

    client.post(form_url(), form_data)

    r = ProgramRequest.objects.get()
    assert (r.trigger, r.incident_date, r.incident_description) == ("critical_incident", when, "An arrest.")


def test_proactive_request_ignores_incident_answers(client, form_data):
    form_data.update(incident_date="2024-01-01", incident_description="Left over from an earlier choice.")

    client.post(form_url(), form_data)

    r = ProgramRequest.objects.get()
    assert (r.incident_date, r.incident_description) == (None, "")


def test_sending_the_same_form_twice_creates_one_request(client, form_data):
    form_data["client_token"] = str(uuid.uuid4())

    first = client.post(form_url(), form_data)
    second = client.post(form_url(), form_data)

    assert ProgramRequest.objects.count() == 1
    assert first.url == second.url


def test_too_many_submissions_get_429_with_the_form_and_answers_kept(client, form_data, settings):
    settings.SPCP_RATE_LIMIT_PER_HOUR = 2
    for _ in range(2):
        client.post(form_url(), {**form_data, "client_token": str(uuid.uuid4())})

    response = client.post(form_url(), {**form_data, "client_token": str(uuid.uuid4())})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Your request was not sent" in html
    assert 'value="Dana Whitfield"' in html
    assert ProgramRequest.objects.count() == 2


def test_rate_limit_message_is_translated_on_the_korean_page(client, form_data, settings):
    settings.SPCP_RATE_LIMIT_PER_HOUR = 1
    with translation.override("ko"):
        client.post(reverse("intake:request"), form_data)
        response = client.post(reverse("intake:request"), form_data)
        expected = translation.gettext("Your request was not sent")

    assert response.status_code == 429
    assert expected in response.content.decode()


def test_unknown_confirmation_token_is_404(client):
    assert client.get(reverse("intake:submitted", kwargs={"token": uuid.uuid4()})).status_code == 404
