"""The training pages through HTTP: readiness overview, lists, forms, attendance, read-only phases, access."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from spcp.programs.models import AuditEntry, Language, Phase
from spcp.training.models import Attendance, Facilitator, Module, TrainingSession
from tests import factories
from tests.training.conftest import set_phase

pytestmark = pytest.mark.django_db


def url(name: str, program, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(f"training:{name}", kwargs={"program_id": program.pk, **kwargs})


@pytest.fixture
def staff(login, training):
    return login(training.conciliator)


# --- overview ---------------------------------------------------------------------------------------------


def test_overview_shows_ready_of_needed_recommended_and_each_facilitators_modules(
    staff, training, modules, add_facilitator, add_session
):
    training.languages = [Language.SPANISH, Language.KOREAN]
    training.save()
    ana = add_facilitator("Ana Reyes", languages=[Language.SPANISH])
    add_facilitator("Ben Ortiz")
    add_session(modules, attendees=[ana])

    page = staff.get(url("overview", training)).content.decode()

    assert "Ready facilitators: 1 of 5 needed (one for each breakout group)." in page
    assert "Recommended: 10 (two for each breakout group" in page
    assert "Train 4 more facilitators: the forum needs one ready facilitator for each breakout group." in page
    assert "Ana Reyes" in page and "Ben Ortiz" in page
    assert "Not ready yet</span>" in page and " Ready</span>" in page
    assert "Not covered: no ready facilitator speaks it" in page  # Korean
    assert "#check_circle" in page and "#cancel" in page  # icons with the text, not colour alone


def test_overview_says_when_enough_facilitators_are_ready(staff, training, modules, add_facilitator, add_session):
    training.expected_groups = 1
    training.save()
    add_session(modules, attendees=[add_facilitator("Ana")])
    page = staff.get(url("overview", training)).content.decode()
    assert "Enough facilitators are ready for the forum." in page


def test_overview_is_read_only_outside_the_editing_phases_and_says_why(login, program):
    page = login(program.conciliator).get(url("overview", program)).content.decode()
    assert "so these pages are read-only" in page
    assert "Intake" in page


def test_overview_is_translated_into_korean(staff, training):
    response = staff.get(url("overview", training, language="ko"))
    assert response.status_code == 200
    assert 'lang="ko"' in response.content.decode()


# --- facilitators -----------------------------------------------------------------------------------------


def test_add_facilitator_through_the_form(staff, training):
    response = staff.post(
        url("facilitator_add", training),
        {"name": "Ana Reyes", "email": "ana@example.org", "phone": "512-555-0100", "languages": ["es", "en"]},
    )
    assert response.status_code == 302
    ana = Facilitator.objects.get(program=training)
    assert ana.languages == ["en", "es"]
    assert AuditEntry.objects.filter(action="training.facilitator_added", actor=training.conciliator).exists()


def test_invalid_facilitator_form_shows_errors_by_field_keeps_input_and_saves_nothing(staff, training):
    response = staff.post(
        url("facilitator_add", training),
        {"name": "", "email": "nope", "phone": "555 CALL NOW", "organisation": "Casa Hogar", "account": "ghost"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_name-error"' in page and 'id="id_email-error"' in page and 'id="id_account-error"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="Casa Hogar"' in page  # what the user typed is kept
    assert "Please correct the errors below." in page
    assert not Facilitator.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="training.").exists()


def test_service_validation_errors_land_on_the_matching_field(staff, training, add_facilitator):
    add_facilitator("Ana", email="ana@example.org")
    response = staff.post(url("facilitator_add", training), {"name": "Ana 2", "email": "ANA@example.org"})
    assert response.status_code == 200
    assert "Another facilitator in this program already has this email address." in response.content.decode()
    assert Facilitator.objects.count() == 1


def test_linking_an_account_by_username_gives_the_volunteer_access(staff, login, training):
    volunteer = factories.user(role="facilitator", region=None, username="ana.vol", email="ana@example.org")
    staff.post(url("facilitator_add", training), {"name": "Ana", "account": "ANA@example.org"})
    facilitator = Facilitator.objects.get(program=training)
    assert facilitator.user == volunteer
    client = login(volunteer)
    assert client.get(url("overview", training)).status_code == 200
    assert client.get(url("facilitator", training, facilitator_id=facilitator.pk)).status_code == 200


def test_edit_facilitator_prefills_and_saves(staff, training, add_facilitator):
    ana = add_facilitator("Ana", organisation="Casa Hogar")
    page = staff.get(url("facilitator_edit", training, facilitator_id=ana.pk)).content.decode()
    assert 'value="Casa Hogar"' in page
    response = staff.post(url("facilitator_edit", training, facilitator_id=ana.pk), {"name": "Ana María"})
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.name, ana.organisation) == ("Ana María", "")


def test_facilitator_list_shows_readiness_and_contacts_for_staff(
    staff, training, modules, add_facilitator, add_session
):
    add_session(modules, attendees=[add_facilitator("Ana", email="ana@example.org")])
    add_facilitator("Ben")
    page = staff.get(url("facilitators", training)).content.decode()
    assert "2 facilitators, 1 ready." in page
    assert "mailto:ana@example.org" in page
    assert "6 required modules missing" in page


def test_facilitator_list_hides_contacts_from_council_members(login, training, role_users, add_facilitator):
    add_facilitator("Ana", email="ana@example.org")
    page = login(role_users["council_member"]).get(url("facilitators", training)).content.decode()
    assert "Ana" in page
    assert "ana@example.org" not in page


def test_a_facilitator_sees_their_own_record_but_not_anothers(login, training, role_users, actor):
    from spcp.training import services

    own = services.facilitator_add(actor=actor, program=training, name="Me", user=role_users["facilitator"])
    other = services.facilitator_add(actor=actor, program=training, name="Someone else", email="else@example.org")
    client = login(role_users["facilitator"])
    assert client.get(url("facilitator", training, facilitator_id=own.pk)).status_code == 200
    assert client.get(url("facilitator", training, facilitator_id=other.pk)).status_code == 404
    assert client.get(url("facilitator_edit", training, facilitator_id=own.pk)).status_code == 404


def test_facilitator_of_another_program_is_not_found(staff, training, actor):
    from spcp.training import services

    other = set_phase(factories.program(state="TX", title="Other Texas program"), Phase.TRAINING)
    stranger = services.facilitator_add(actor=actor, program=other, name="Stranger")
    assert staff.get(url("facilitator", training, facilitator_id=stranger.pk)).status_code == 404


# --- sessions and attendance ------------------------------------------------------------------------------


def test_schedule_a_session_with_modules(staff, training, modules):
    response = staff.post(
        url("session_add", training),
        {
            "starts_at": "2025-05-14T18:00",
            "duration_minutes": "180",
            "location": "Rosenberg Library",
            "trainer": "CRS Southwest",
            "modules": [modules[0].pk, modules[1].pk],
        },
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get(program=training)
    assert session.location == "Rosenberg Library"
    assert set(session.modules.all()) == set(modules[:2])


def test_invalid_session_form_shows_errors_and_saves_nothing(staff, training, modules):
    response = staff.post(
        url("session_add", training),
        {"starts_at": "not a date", "duration_minutes": "0", "location": "Library", "modules": [modules[0].pk]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_starts_at-error"' in page and 'id="id_duration_minutes-error"' in page
    assert 'value="Library"' in page
    assert not TrainingSession.objects.exists()


def test_a_session_cannot_cover_another_programs_module(staff, training):
    other = factories.program(state="TX", title="Other")
    foreign = Module.objects.filter(program=other).first()
    response = staff.post(
        url("session_add", training),
        {"starts_at": "2025-05-14T18:00", "duration_minutes": "60", "modules": [foreign.pk]},
    )
    assert response.status_code == 200
    assert not TrainingSession.objects.exists()


def test_edit_session(staff, training, modules, add_session):
    session = add_session(modules[:1], location="Old")
    response = staff.post(
        url("session_edit", training, session_id=session.pk),
        {"starts_at": "2025-05-14T18:00", "duration_minutes": "90", "location": "New", "modules": [modules[2].pk]},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.location == "New" and list(session.modules.all()) == [modules[2]]


def test_attendance_is_saved_in_one_submit_and_counts_towards_readiness(
    staff, training, modules, add_facilitator, add_session
):
    ana, ben, cy = add_facilitator("Ana"), add_facilitator("Ben"), add_facilitator("Cy")
    session = add_session(modules, attendees=[cy])
    page = staff.get(url("session_attendance", training, session_id=session.pk)).content.decode()
    assert page.count('type="checkbox"') == 3
    assert "checked" in page

    response = staff.post(
        url("session_attendance", training, session_id=session.pk), {"facilitators": [ana.pk, ben.pk]}
    )

    assert response.status_code == 302
    assert set(Attendance.objects.values_list("facilitator__name", flat=True)) == {"Ana", "Ben"}
    overview = staff.get(url("overview", training)).content.decode()
    assert "Ready facilitators: 2 of 5 needed" in overview


def test_attendance_with_no_ticks_clears_the_list(staff, training, add_facilitator, add_session):
    session = add_session([], attendees=[add_facilitator("Ana")])
    response = staff.post(url("session_attendance", training, session_id=session.pk), {})
    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_attendance_refuses_an_unknown_facilitator(staff, training, add_facilitator, add_session):
    session = add_session([], attendees=[add_facilitator("Ana")])
    response = staff.post(url("session_attendance", training, session_id=session.pk), {"facilitators": ["99999"]})
    assert response.status_code == 200
    assert 'id="id_facilitators-error"' in response.content.decode()
    assert Attendance.objects.count() == 1


# --- modules ----------------------------------------------------------------------------------------------


def test_add_an_optional_module(staff, training):
    response = staff.post(url("module_add", training), {"title": "Working with interpreters", "description": "ASL too"})
    assert response.status_code == 302
    module = Module.objects.get(program=training, title="Working with interpreters")
    assert module.required is False  # an unticked checkbox


def test_edit_a_standard_module_without_a_title_field(staff, training, modules):
    page = staff.get(url("module_edit", training, module_id=modules[0].pk)).content.decode()
    assert 'name="title"' not in page
    assert "Conflict resolution basics" in page
    response = staff.post(url("module_edit", training, module_id=modules[0].pk), {"required": "", "order": "5"})
    assert response.status_code == 302
    modules[0].refresh_from_db()
    assert (modules[0].required, modules[0].order) == (False, 5)


def test_module_list_marks_required_and_optional_with_text(staff, training, actor):
    from spcp.training import services

    services.module_create(actor=actor, program=training, title="Interpreters", required=False)
    page = staff.get(url("modules", training)).content.decode()
    assert ">Required<" in page and ">Optional<" in page
    assert "Ground rules and confidentiality" in page


# --- read-only phases -------------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.INTAKE, Phase.ACTION_PLAN, Phase.COUNCIL])
def test_forms_are_read_only_outside_the_editing_phases_and_posts_are_refused(login, training, add_facilitator, phase):
    ana = add_facilitator("Ana")
    set_phase(training, phase)
    client = login(training.conciliator)

    page = client.get(url("facilitator_edit", training, facilitator_id=ana.pk)).content.decode()
    assert "so these pages are read-only" in page
    assert "disabled" in page and 'type="submit"' not in page.split("<main", 1)[1]

    response = client.post(url("facilitator_edit", training, facilitator_id=ana.pk), {"name": "Changed"})
    assert response.status_code == 409
    assert "Nothing was saved." in response.content.decode()
    ana.refresh_from_db()
    assert ana.name == "Ana"

    assert client.post(url("facilitator_add", training), {"name": "Ben"}).status_code == 409
    assert Facilitator.objects.count() == 1


def test_list_pages_hide_add_buttons_when_read_only(login, program):
    page = login(program.conciliator).get(url("facilitators", program)).content.decode()
    assert url("facilitator_add", program) not in page


# --- access -----------------------------------------------------------------------------------------------

VIEW_PAGES = ["overview", "facilitators", "sessions", "modules"]
EDIT_PAGES = ["facilitator_add", "session_add", "module_add"]


@pytest.mark.parametrize("name", VIEW_PAGES + EDIT_PAGES)
def test_another_regions_conciliator_and_a_non_member_get_404(login, training, role_users, name):
    for who in ("other_conciliator", "outsider"):
        assert login(role_users[who]).get(url(name, training)).status_code == 404


@pytest.mark.parametrize("name", VIEW_PAGES)
def test_every_member_may_view(login, training, role_users, name):
    for who in ("admin", "regional_director", "planning_member", "facilitator", "council_member"):
        assert login(role_users[who]).get(url(name, training)).status_code == 200, who


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_staff_and_planning_members_may_edit_but_facilitators_and_council_may_not(login, training, role_users, name):
    for who in ("admin", "regional_director", "conciliator", "planning_member"):
        assert login(role_users[who]).get(url(name, training)).status_code == 200, who
    for who in ("facilitator", "council_member"):
        assert login(role_users[who]).get(url(name, training)).status_code == 404, who


def test_a_planning_member_adds_a_facilitator(login, training, role_users):
    response = login(role_users["planning_member"]).post(url("facilitator_add", training), {"name": "Ana"})
    assert response.status_code == 302
    assert Facilitator.objects.filter(program=training, name="Ana").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, training):
    response = client.get(url("overview", training))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- query counts -----------------------------------------------------------------------------------------


@pytest.fixture
def busy_program(training, modules, add_facilitator, add_session):
    people = [add_facilitator(f"Volunteer {i}", languages=["es"]) for i in range(12)]
    for i in range(5):
        add_session(modules[i : i + 2], attendees=people[i:])
    training.languages = ["es", "vi"]
    training.save()
    return training


@pytest.mark.parametrize("name", VIEW_PAGES)
def test_list_pages_use_a_fixed_number_of_queries(staff, busy_program, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # 7 + the session's two-step sign-in device
        response = staff.get(url(name, busy_program))
    assert response.status_code == 200


def test_attendance_page_uses_a_fixed_number_of_queries(staff, busy_program, django_assert_max_num_queries):
    session = TrainingSession.objects.filter(program=busy_program).first()
    with django_assert_max_num_queries(10):
        assert staff.get(url("session_attendance", busy_program, session_id=session.pk)).status_code == 200


def test_program_page_lists_the_training_gate_before_the_forum(staff, training):
    with translation.override("en"):
        path = reverse("programs:detail", kwargs={"program_id": training.pk})
    page = staff.get(path).content.decode()
    assert "Train 5 more facilitators: the forum needs one ready facilitator for each breakout group." in page


def test_list_page_queries_do_not_grow_with_more_facilitators(
    staff, busy_program, modules, add_facilitator, add_session, django_assert_max_num_queries
):
    more = [add_facilitator(f"Extra {i}") for i in range(20)]
    add_session(modules, attendees=more)
    for name in VIEW_PAGES:
        with django_assert_max_num_queries(8):  # 7 + the session's two-step sign-in device
            assert staff.get(url(name, busy_program)).status_code == 200
