from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from spcp.council.models import ProgressUpdate
from spcp.programs.models import Phase
from tests import factories
from tests.council.conftest import make_item, make_member, make_plan, make_step, publish, set_phase

pytestmark = pytest.mark.django_db


def _step_url(program, step):
    return f"/en/programs/{program.pk}/council/progress/steps/{step.pk}/"


def _api_url(program, step):
    return f"/api/programs/{program.pk}/council/steps/{step.pk}/updates"


@pytest.fixture
def step(council_program):
    return make_step(make_item(make_plan(council_program)), due_date=date(2026, 12, 1))


def _post(date_="2026-11-20", token=None, **extra):
    data = {"client_token": str(token or uuid.uuid4()), "date": date_, "status": "in_progress", "percent": "40"}
    data.update(extra)
    return data


def test_update_sets_the_steps_status_and_percent(council_program, role_users, login, step):
    client = login(role_users["council_member"])
    response = client.post(_step_url(council_program, step), _post(note="Room booked", language="en"))
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.status, step.percent) == ("in_progress", 40)
    page = client.get(_step_url(council_program, step)).content.decode()
    assert "Room booked" in page and 'lang="en"' in page


def test_a_resubmitted_form_records_one_update(council_program, role_users, login, step):
    client = login(role_users["planning_member"])
    data = _post()
    client.post(_step_url(council_program, step), data)
    client.post(_step_url(council_program, step), data)
    assert ProgressUpdate.objects.filter(step=step).count() == 1


def test_the_latest_update_by_date_decides_the_steps_figures(council_program, role_users, login, step):
    client = login(role_users["conciliator"])
    client.post(_step_url(council_program, step), _post("2026-11-20", percent="60"))
    client.post(_step_url(council_program, step), _post("2026-11-10", percent="20", status="blocked"))
    step.refresh_from_db()
    assert (step.status, step.percent) == ("in_progress", 60)
    client.post(_step_url(council_program, step), _post("2026-11-20", percent="70"))  # same date: later one wins
    step.refresh_from_db()
    assert step.percent == 70


def test_bad_input_shows_field_errors_and_keeps_the_values(council_program, role_users, login, step):
    client = login(role_users["conciliator"])
    response = client.post(_step_url(council_program, step), _post(percent="140", note="Half way there"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Half way there" in page and "140" in page
    assert not ProgressUpdate.objects.exists()


def test_facilitators_may_not_post_progress(council_program, role_users, login, step):
    client = login(role_users["facilitator"])
    assert client.get(_step_url(council_program, step)).status_code == 200
    assert client.post(_step_url(council_program, step), _post()).status_code == 404
    assert client.post(_api_url(council_program, step), _post(), content_type="application/json").status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_api_update_is_idempotent_by_client_token(council_program, role_users, login, step):
    client = login(role_users["council_member"])
    payload = {"client_token": str(uuid.uuid4()), "date": "2026-11-20", "status": "done", "percent": 100}
    first = client.post(_api_url(council_program, step), payload, content_type="application/json")
    again = client.post(_api_url(council_program, step), payload, content_type="application/json")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["step_status"] == "done" and first.json()["step_percent"] == 100
    assert ProgressUpdate.objects.count() == 1


def test_api_field_errors_are_in_the_callers_language(council_program, role_users, login, step):
    client = login(role_users["council_member"])
    payload = {"client_token": str(uuid.uuid4()), "date": "2026-11-20", "status": "nonsense", "percent": 50}
    response = client.post(
        _api_url(council_program, step), payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ko"
    )
    assert response.status_code == 422
    with translation.override("ko"):
        expected = gettext("Choose one of the listed options.")
    assert expected != "Choose one of the listed options."
    assert response.json()["errors"]["status"] == [expected]


def test_api_refuses_outsiders_before_reading_the_body(council_program, role_users, login, step):
    client = login(role_users["outsider"])
    response = client.post(_api_url(council_program, step), "not json", content_type="application/json")
    assert response.status_code == 404


def test_progress_api_rolls_items_up_by_weight(council_program, role_users, login):
    plan = make_plan(council_program)
    heavy = make_item(plan, "Heavy", weight=3, order=0)
    light = make_item(plan, "Light", weight=1, order=1)
    make_step(heavy, percent=100, status="done", weight=1)
    make_step(heavy, percent=0, weight=1)
    make_step(heavy, percent=0, status="dropped", weight=5)
    make_step(light, percent=100, status="done")
    response = login(role_users["facilitator"]).get(f"/api/programs/{council_program.pk}/council/progress")
    body = response.json()
    assert [i["percent"] for i in body["items"]] == [50.0, 100.0]
    assert body["percent"] == pytest.approx((3 * 50 + 100) / 4)


def test_progress_page_flags_overdue_steps_with_text(council_program, role_users, login):
    item = make_item(make_plan(council_program))
    make_step(item, "Late step", due_date=timezone.now().date() - timedelta(days=2))
    page = login(role_users["planning_member"]).get(f"/en/programs/{council_program.pk}/council/progress/")
    assert page.status_code == 200
    assert "Overdue" in page.content.decode() and "1 step overdue" in page.content.decode()


def test_progress_page_query_count(council_program, role_users, login, django_assert_max_num_queries):
    plan = make_plan(council_program)
    for n in range(4):
        item = make_item(plan, f"Item {n}", order=n)
        for m in range(3):
            make_step(item, f"Step {n}.{m}", order=m)
    client = login(role_users["conciliator"])
    with django_assert_max_num_queries(12):
        assert client.get(f"/en/programs/{council_program.pk}/council/progress/").status_code == 200


def test_outside_the_council_phase_progress_is_read_only(program, role_users, login):
    set_phase(program, Phase.ACTION_PLAN)
    step = make_step(make_item(make_plan(program)))
    client = login(role_users["council_member"])
    page = client.get(_step_url(program, step))
    assert page.status_code == 200 and "read-only" in page.content.decode()
    assert client.post(_step_url(program, step), _post()).status_code == 409
    assert not ProgressUpdate.objects.exists()


# ---- the public page ----------------------------------------------------------------------------------------


@pytest.fixture
def public_plan(council_program):
    plan = make_plan(council_program, public_progress=True, language="en")
    item = make_item(plan, "Community walks with officers")
    step = make_step(
        item,
        "Organise monthly walks",
        responsible_person="Officer Jordan Whitfield",
        responsible_email="jordan.whitfield@example.org",
    )
    publish(plan)
    make_member(council_program, "Councillor Bianca Okafor", email="bianca.okafor@example.org", phone="555-0142")
    return plan, step


def test_public_progress_page_shows_progress_and_no_personal_data(client, council_program, role_users, public_plan):
    plan, step = public_plan
    author = factories.user(role="council_member", region=None, username="update-author", first_name="Quentin")
    ProgressUpdate.objects.create(
        step=step, date=date(2026, 11, 1), status="in_progress", percent=50, note="Quentin says hi", author=author
    )
    step.status, step.percent = "in_progress", 50
    step.save()
    response = client.get(f"/en/progress/{plan.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Organise monthly walks" in page and "50%" in page
    assert 'role="img"' in page and "<caption>" in page
    for secret in (
        "Jordan Whitfield",
        "jordan.whitfield@example.org",
        "Bianca Okafor",
        "bianca.okafor@example.org",
        "555-0142",
        "Quentin",
        "update-author",
        role_users["conciliator"].get_username(),
        role_users["conciliator"].email or "never-present",
    ):
        assert secret not in page, secret


@pytest.mark.parametrize("lang", ["ko", "es", "zh-hans", "vi"])
def test_public_progress_page_in_the_readers_language(client, public_plan, lang):
    plan, _step = public_plan
    response = client.get(f"/{lang}/progress/{plan.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert '<span lang="en">Community walks with officers</span>' in page


def test_public_progress_page_is_404_unless_published_and_opted_in(client, council_program):
    draft = make_plan(council_program, public_progress=True)
    assert client.get(f"/en/progress/{draft.pk}/").status_code == 404
    publish(draft)
    assert client.get(f"/en/progress/{draft.pk}/").status_code == 200
    draft.public_progress = False
    draft.save()
    assert client.get(f"/en/progress/{draft.pk}/").status_code == 404


def test_public_page_uses_the_published_snapshot_joined_to_live_figures(client, council_program):
    plan = make_plan(council_program, public_progress=True)
    item = make_item(plan, "Published item")
    step = make_step(item, "Published step")
    publish(plan)
    make_step(item, "Draft step added after publishing")
    step.percent, step.status = 80, "in_progress"
    step.save()
    page = client.get(f"/en/progress/{plan.pk}/").content.decode()
    assert "Published step" in page and "80%" in page
    assert "Draft step added after publishing" not in page


def test_progress_api_is_json(council_program, role_users, login):
    response = login(role_users["conciliator"]).get(f"/api/programs/{council_program.pk}/council/progress")
    assert json.loads(response.content) == {"plan_id": None, "percent": None, "items": []}
