"""Staff triage: the queue, a request's page, accepting and declining."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spcp.intake.models import ProgramRequest, RequestStatus
from spcp.programs.models import AuditEntry, Program
from tests import factories
from tests.intake import factories as intake_factories

pytestmark = pytest.mark.django_db

TRIAGE = "intake:triage"


def listed(response) -> list[int]:
    return [r.pk for r in response.context["page"].object_list]


def test_triage_needs_sign_in(client, db):
    response = client.get(reverse(TRIAGE))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_admin_sees_every_region_and_regional_staff_their_own(login, role_users):
    texas = intake_factories.program_request("TX")
    new_york = intake_factories.program_request("NY")

    assert set(listed(login(role_users["admin"]).get(reverse(TRIAGE)))) == {texas.pk, new_york.pk}
    assert listed(login(role_users["regional_director"]).get(reverse(TRIAGE))) == [texas.pk]
    assert listed(login(role_users["conciliator"]).get(reverse(TRIAGE))) == [texas.pk]
    assert listed(login(role_users["other_conciliator"]).get(reverse(TRIAGE))) == [new_york.pk]


@pytest.mark.parametrize("role", ["planning_member", "facilitator", "council_member", "outsider"])
def test_triage_is_404_for_anyone_but_crs_staff(login, role_users, role):
    intake_factories.program_request("TX")
    assert login(role_users[role]).get(reverse(TRIAGE)).status_code == 404


def test_new_critical_incidents_come_first_then_newest_first(login, role_users):
    older = intake_factories.program_request()
    critical = intake_factories.critical()
    newest = intake_factories.program_request()

    response = login(role_users["conciliator"]).get(reverse(TRIAGE))

    assert listed(response) == [critical.pk, newest.pk, older.pk]
    assert "usa-tag" in response.content.decode()


def test_queue_shows_new_requests_by_default_and_filters_by_status(login, role_users):
    new = intake_factories.program_request()
    declined = intake_factories.program_request()
    ProgramRequest.objects.filter(pk=declined.pk).update(
        status=RequestStatus.DECLINED, decline_reason="No", decided_at=declined.created_at
    )
    client = login(role_users["conciliator"])

    assert listed(client.get(reverse(TRIAGE))) == [new.pk]
    assert listed(client.get(reverse(TRIAGE), {"status": "declined"})) == [declined.pk]
    assert set(listed(client.get(reverse(TRIAGE), {"status": "all"}))) == {new.pk, declined.pk}


def test_triage_page_query_count_does_not_grow_with_requests(login, role_users, django_assert_max_num_queries):
    for _ in range(3):
        intake_factories.program_request("TX")
        intake_factories.critical("NY")
    client = login(role_users["admin"])

    with django_assert_max_num_queries(6):
        response = client.get(reverse(TRIAGE), {"status": "all"})

    assert len(listed(response)) == 6


def test_detail_is_404_for_another_region_and_for_volunteers(login, role_users):
    r = intake_factories.program_request("TX")
    url = reverse("intake:detail", kwargs={"request_id": r.pk})

    assert login(role_users["conciliator"]).get(url).status_code == 200
    for role in ("other_conciliator", "planning_member", "outsider"):
        assert login(role_users[role]).get(url).status_code == 404
    missing = reverse("intake:detail", kwargs={"request_id": r.pk + 1000})
    assert login(role_users["admin"]).get(missing).status_code == 404


def test_accept_form_offers_only_the_regions_active_staff_and_a_default_title(login, role_users):
    r = intake_factories.program_request("TX", city="Galveston")
    factories.user(role="conciliator", region="southwest", is_active=False)
    factories.user(role="planning_member", region="southwest")

    response = login(role_users["conciliator"]).get(reverse("intake:detail", kwargs={"request_id": r.pk}))

    form = response.context["accept_form"]
    choices = set(form.fields["conciliator"].queryset)
    assert choices == {role_users["conciliator"], role_users["regional_director"]}
    assert form["title"].value() == "Galveston SPCP"


def test_accepting_creates_the_program_and_redirects_to_it(login, role_users):
    r = intake_factories.critical("TX", city="Galveston", languages=["es"])
    client = login(role_users["conciliator"])

    response = client.post(
        reverse("intake:accept", kwargs={"request_id": r.pk}),
        {"accept-conciliator": role_users["conciliator"].pk, "accept-title": "Galveston SPCP 2019"},
    )

    r.refresh_from_db()
    program = r.program
    assert response.status_code == 302
    assert response.url == reverse("programs:detail", kwargs={"program_id": program.pk})
    assert r.status == RequestStatus.ACCEPTED
    assert r.decided_by == role_users["conciliator"]
    assert (program.title, program.city, program.state_id, program.region_id, program.office_id) == (
        "Galveston SPCP 2019",
        "Galveston",
        "TX",
        r.region_id,
        r.office_id,
    )
    assert (program.trigger, program.incident_date, program.incident_description) == (
        r.trigger,
        r.incident_date,
        r.incident_description,
    )
    assert (program.concerns, program.languages, program.phase) == (r.concerns, ["es"], "intake")
    assert program.conciliator == role_users["conciliator"]
    accepted = AuditEntry.objects.get(action="request.accepted")
    assert (accepted.program, accepted.actor, accepted.target_id) == (program, role_users["conciliator"], str(r.pk))
    assert AuditEntry.objects.filter(action="program.created", program=program).exists()


def test_accepting_without_a_conciliator_shows_errors_and_creates_nothing(login, role_users, program):
    r = intake_factories.program_request("TX")

    response = login(role_users["conciliator"]).post(
        reverse("intake:accept", kwargs={"request_id": r.pk}), {"accept-title": ""}
    )

    assert response.status_code == 200
    assert response.context["accept_form"].errors.keys() == {"conciliator", "title"}
    assert Program.objects.count() == 1  # only the fixture's program
    r.refresh_from_db()
    assert r.status == RequestStatus.NEW


def test_declining_needs_a_reason(login, role_users):
    r = intake_factories.program_request("TX")
    client = login(role_users["regional_director"])
    url = reverse("intake:decline", kwargs={"request_id": r.pk})

    refused = client.post(url, {"decline-reason": ""})
    r.refresh_from_db()
    assert refused.status_code == 200
    assert "reason" in refused.context["decline_form"].errors
    assert r.status == RequestStatus.NEW

    declined = client.post(url, {"decline-reason": "The city asked for mediation instead."})
    r.refresh_from_db()
    assert declined.status_code == 302
    assert (r.status, r.decline_reason) == (RequestStatus.DECLINED, "The city asked for mediation instead.")
    assert AuditEntry.objects.filter(action="request.declined", target_id=str(r.pk)).count() == 1


def test_a_decided_request_cannot_be_decided_again_from_the_page(login, role_users):
    r = intake_factories.program_request("TX")
    client = login(role_users["conciliator"])
    client.post(reverse("intake:decline", kwargs={"request_id": r.pk}), {"decline-reason": "Duplicate request."})

    response = client.post(
        reverse("intake:accept", kwargs={"request_id": r.pk}),
        {"accept-conciliator": role_users["conciliator"].pk, "accept-title": "Springfield SPCP"},
        follow=True,
    )

    r.refresh_from_db()
    assert (r.status, r.program) == (RequestStatus.DECLINED, None)
    assert "This request has already been declined." in response.content.decode()
    assert response.context["accept_form"] is None


def test_accept_and_decline_are_404_for_another_region(login, role_users):
    r = intake_factories.program_request("TX")
    client = login(role_users["other_conciliator"])

    assert client.post(reverse("intake:accept", kwargs={"request_id": r.pk})).status_code == 404
    assert client.post(reverse("intake:decline", kwargs={"request_id": r.pk})).status_code == 404
    r.refresh_from_db()
    assert r.status == RequestStatus.NEW


def test_detail_shows_the_history_of_the_request(login, role_users):
    r = intake_factories.program_request("TX")
    client = login(role_users["conciliator"])
    client.post(reverse("intake:decline", kwargs={"request_id": r.pk}), {"decline-reason": "Duplicate request."})

    response = client.get(reverse("intake:detail", kwargs={"request_id": r.pk}))

    labels = [label for _, label in response.context["history"]]
    assert labels == ["Program request received", "Program request declined"]
