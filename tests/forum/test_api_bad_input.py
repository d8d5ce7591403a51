"""Bad input from phones is a 4xx naming the field, never a 500 (issue 13, item 5)."""

from __future__ import annotations

import uuid

import pytest

from tests.forum.test_api import _join, _json, _voting

pytestmark = pytest.mark.django_db


def test_a_revision_past_64_bits_is_a_422_in_the_callers_language(client, room):
    a, _, _ = _voting(room)
    token = _join(client, room, language="ko").json()["token"]
    body = {"client_token": str(uuid.uuid4()), "revision": 2**63, "dots": {str(a.pk): 1}}
    response = _json(
        client, "put", f"/api/forum/{room.forum.join_code}/dots", body, token=token, HTTP_ACCEPT_LANGUAGE="ko"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"revision": ["숫자가 너무 큽니다."]}


def test_patching_me_with_a_field_it_does_not_change_is_a_422_naming_it(client, room):
    token = _join(client, room).json()["token"]
    body = {"language": "en", "display_name": "Sam", "sector_id": 1}
    response = _json(client, "patch", f"/api/forum/{room.forum.join_code}/me", body, token=token)
    assert response.status_code == 422
    assert response.json()["errors"] == {"sector_id": ["This field cannot be changed here."]}


def test_a_display_name_with_a_control_character_is_refused(client, room):
    token = _join(client, room).json()["token"]
    body = {"language": "en", "display_name": "Sam\x07"}
    response = _json(client, "patch", f"/api/forum/{room.forum.join_code}/me", body, token=token)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "display_name": ["Remove the invisible control character U+0007 from this text."]
    }
