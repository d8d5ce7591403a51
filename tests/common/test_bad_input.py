"""Bad input in URLs is a 4xx, never a 500: any path segment where an id goes, control characters anywhere in
the path or query (issue 13, item 5)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("segment", ["false", "1e3", "١٢", "99999999999999999999999"])
def test_a_program_id_that_is_not_one_is_refused_before_any_view(client, segment):
    # Anonymous: the API asks for a session, as for any other program id (the time-zone middleware used to 500).
    assert client.get(f"/api/programs/{segment}").status_code == 401


def test_staff_asking_for_a_program_id_that_is_not_one_get_a_422_naming_it(login, role_users):
    response = login(role_users["admin"]).get("/api/programs/false")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["path.program_id"]


def test_a_program_id_past_64_bits_is_not_found(login, role_users):
    assert login(role_users["admin"]).get(f"/api/programs/{2**64}").status_code == 404


def test_a_control_character_in_an_api_path_is_a_400_that_names_it(client):
    response = client.get("/api/forum/AB%00CD")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The address holds an invisible control character (U+0000). Check the link.",
        "errors": {},
    }


def test_a_control_character_in_a_query_or_page_path_is_a_400(client):
    assert client.get("/api/offices", {"state": "T\x1bX"}).status_code == 400
    response = client.get("/ko/f/AB%E2%80%AECD/")
    assert response.status_code == 400
    assert "U+202E" in response.content.decode()
