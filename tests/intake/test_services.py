"""The intake services and the database constraints behind them."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spcp.intake import services
from spcp.intake.models import ProgramRequest, RequestStatus
from spcp.programs.audit import action_label
from spcp.programs.models import AuditEntry, Program, Trigger
from tests import factories
from tests.intake import factories as intake_factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("state", "region", "office_city"),
    [
        ("TX", "southwest", "Dallas"),
        ("FL", "southeast", "Miami"),
        ("MI", "midwest", "Detroit"),
        ("GU", "west", "Los Angeles"),
    ],
)
def test_submit_routes_to_the_states_region_and_office(state, region, office_city):
    r = intake_factories.program_request(state)
    assert (r.region.code, r.office.city) == (region, office_city)


def test_submit_with_a_known_client_token_returns_the_first_request():
    token = uuid.uuid4()
    first = services.request_submit(**intake_factories.request_fields(client_token=token))
    again = services.request_submit(**intake_factories.request_fields(client_token=token, city="Elsewhere"))

    assert (first.created, again.created) == (True, False)
    assert again.request.pk == first.request.pk
    assert again.request.city == "Springfield"
    assert ProgramRequest.objects.count() == 1


def test_submit_collects_every_error_before_writing():
    with pytest.raises(ValidationError) as exc:
        services.request_submit(
            **intake_factories.request_fields(
                requester_name=" ",
                state=None,
                program_type=None,
                trigger=Trigger.CRITICAL_INCIDENT,
                concerns=["race", "height"],
                languages=["xx"],
            )
        )

    assert set(exc.value.message_dict) == {
        "requester_name",
        "state",
        "program_type",
        "incident_date",
        "incident_description",
        "concerns",
        "languages",
    }
    assert ProgramRequest.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_submit_accepts_todays_incident_and_removes_duplicate_choices():
    r = intake_factories.program_request(
        trigger=Trigger.CRITICAL_INCIDENT,
        incident_date=datetime.date.today(),
        incident_description="A protest after a shooting.",
        concerns=["race", "race", "religion"],
        languages=["es", "es"],
    )
    assert (r.concerns, r.languages) == (["race", "religion"], ["es"])


def test_submit_falls_back_to_english_for_an_unsupported_form_language():
    assert intake_factories.program_request(language="xx").submitted_language == "en"


def test_accept_copies_the_request_into_a_new_program(program):
    r = intake_factories.critical("FL", city="Miami Gardens", concerns=["race", "religion"], languages=["es"])
    director = factories.user(role="regional_director", region="southeast")
    conciliator = factories.user(role="conciliator", region="southeast")

    accepted = services.request_accept(actor=director, request=r, conciliator=conciliator, title="Miami Gardens SPCP")

    new = accepted.program
    assert new is not None and new.pk != program.pk
    assert (new.region.code, new.office.city, new.phase) == ("southeast", "Miami", "intake")
    assert (new.concerns, new.languages, new.conciliator) == (["race", "religion"], ["es"], conciliator)
    assert accepted.decided_by == director and accepted.decided_at is not None
    assert ProgramRequest.objects.get(pk=r.pk).program == new
    assert action_label("request.accepted") == "Program request accepted"


def test_accept_refuses_a_decided_request():
    r = intake_factories.program_request("TX")
    staff = factories.user(role="conciliator", region="southwest")
    services.request_decline(actor=staff, request=r, reason="Out of scope.")

    with pytest.raises(services.RequestAlreadyDecided):
        services.request_accept(actor=staff, request=r, conciliator=staff, title="T")


def test_a_stale_copy_cannot_decide_a_request_twice():
    staff = factories.user(role="conciliator", region="southwest")
    r = intake_factories.program_request("TX")
    stale = ProgramRequest.objects.get(pk=r.pk)
    services.request_accept(actor=staff, request=r, conciliator=staff, title="Springfield SPCP")

    with pytest.raises(services.RequestAlreadyDecided):
        services.request_decline(actor=staff, request=stale, reason="Changed my mind.")

    assert ProgramRequest.objects.get(pk=r.pk).status == RequestStatus.ACCEPTED
    assert Program.objects.filter(request__pk=r.pk).count() == 1


@pytest.mark.parametrize("who", ["other_region", "inactive", "volunteer", "nobody"])
def test_accept_needs_an_active_conciliator_or_director_of_the_region(who):
    r = intake_factories.program_request("TX")
    actor = factories.user(role="admin", region=None)
    conciliator = {
        "other_region": lambda: factories.user(role="conciliator", region="northeast"),
        "inactive": lambda: factories.user(role="conciliator", region="southwest", is_active=False),
        "volunteer": lambda: factories.user(role="facilitator", region=None),
        "nobody": lambda: None,
    }[who]()

    with pytest.raises(ValidationError) as exc:
        services.request_accept(actor=actor, request=r, conciliator=conciliator, title="Springfield SPCP")

    assert set(exc.value.message_dict) == {"conciliator"}
    assert ProgramRequest.objects.get(pk=r.pk).status == RequestStatus.NEW


def test_decline_needs_a_reason_and_records_it():
    r = intake_factories.program_request("TX")
    staff = factories.user(role="regional_director", region="southwest")

    with pytest.raises(ValidationError) as exc:
        services.request_decline(actor=staff, request=r, reason="   ")
    assert exc.value.message_dict == {"reason": ["Give the reason for declining this request."]}
    assert ProgramRequest.objects.get(pk=r.pk).status == RequestStatus.NEW

    services.request_decline(actor=staff, request=r, reason="  CRS is already mediating.  ")
    r.refresh_from_db()
    assert (r.status, r.decline_reason, r.program) == (RequestStatus.DECLINED, "CRS is already mediating.", None)
    entry = AuditEntry.objects.get(action="request.declined")
    assert (entry.actor, entry.program, entry.changes) == (staff, None, {"status": ["new", "declined"]})


LONG_AGO = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def _row(**overrides) -> ProgramRequest:
    base = intake_factories.program_request("TX")
    values = {f.attname: getattr(base, f.attname) for f in ProgramRequest._meta.concrete_fields if not f.primary_key}
    values.update(public_token=uuid.uuid4(), **overrides)
    return ProgramRequest(**values)


@pytest.mark.parametrize(
    "overrides",
    [
        {"trigger": Trigger.CRITICAL_INCIDENT, "incident_date": None, "incident_description": "x"},
        {"trigger": Trigger.CRITICAL_INCIDENT, "incident_date": datetime.date(2024, 1, 1), "incident_description": ""},
        {
            "status": RequestStatus.DECLINED,
            "decline_reason": "",
            "decided_at": datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        },
        {"status": RequestStatus.ACCEPTED, "decided_at": None},
        {"trigger": "whenever"},
        {"organisation_role": "club"},
    ],
)
def test_the_database_refuses_inconsistent_requests(overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(**overrides).save()


def test_the_database_refuses_a_second_request_with_the_same_client_token():
    token = uuid.uuid4()
    intake_factories.program_request(client_token=token)
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(client_token=token).save()
    _row(client_token=None).save()  # many requests may have no token
    _row(client_token=None).save()
