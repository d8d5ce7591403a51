from __future__ import annotations

import pytest

from spcp.offices.models import Office, Region, State

ALL_CODES = {
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP"
}
ALL_CODES = set(next(iter(ALL_CODES)).split())


def test_every_state_dc_and_territory_is_routed_to_an_office_of_its_region(db):
    states = State.objects.select_related("region", "office")
    assert {s.code for s in states} == ALL_CODES
    for state in states:
        assert state.office.region_id == state.region_id, state.code
    assert Region.objects.count() == 10
    assert Office.objects.filter(kind=Office.Kind.HEADQUARTERS, city="Washington").exists()


@pytest.mark.parametrize(
    ("state", "region", "city"),
    [
        ("TX", "southwest", "Dallas"),
        ("FL", "southeast", "Miami"),
        ("MI", "midwest", "Detroit"),
        ("GU", "west", "Los Angeles"),
        ("DC", "mid-atlantic", "Philadelphia"),
        ("PR", "northeast", "New York"),
    ],
)
def test_api_answers_region_and_office_for_a_state(client, db, state, region, city):
    response = client.get("/api/offices", {"state": state})
    assert response.status_code == 200
    body = response.json()
    assert body["region"]["code"] == region
    assert body["office"]["city"] == city
    assert body["state"]["code"] == state


def test_lowercase_codes_are_accepted(client, db):
    assert client.get("/api/offices", {"state": "tx"}).json()["region"]["code"] == "southwest"


def test_unknown_code_gets_a_4xx_that_lists_the_valid_codes(client, db):
    response = client.get("/api/offices", {"state": "ZZ"})
    assert response.status_code == 400
    body = response.json()
    assert "ZZ" in body["detail"]
    assert set(body["valid_codes"]) == ALL_CODES


def test_unknown_code_error_is_in_the_callers_language(client, db):
    response = client.get("/api/offices", {"state": "ZZ"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert "유효한 코드" in response.json()["detail"]


def test_region_names_follow_the_korean_brochure(client, db):
    body = client.get("/api/offices", {"state": "MA"}, HTTP_ACCEPT_LANGUAGE="ko").json()
    assert body["region"]["name"] == "뉴잉글랜드 지역"
    assert body["office"]["name"] == "매사추세츠 주 보스턴"


def test_routing_table_lists_every_state(client, db):
    assert {row["state"]["code"] for row in client.get("/api/offices/table").json()} == ALL_CODES


def test_office_directory_lists_regions_with_few_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/en/offices/")
    assert response.status_code == 200
    assert "Rocky Mountain" in response.content.decode()
