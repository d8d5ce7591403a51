"""A new request is emailed to its region's director and conciliators, without its confidential details."""

from __future__ import annotations

import uuid
from unittest import mock

from django.core import mail

from spcp.intake.models import ProgramRequest
from tests import factories
from tests.intake import factories as intake_factories


def test_region_staff_are_told_of_a_critical_incident_request_in_their_language(db, django_capture_on_commit_callbacks):
    director = factories.user(role="regional_director", region="southwest", email="rd@crs.example")
    korean = factories.user(role="conciliator", region="southwest", email="ko@crs.example", preferred_language="ko")
    factories.user(role="conciliator", region="northeast", email="ne@crs.example")
    factories.user(role="conciliator", region="southwest", email="gone@crs.example", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        request = intake_factories.critical("TX", requester_name="Maria Lopez")

    staff_mail = [message for message in mail.outbox if message.to[0].endswith("@crs.example")]
    by_recipient = {message.to[0]: message for message in staff_mail}
    assert set(by_recipient) == {director.email, korean.email}
    english = by_recipient[director.email]
    assert english.subject == "Critical incident: new SPCP request from Springfield, Texas"
    assert f"/en/requests/{request.pk}/" in english.body
    assert by_recipient[korean.email].subject == "중대한 사건: Springfield, 텍사스에서 새 SPCP 요청"
    assert f"/ko/requests/{request.pk}/" in by_recipient[korean.email].body
    for message in staff_mail:  # confidential details stay behind sign-in
        assert "Maria Lopez" not in message.body and "racially charged" not in message.body
        assert "maria@springfield.example" not in message.body


def test_a_mail_server_that_is_down_never_loses_the_request(db, django_capture_on_commit_callbacks):
    factories.user(role="conciliator", region="southwest", email="c@crs.example")
    with mock.patch("spcp.intake.notifications.send_mail", side_effect=ConnectionRefusedError):
        with django_capture_on_commit_callbacks(execute=True):
            request = intake_factories.program_request("TX")
    assert ProgramRequest.objects.filter(pk=request.pk).exists()


def test_a_retried_submission_sends_nothing_twice(db, django_capture_on_commit_callbacks):
    factories.user(role="conciliator", region="southwest", email="c@crs.example")
    token = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        intake_factories.program_request("TX", client_token=token)
    with django_capture_on_commit_callbacks(execute=True):
        intake_factories.program_request("TX", client_token=token)
    assert sorted(m.to[0] for m in mail.outbox) == ["c@crs.example", "maria@springfield.example"]


def test_the_requester_gets_a_case_number_in_the_language_they_wrote_in(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        english = intake_factories.program_request("TX", email="en@town.example")
        korean = intake_factories.program_request("NY", email="ko@town.example", language="ko")
    by_recipient = {message.to[0]: message for message in mail.outbox}
    message = by_recipient["en@town.example"]
    assert english.case_number in message.subject and english.case_number in message.body
    assert message.subject == f"CRS has received your request ({english.case_number})"
    assert "Dear Maria Lopez," in message.body and "/en/requests/status/" in message.body
    message = by_recipient["ko@town.example"]
    assert message.subject == f"CRS가 요청을 접수했습니다 ({korean.case_number})"
    assert f"접수 번호: {korean.case_number}" in message.body and "/ko/requests/status/" in message.body
    # New York's office shares headquarters' line: the email says it is headquarters', not the office's own.
    assert "CRS 본부" in message.body and "202-305-2935" in message.body
