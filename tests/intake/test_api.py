"""The requests API: public submission, staff listing, accept and decline."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from spcp.intake.models import ProgramRequest, RequestStatus
from spcp.programs.models import AuditEntry, Program
from tests import factories
from tests.intake import factories as intake_factories

pytestmark = pytest.mark.django_db

URL = "/api/requests"


def post(client, payload, **headers):
    return client.post(URL, payload, content_type="application/json", headers=headers)


def test_submission_answers_201_with_the_region_and_office(client, payload):
    response = post(client, payload)

    assert response.status_code == 201
    body = response.json()
    r = ProgramRequest.objects.get()
    assert body["status"] == "new"
    assert body["public_token"] == str(r.public_token)
    assert body["region"] == {"code": "southwest", "name": "Southwest"}
    assert body["office"]["name"] == "Dallas, TX"
    assert body["office"]["city"] == "Dallas"
    # The same office object as GET /api/offices answers for the state.
    assert body["office"] == client.get("/api/offices", {"state": "TX"}).json()["office"]
    assert body["confirmation_url"].endswith(f"/requests/submitted/{r.public_token}/")
    assert (r.trigger, r.languages, r.program_type.code) == ("critical_incident", ["es", "vi"], "spcp")


def test_florida_is_routed_to_the_miami_field_office(client, payload):
    payload["state"] = "fl"

    body = post(client, payload).json()

    assert body["region"]["code"] == "southeast"
    assert body["office"]["city"] == "Miami"


def test_office_name_follows_accept_language(client, payload):
    body = post(client, payload, accept_language="ko").json()

    assert body["office"]["name"] == "텍사스 주 댈러스"
    assert ProgramRequest.objects.get().submitted_language == "ko"


def test_retry_with_the_same_client_token_returns_the_first_request(client, payload):
    payload["client_token"] = str(uuid.uuid4())

    first = post(client, payload)
    retry = post(client, {**payload, "requester_name": "Someone else"})

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["public_token"] == first.json()["public_token"]
    assert ProgramRequest.objects.count() == 1
    assert AuditEntry.objects.filter(action="request.submitted").count() == 1


def test_invalid_input_gets_422_field_by_field_and_saves_nothing(client, payload):
    payload.update(requester_name="", email="nope", phone="555", concerns=[])

    response = post(client, payload)

    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert set(body["errors"]) == {"requester_name", "email", "phone", "concerns"}
    assert all(isinstance(m, list) and m for m in body["errors"].values())
    assert ProgramRequest.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_errors_come_back_in_korean_with_accept_language_ko(client, payload):
    payload.update(requester_name=" ", email="nope")

    body = post(client, payload, accept_language="ko").json()

    assert body["errors"]["requester_name"] == ["이 항목은 비워 둘 수 없습니다."]
    assert body["errors"]["email"] == ["올바른 이메일 주소를 입력하십시오."]
    with translation.override("ko"):
        assert body["detail"] == translation.gettext("Please correct the errors below.")


def test_critical_incident_without_date_or_description_is_refused(client, payload):
    payload.update(incident_date=None, incident_description="")

    body = post(client, payload).json()

    assert set(body["errors"]) == {"incident_date", "incident_description"}
    assert ProgramRequest.objects.count() == 0


def test_unknown_state_and_program_type_are_field_errors(client, payload):
    payload.update(state="ZZ", program_type="nope")

    response = post(client, payload)

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"state", "program_type"}


def test_schema_errors_have_the_same_shape(client, payload):
    payload.update(trigger="whenever")
    del payload["city"]

    response = post(client, payload)

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"trigger", "city"}


def test_too_many_submissions_get_429_json(client, payload, settings):
    settings.SPCP_RATE_LIMIT_PER_HOUR = 1
    post(client, payload)

    response = post(client, payload)

    assert response.status_code == 429
    assert "detail" in response.json()
    assert ProgramRequest.objects.count() == 1


def test_staff_list_is_scoped_like_the_triage_queue(login, role_users):
    texas = intake_factories.program_request("TX")
    new_york = intake_factories.program_request("NY")

    def ids(user):
        response = login(user).get(URL)
        assert response.status_code == 200
        return {item["id"] for item in response.json()["items"]}

    assert ids(role_users["admin"]) == {texas.pk, new_york.pk}
    assert ids(role_users["conciliator"]) == {texas.pk}
    assert ids(role_users["other_conciliator"]) == {new_york.pk}
    for role in ("planning_member", "outsider"):
        assert login(role_users[role]).get(URL).status_code == 404


def test_staff_list_needs_sign_in(client, db):
    assert client.get(URL).status_code == 401


def test_staff_list_filters_by_status(login, role_users):
    intake_factories.program_request()
    declined = intake_factories.program_request()
    declined.status, declined.decline_reason = RequestStatus.DECLINED, "Out of scope"
    declined.decided_at = declined.created_at
    declined.save()

    items = login(role_users["admin"]).get(URL, {"status": "declined"}).json()["items"]

    assert [i["id"] for i in items] == [declined.pk]


def test_accept_creates_the_program_with_its_conciliator(login, role_users):
    r = intake_factories.critical("TX", city="Galveston")
    rd = role_users["regional_director"]

    response = login(rd).post(
        f"{URL}/{r.pk}/accept", {"conciliator": role_users["conciliator"].pk}, content_type="application/json"
    )

    assert response.status_code == 200
    body = response.json()
    program = Program.objects.get(pk=body["program_id"])
    assert body["status"] == "accepted"
    assert body["decided_by"] == rd.get_username()
    assert program.title == "Galveston SPCP"
    assert program.conciliator == role_users["conciliator"]


def test_accept_refuses_a_conciliator_of_another_region(login, role_users):
    r = intake_factories.program_request("TX")

    response = login(role_users["admin"]).post(
        f"{URL}/{r.pk}/accept", {"conciliator": role_users["other_conciliator"].pk}, content_type="application/json"
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"conciliator"}
    assert Program.objects.filter(title__endswith="Springfield SPCP").count() == 1  # only the fixture's


def test_accept_with_an_empty_body_is_422_for_staff_and_404_for_another_region(login, role_users):
    r = intake_factories.program_request("TX")

    assert login(role_users["conciliator"]).post(f"{URL}/{r.pk}/accept").status_code == 422
    assert login(role_users["other_conciliator"]).post(f"{URL}/{r.pk}/accept").status_code == 404
    assert login(role_users["planning_member"]).post(f"{URL}/{r.pk}/accept").status_code == 404


def test_a_decided_request_cannot_be_decided_again_409(login, role_users):
    r = intake_factories.program_request("TX")
    client = login(role_users["conciliator"])
    client.post(f"{URL}/{r.pk}/decline", {"reason": "Not a police-community matter."}, content_type="application/json")

    again = client.post(
        f"{URL}/{r.pk}/accept", {"conciliator": role_users["conciliator"].pk}, content_type="application/json"
    )

    assert again.status_code == 409
    r.refresh_from_db()
    assert (r.status, r.program) == (RequestStatus.DECLINED, None)


def test_decline_needs_a_reason(login, role_users):
    r = intake_factories.program_request("TX")
    client = login(role_users["conciliator"])

    refused = client.post(f"{URL}/{r.pk}/decline", {"reason": "  "}, content_type="application/json")
    declined = client.post(
        f"{URL}/{r.pk}/decline", {"reason": "Handled by mediation."}, content_type="application/json"
    )

    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"reason"}
    assert declined.status_code == 200
    assert declined.json()["decline_reason"] == "Handled by mediation."


def test_get_one_request_is_404_for_another_region(login, role_users):
    r = intake_factories.program_request("TX")

    assert login(role_users["conciliator"]).get(f"{URL}/{r.pk}").status_code == 200
    assert login(role_users["other_conciliator"]).get(f"{URL}/{r.pk}").status_code == 404
    assert login(factories.user(role="facilitator", region=None)).get(f"{URL}/{r.pk}").status_code == 404


def test_staff_list_query_count_does_not_grow_with_requests(login, role_users, django_assert_max_num_queries):
    for _ in range(4):
        intake_factories.program_request("TX")
        intake_factories.critical("NY")
    client = login(role_users["admin"])

    with django_assert_max_num_queries(5):
        response = client.get(URL)

    assert response.json()["count"] == 8
