"""Bad input to the request API and form is a 4xx naming the field, never a 500 (issue 13, item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spcp.intake.models import ProgramRequest

pytestmark = pytest.mark.django_db

URL = "/api/requests"


def post(client, payload, **headers):
    return client.post(URL, payload, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        ("requester_name", "Luis\x00 Ortega", "U+0000"),
        ("message", "Call us \u202eback", "U+202E"),
        ("organization", "City\x07", "U+0007"),
        ("incident_description", "\x1b[31mred", "U+001B"),
    ],
)
def test_control_characters_are_refused_by_field_and_nothing_is_stored(client, payload, field, text, code):
    payload[field] = text
    response = post(client, payload)
    assert response.status_code == 422
    assert response.json()["errors"] == {field: [f"Remove the invisible control character {code} from this text."]}
    assert not ProgramRequest.objects.exists()


def test_the_refusal_comes_back_in_korean(client, payload):
    payload["message"] = "\x00"
    body = post(client, payload, accept_language="ko").json()
    assert body["errors"]["message"] == ["이 글에 들어 있는 보이지 않는 제어 문자(U+0000)를 지워 주십시오."]


def test_line_breaks_and_tabs_stay_allowed(client, payload):
    payload["message"] = "First line\r\n\tSecond line 👩‍👩‍👧"
    assert post(client, payload).status_code == 201
    assert ProgramRequest.objects.get().message == "First line\r\n\tSecond line 👩‍👩‍👧"


@pytest.mark.parametrize("field", ["message", "incident_description"])
def test_text_past_the_forms_limit_is_refused_through_the_api(client, payload, field):
    payload[field] = "x" * 5001
    response = post(client, payload)
    assert response.status_code == 422
    assert response.json()["errors"] == {field: ["This text is too long."]}
    payload[field] = "x" * 5000
    assert post(client, payload).status_code == 201


def test_an_offset_or_limit_past_64_bits_is_a_422(login, role_users):
    client = login(role_users["admin"])
    for name in ("offset", "limit"):
        response = client.get(URL, {name: str(2**63)})
        assert response.status_code == 422
        assert list(response.json()["errors"]) == [name]
    assert client.get(URL, {"offset": "5", "limit": "10"}).status_code == 200


def test_an_integer_past_64_bits_in_a_body_is_a_422_naming_it(login, role_users, payload, client):
    program_request = post(client, payload).json()
    assert program_request["status"] == "new"
    staff = login(role_users["admin"])
    request_id = ProgramRequest.objects.get().pk
    response = staff.post(f"{URL}/{request_id}/accept", {"conciliator": 2**64}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"conciliator": ["This number is too large."]}


def test_the_request_form_refuses_a_control_character_on_its_field(client, form_data):
    form_data["requester_name"] = "Dana\u202e Whitfield"
    response = client.post(reverse("intake:request"), form_data)
    assert response.status_code == 200
    assert response.context["form"].errors["requester_name"] == [
        "Remove the invisible control character U+202E from this text."
    ]
    assert not ProgramRequest.objects.exists()


def test_the_request_form_says_once_what_is_wrong_with_a_nul_byte(client, form_data):
    form_data["message"] = "hello\x00"
    response = client.post(reverse("intake:request"), form_data)
    assert response.context["form"].errors["message"] == [
        "Remove the invisible control character U+0000 from this text."
    ]
