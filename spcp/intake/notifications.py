"""Tell a region's staff that a request is waiting. CRS work is confidential: the email names only the
place and the kind of request, and links to the triage page, where the details are behind sign-in."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from spcp.intake import selectors
from spcp.intake.models import ProgramRequest

logger = logging.getLogger(__name__)


def request_received_notify(*, program_request: ProgramRequest) -> int:
    """Email each active regional director and conciliator of the request's region; returns how many."""
    recipients = selectors.conciliator_choices(region=program_request.region).exclude(email="")
    sent = 0
    for user in recipients:
        language = user.preferred_language if user.preferred_language in settings.STAFF_LANGUAGES else "en"
        with translation.override(language):
            context = {
                "request": program_request,
                "url": settings.SPCP_SITE_URL + reverse("intake:detail", args=[program_request.pk]),
            }
            subject = render_to_string("intake/email/request_received_subject.txt", context).strip()
            body = render_to_string("intake/email/request_received.txt", context)
        sent += send_mail(subject, body, None, [user.email])
    return sent


def request_confirmation_send(*, program_request: ProgramRequest) -> int:
    """Email the requester, in the language they wrote in, their case number, the office that will call and
    the status page. Nothing confidential beyond what they wrote themselves."""
    with translation.override(program_request.submitted_language):
        context = {
            "request": program_request,
            "hq_contact": selectors.office_contact(program_request=program_request),
            "status_url": settings.SPCP_SITE_URL + reverse("intake:status"),
        }
        subject = render_to_string("intake/email/request_confirmation_subject.txt", context).strip()
        body = render_to_string("intake/email/request_confirmation.txt", context)
    return send_mail(subject, body, None, [program_request.email])
