"""Staff pages: creating surveys by wave (gated by phase), opening and closing them, link, QR and flyer."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError

from spcp.evaluation import services
from spcp.evaluation.models import Survey, Wave
from spcp.programs.models import AuditEntry, Phase
from tests.evaluation.conftest import answer, make_survey, set_phase


def _url(program, rest=""):
    return f"/en/programs/{program.pk}/evaluation/{rest}"


def test_baseline_can_be_created_from_the_planning_phase(login, program, role_users):
    set_phase(program, Phase.PLANNING)
    client = login(role_users["conciliator"])
    response = client.post(_url(program, "surveys/add/"), {"wave": Wave.BASELINE})
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/surveys/{survey.pk}/")
    assert (survey.kind, survey.wave, survey.is_open) == ("outcome", "baseline", False)
    assert AuditEntry.objects.filter(action="evaluation.survey_created").count() == 1


def test_resubmitting_the_create_form_creates_nothing_new(login, program, role_users):
    set_phase(program, Phase.PLANNING)
    client = login(role_users["regional_director"])
    first = client.post(_url(program, "surveys/add/"), {"wave": Wave.BASELINE})
    again = client.post(_url(program, "surveys/add/"), {"wave": Wave.BASELINE})
    assert first["Location"] == again["Location"]
    assert Survey.objects.count() == 1
    assert AuditEntry.objects.filter(action="evaluation.survey_created").count() == 1


def test_follow_up_waves_are_refused_before_the_action_plan_phase(login, program, role_users):
    set_phase(program, Phase.FORUM)
    client = login(role_users["conciliator"])
    response = client.post(_url(program, "surveys/add/"), {"wave": Wave.TWELVE_MONTHS})
    assert response.status_code == 409
    assert "action plan phase" in response.content.decode()
    assert not Survey.objects.exists()
    feedback = client.post(_url(program, "surveys/add/"), {"wave": Wave.AFTER_DAY})
    assert feedback.status_code == 302
    assert Survey.objects.get().kind == "feedback"


def test_in_intake_no_wave_is_offered_and_the_reason_is_shown(login, program, role_users):
    client = login(role_users["conciliator"])
    html = client.get(_url(program, "surveys/add/")).content.decode()
    assert "Surveys open in stages" in html and 'name="wave"' not in html


def test_open_and_close_are_audited_and_change_the_phone_page(login, program, role_users, client):
    survey = make_survey(program, is_open=False)
    staff = login(role_users["conciliator"])
    staff.post(_url(program, f"surveys/{survey.pk}/status/"), {"is_open": "1"})
    survey.refresh_from_db()
    assert survey.is_open
    staff.post(_url(program, f"surveys/{survey.pk}/status/"), {"is_open": "0"})
    survey.refresh_from_db()
    assert not survey.is_open
    actions = list(AuditEntry.objects.filter(target_type="evaluation.survey").values_list("action", flat=True))
    assert actions.count("evaluation.survey_opened") == 1 and actions.count("evaluation.survey_closed") == 1


def test_detail_shows_the_language_neutral_link_the_code_and_an_accessible_qr(login, program, role_users):
    survey = make_survey(program)
    html = login(role_users["conciliator"]).get(_url(program, f"surveys/{survey.pk}/")).content.decode()
    assert f"http://testserver/s/{survey.code}/" in html
    assert survey.code in html
    assert '<svg role="img" aria-label="QR code for the survey link"' in html


def test_flyer_can_be_printed_in_a_respondents_language(login, program, role_users):
    survey = make_survey(program)
    response = login(role_users["conciliator"]).get(f"/es/programs/{program.pk}/evaluation/surveys/{survey.pk}/flyer/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="es">' in html
    assert f"/s/{survey.code}/" in html and 'hreflang="vi"' in html


def test_members_see_the_survey_list_but_cannot_manage(login, program, role_users):
    survey = make_survey(program)
    client = login(role_users["planning_member"])
    html = client.get(_url(program)).content.decode()
    assert "Baseline (before the forum)" in html and "Create a survey" not in html
    assert client.get(_url(program, f"surveys/{survey.pk}/")).status_code == 404
    assert client.post(_url(program, f"surveys/{survey.pk}/status/"), {"is_open": "0"}).status_code == 404
    survey.refresh_from_db()
    assert survey.is_open


def test_survey_list_query_count_does_not_grow_with_surveys(login, program, role_users, django_assert_max_num_queries):
    for wave in (Wave.BASELINE, Wave.THREE_MONTHS, Wave.TWELVE_MONTHS, Wave.AFTER_DAY):
        survey = make_survey(program, wave)
        for _ in range(3):
            answer(survey)
    client = login(role_users["conciliator"])
    with django_assert_max_num_queries(12):
        assert client.get(_url(program)).status_code == 200


def test_once_every_allowed_wave_exists_the_form_says_so(login, program, role_users):
    make_survey(program, Wave.BASELINE, phase=Phase.PLANNING)
    html = login(role_users["conciliator"]).get(_url(program, "surveys/add/")).content.decode()
    assert "Every survey this phase allows has been created" in html and 'name="wave"' not in html


def test_a_survey_may_let_respondents_leave_a_contact_which_only_staff_see(login, program, role_users, client):
    set_phase(program, Phase.PLANNING)
    staff = login(role_users["conciliator"])
    staff.post(_url(program, "surveys/add/"), {"wave": Wave.BASELINE, "allow_contact": "on"})
    survey = Survey.objects.get()
    assert not survey.anonymous
    survey.is_open = True
    survey.save()
    client.logout()
    page = client.get(f"/en/s/{survey.code}/").content.decode()
    assert 'name="contact"' in page and "This survey is anonymous." not in page
    data = {"client_token": "5b0a6f3e-7c1b-4a57-9a5e-2f4e2c6f1b11", "role": "resident", "contact": "555-0100"}
    data.update(dict.fromkeys(("trust_police", "partnership", "tension", "police_understand"), "3"))
    data["community_understand"] = "3"
    assert client.post(f"/en/s/{survey.code}/", data).status_code == 302
    assert "555-0100" in login(role_users["conciliator"]).get(_url(program, "results/")).content.decode()
    assert "555-0100" not in login(role_users["planning_member"]).get(_url(program, "results/")).content.decode()


def test_an_anonymous_survey_refuses_a_contact(program):
    survey = make_survey(program)
    with pytest.raises(ValidationError) as exc:
        services.response_submit(
            survey=survey,
            client_token=uuid.uuid4(),
            language="en",
            role="resident",
            answers={
                "trust_police": 3,
                "partnership": 3,
                "tension": 3,
                "police_understand": 3,
                "community_understand": 3,
            },
            contact="me@example.org",
        )
    assert "contact" in exc.value.message_dict
