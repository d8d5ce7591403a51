"""Council sign-up from a phone: the name stays out of the room unless its owner says so, and the contact must
be an email address or a phone number, refused in the phone's own language otherwise."""

from __future__ import annotations

import json

import pytest

from spcp.forum import services
from spcp.forum.models import CouncilVolunteer

pytestmark = pytest.mark.django_db

REFUSAL = {
    "en": "Enter an email address (like name@example.com) or a phone number with its area code, so CRS can reach you.",
    "ko": "CRS가 연락할 수 있도록 이메일 주소(예: name@example.com)나 지역 번호를 포함한 전화번호를 입력하십시오.",
    "es": "Escriba un correo electrónico (como nombre@ejemplo.com) o un número de teléfono con su código de área, "
    "para que el CRS pueda comunicarse con usted.",
    "zh_Hans": "请输入电子邮件地址（例如 name@example.com）或带区号的电话号码，以便 CRS 与您联系。",
    "vi": "Vui lòng nhập địa chỉ email (ví dụ: name@example.com) hoặc số điện thoại có mã vùng để CRS có thể liên "
    "lạc với quý vị.",
}


@pytest.fixture
def signup(room):
    room.fill({room.police.pk: 1, room.sectors[0].pk: 1})
    services.council_signup_set_open(forum=room.forum, is_open=True, actor=room.forum.program.conciliator)
    return room


def _volunteer(client, room, participant, **body):
    return client.post(
        f"/api/forum/{room.forum.join_code}/council",
        data=json.dumps({"name": "Minh Tran", **body}),
        content_type="application/json",
        HTTP_X_PARTICIPANT_TOKEN=participant.token,
    )


def test_a_volunteer_who_does_not_say_so_is_not_named_to_the_room(client, signup):
    response = _volunteer(client, signup, signup.people[0], contact="minh@example.org")
    assert response.status_code == 200
    volunteer = CouncilVolunteer.objects.get(pk=response.json()["id"])
    assert volunteer.show_name is False
    assert CouncilVolunteer._meta.get_field("show_name").default is False


def test_a_volunteer_who_ticks_the_box_is_named(client, signup):
    response = _volunteer(client, signup, signup.people[0], contact="minh@example.org", show_name=True)
    assert CouncilVolunteer.objects.get(pk=response.json()["id"]).show_name is True


@pytest.mark.parametrize(
    "contact",
    [
        "minh@example.org",
        "minh.tran+council@mail.example.co.uk",
        "555-0100",
        "(305) 555-0199",
        "+1 305 555 0199",
        "305.555.0199 ext. 12",
        "+84 28 3822 1234",
    ],
)
def test_an_email_address_or_a_phone_number_is_accepted(client, signup, contact):
    response = _volunteer(client, signup, signup.people[0], contact=contact)
    assert response.status_code == 200
    assert CouncilVolunteer.objects.get(pk=response.json()["id"]).contact == contact


@pytest.mark.parametrize(
    "contact",
    ["x", "call me", "12345", "minh@", "@example.org", "minh@example", "555-0100-1234-5678-9999", "--- ---", "=1+1"],
)
def test_anything_else_is_refused_with_a_message_on_the_contact_field(client, signup, contact):
    response = _volunteer(client, signup, signup.people[0], contact=contact)
    assert response.status_code == 422
    assert response.json()["errors"]["contact"] == [REFUSAL["en"]]
    assert not CouncilVolunteer.objects.exists()


@pytest.mark.parametrize("language", ["ko", "es", "zh_Hans", "vi"])
def test_the_refusal_is_in_the_phones_language(client, signup, language):
    participant = signup.people[0]
    participant.language = language
    participant.save(update_fields=["language"])
    response = _volunteer(client, signup, participant, contact="x")
    assert response.status_code == 422
    assert response.json()["errors"]["contact"] == [REFUSAL[language]]
