"""iCalendar (RFC 5545) files for council meetings: one meeting's invitation, and a member's feed.

Calendar apps match updates to what they hold by UID and SEQUENCE, so every change to a meeting bumps its
sequence. Times are written in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from spcp.council.models import Meeting, MeetingStatus

PRODID = "-//U.S. DOJ Community Relations Service//SPCP council//EN"


def _calendar(method: str | None, name: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _organizer() -> vCalAddress:
    address = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>').strip()}")
    address.params["cn"] = vText("SPCP")
    return address


def meeting_event(meeting: Meeting, attendees: Iterable[tuple[str, str]] = ()) -> Event:
    """The VEVENT for a meeting; `attendees` are (name, email) pairs to list (an invitation lists only its
    own recipient, so no member sees another's address)."""
    event = Event()
    event.add("uid", f"{meeting.uid}@spcp")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.online_url:
        event.add("url", meeting.online_url)
        event.add("description", meeting.online_url)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("organizer", _organizer())
    for name, email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    return event


def meeting_ics(meeting: Meeting, *, method: str = "PUBLISH", attendees: Iterable[tuple[str, str]] = ()) -> bytes:
    cal = _calendar(method)
    cal.add_component(meeting_event(meeting, attendees))
    return bytes(cal.to_ical())


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    cal = _calendar(None, name)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting))
    return bytes(cal.to_ical())
