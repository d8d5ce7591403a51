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


def test_a_control_character_in_an_api_query_is_a_400_that_names_it(client):
    response = client.get("/api/offices", {"state": "T\x1bX"}, headers={"accept-language": "ko"})
    assert response.status_code == 400
    assert response.json()["detail"] == "주소에 보이지 않는 제어 문자(U+001B)가 들어 있습니다. 링크를 확인해 주십시오."


def test_a_control_character_in_a_page_url_is_the_sites_400_and_logged_as_suspicious(client, caplog):
    with caplog.at_level("WARNING", logger="django.security"):
        response = client.get("/ko/f/AB%E2%80%AECD/")
    assert response.status_code == 400
    assert any("U+202E" in record.getMessage() for record in caplog.records)
