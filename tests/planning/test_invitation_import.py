"""Planning and triage (issue 11 item 4): the invitation list imported from a CSV file (checked and shown first,
nothing saved until confirmed, idempotent), gate messages that link to the page that fixes them, and the
conciliator preselected on the accept form."""

from __future__ import annotations

import base64
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spcp.common.csv_export import read_csv
from spcp.planning.models import Invitation, Sector, Side
from spcp.programs.models import AuditEntry, Phase
from tests import factories
from tests.intake import factories as intake_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def planning(program):
    program.phase = Phase.PLANNING
    program.save(update_fields=["phase"])
    Sector.objects.create(program=program, name="Faith", kind=Side.COMMUNITY, order=2)
    Sector.objects.create(program=program, name="Youth", kind=Side.COMMUNITY, order=3)
    return program


def _import_url(program) -> str:
    return reverse("planning:invitation_import", kwargs={"program_id": program.pk})


def _upload(client, program, text: str, name: str = "invitees.csv"):
    upload = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(_import_url(program), {"file": upload})


def _confirm_data(page: str) -> str:
    found = re.search(r'name="payload" value="([^"]+)"', page)
    assert found, "the preview offers no confirmation"
    return found.group(1)


GOOD = (
    "name,sector,organization,email,language\r\n"
    "Ana Ruiz,Faith,St. Mary's,ana@example.org,Spanish\r\n"
    "Officer Kim,Law enforcement,Springfield PD,kim@example.org,ko\r\n"
    "Sam Lee,youth,,,\r\n"
)


def test_a_csv_is_previewed_row_by_row_and_nothing_is_saved_until_confirmed(login, planning):
    client = login(planning.conciliator)
    preview = _upload(client, planning, GOOD)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "To add: 3. Already on the list: 0. With a problem: 0." in page
    assert "Ana Ruiz" in page and "Officer Kim" in page
    assert Invitation.objects.filter(program=planning).count() == 0

    response = client.post(_import_url(planning), {"payload": _confirm_data(page)}, follow=True)
    assert "3 people added to the invitation list." in response.content.decode()
    people = {i.name: i for i in Invitation.objects.filter(program=planning).select_related("sector")}
    assert set(people) == {"Ana Ruiz", "Officer Kim", "Sam Lee"}
    assert people["Ana Ruiz"].language == "es" and people["Ana Ruiz"].organisation == "St. Mary's"
    assert people["Officer Kim"].sector.is_law_enforcement and people["Officer Kim"].language == "ko"
    assert people["Sam Lee"].sector.name == "Youth"
    entry = AuditEntry.objects.get(program=planning, action="planning.invitations_imported")
    assert entry.actor == planning.conciliator and entry.changes["added"] == [None, 3]


def test_importing_the_same_file_again_adds_no_one_twice(login, planning):
    client = login(planning.conciliator)
    client.post(_import_url(planning), {"payload": _confirm_data(_upload(client, planning, GOOD).content.decode())})
    again = _upload(client, planning, GOOD).content.decode()
    assert "To add: 0. Already on the list: 3. With a problem: 0." in again
    assert "Everyone in this file is already on the invitation list. Nothing to add." in again
    assert 'name="payload"' not in again
    # A replayed confirmation changes nothing either.
    data = base64.b64encode(GOOD.encode()).decode()
    client.post(_import_url(planning), {"payload": data})
    assert Invitation.objects.filter(program=planning).count() == 3


def test_rows_with_problems_are_shown_with_the_reason_and_block_the_whole_import(login, planning):
    client = login(planning.conciliator)
    text = (
        "name,sector,email,language\n"
        "Ana Ruiz,Faith,ana@example.org,es\n"
        ",Faith,,\n"
        "Bo Chen,Plumbers,,\n"
        "Dee Park,Youth,not-an-email,\n"
        "Eve Moss,Youth,,Klingon\n"
        "Flo Dunn,Youth,,\u202eevil\n"
    )
    response = _upload(client, planning, text)
    page = response.content.decode()
    assert response.status_code == 400
    assert "5 rows have a problem. Nothing was saved." in page
    assert "The name is missing." in page
    assert "There is no sector called “Plumbers” in this program." in page
    assert "“not-an-email” is not a valid email address." in page
    assert "“Klingon” is not one of the listed languages." in page
    assert "Remove the invisible control character U+202E from this text." in page
    assert 'name="payload"' not in page
    # Posting the same file as a confirmation is refused as well: nothing is saved.
    forged = client.post(_import_url(planning), {"payload": base64.b64encode(text.encode()).decode()})
    assert forged.status_code == 400
    assert Invitation.objects.filter(program=planning).count() == 0


def test_a_file_without_the_required_columns_is_refused_with_the_reason(login, planning):
    client = login(planning.conciliator)
    page = _upload(client, planning, "who,where\nAna,Faith\n").content.decode()
    assert "The first row must name the columns, with one called “name”." in page
    assert "The first row must name the columns, with one called “sector”." in page


def test_korean_headings_and_a_semicolon_spreadsheet_are_read(login, planning):
    client = login(planning.conciliator)
    page = _upload(client, planning, "\ufeff이름;부문;이메일\n김하나;Faith;hana@example.org\n").content.decode()
    assert "To add: 1. Already on the list: 0. With a problem: 0." in page


def test_only_those_who_may_change_planning_can_import(login, planning, role_users):
    assert login(role_users["facilitator"]).get(_import_url(planning)).status_code == 404
    upload = SimpleUploadedFile("x.csv", GOOD.encode(), content_type="text/csv")
    assert login(role_users["council_member"]).post(_import_url(planning), {"file": upload}).status_code == 404
    assert Invitation.objects.filter(program=planning).count() == 0


def test_the_reader_takes_off_the_quote_the_writer_puts_before_formulas():
    rows = read_csv(b"name,notes\r\nAna,'=1+2\r\n\r\nBo,'plain\r\n")
    assert rows == [["name", "notes"], ["Ana", "=1+2"], ["Bo", "'plain"]]


def test_the_reader_refuses_a_binary_or_oversized_file():
    with pytest.raises(Exception, match="not a CSV text file"):
        read_csv(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(Exception, match="too large"):
        read_csv(b"a" * 2000, max_bytes=1000)


# --- gate messages link to the page that fixes them ------------------------------------------------------


def test_gate_messages_on_the_program_page_link_to_the_page_that_fixes_them(login, planning):
    page = login(planning.conciliator).get(reverse("programs:detail", kwargs={"program_id": planning.pk}))
    text = page.content.decode()
    members = reverse("planning:members", kwargs={"program_id": planning.pk})
    assert f'<a href="{members}">Add at least one law-enforcement member to the planning group.</a>' in text


# --- the conciliator is preselected ----------------------------------------------------------------------


def test_the_accept_form_preselects_the_deciding_conciliator(login, role_users):
    r = intake_factories.program_request("TX")
    response = login(role_users["conciliator"]).get(reverse("intake:detail", kwargs={"request_id": r.pk}))
    assert response.context["accept_form"]["conciliator"].value() == role_users["conciliator"].pk


def test_the_accept_form_preselects_the_regions_only_conciliator_when_an_administrator_decides(login, db):
    admin = factories.user(role="admin", region=None, username="hq-admin", is_staff=True)
    only = factories.user(role="conciliator", region="northeast", username="ne-only")
    r = intake_factories.program_request("NY")
    response = login(admin).get(reverse("intake:detail", kwargs={"request_id": r.pk}))
    form = response.context["accept_form"]
    assert list(form.fields["conciliator"].queryset) == [only]
    assert form["conciliator"].value() == only.pk


def test_the_accept_form_preselects_no_one_when_the_choice_is_open(login, role_users):
    r = intake_factories.program_request("TX")
    response = login(role_users["admin"]).get(reverse("intake:detail", kwargs={"request_id": r.pk}))
    assert response.context["accept_form"]["conciliator"].value() is None
