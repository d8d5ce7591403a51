from __future__ import annotations

import json

import pytest

from spcp.council.models import CouncilMember, CouncilRole, MemberKind
from spcp.programs.models import MembershipRole, Phase
from tests import factories
from tests.council.conftest import make_forum, make_member, make_volunteer, set_phase

pytestmark = pytest.mark.django_db


def _url(program, suffix=""):
    return f"/en/programs/{program.pk}/council/{suffix}"


def _member_post(**overrides):
    data = {"name": "Ana Reyes", "kind": MemberKind.LIAISON, "role": CouncilRole.MEMBER, "active": "on"}
    data.update(overrides)
    return data


def test_staff_adds_a_law_enforcement_liaison(council_program, role_users, login):
    client = login(role_users["conciliator"])
    response = client.post(_url(council_program, "members/add/"), _member_post(email="ana@example.org"))
    assert response.status_code == 302
    member = CouncilMember.objects.get(program=council_program)
    assert (member.name, member.kind, member.email) == ("Ana Reyes", MemberKind.LIAISON, "ana@example.org")


def test_a_second_active_chair_is_refused_with_a_field_error(council_program, role_users, login):
    make_member(council_program, "Chair One", role=CouncilRole.CHAIR)
    client = login(role_users["conciliator"])
    response = client.post(_url(council_program, "members/add/"), _member_post(name="Chair Two", role="chair"))
    assert response.status_code == 200
    assert "already the council" in response.content.decode()
    assert 'value="Chair Two"' in response.content.decode()  # what was typed is kept
    assert CouncilMember.objects.filter(program=council_program).count() == 1


def test_an_inactive_chair_does_not_block_a_new_chair(council_program, role_users, login):
    make_member(council_program, "Former Chair", role=CouncilRole.CHAIR, active=False)
    client = login(role_users["conciliator"])
    response = client.post(_url(council_program, "members/add/"), _member_post(name="New Chair", role="chair"))
    assert response.status_code == 302


def test_term_cannot_end_before_it_starts(council_program, role_users, login):
    client = login(role_users["conciliator"])
    response = client.post(
        _url(council_program, "members/add/"), _member_post(term_start="2026-06-01", term_end="2026-05-01")
    )
    assert response.status_code == 200
    assert "The term cannot end before it starts." in response.content.decode()
    assert not CouncilMember.objects.exists()


def test_linking_an_account_makes_it_a_council_member_of_the_program(council_program, role_users, login):
    volunteer = factories.user(role="council_member", region=None, username="newcouncillor", email="nc@example.org")
    client = login(role_users["conciliator"])
    response = client.post(_url(council_program, "members/add/"), _member_post(account="nc@example.org"))
    assert response.status_code == 302
    assert council_program.memberships.filter(user=volunteer, role=MembershipRole.COUNCIL_MEMBER).exists()
    assert CouncilMember.objects.get(program=council_program).user == volunteer


def test_unlinking_an_account_takes_away_its_council_access_to_the_program(council_program, role_users, login):
    volunteer = factories.user(role="council_member", region=None, username="leaving", email="leaving@example.org")
    client = login(role_users["conciliator"])
    client.post(_url(council_program, "members/add/"), _member_post(account="leaving@example.org"))
    member = CouncilMember.objects.get(program=council_program, user=volunteer)
    response = client.post(_url(council_program, f"members/{member.pk}/edit/"), _member_post(account=""))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user is None
    assert not council_program.memberships.filter(user=volunteer).exists()
    assert login(volunteer).get(_url(council_program)).status_code == 404


def test_a_partial_update_keeps_the_fields_it_does_not_name(council_program, role_users):
    from spcp.council import services

    member = make_member(council_program, "Ana Reyes", user=role_users["council_member"])
    services.member_update(actor=role_users["conciliator"], member=member, role=CouncilRole.CHAIR)
    member.refresh_from_db()
    assert (member.name, member.role, member.user) == ("Ana Reyes", CouncilRole.CHAIR, role_users["council_member"])


def test_editing_a_member_saves_the_changes(council_program, role_users, login):
    member = make_member(council_program, "Ana Reyes")
    client = login(role_users["conciliator"])
    response = client.post(
        _url(council_program, f"members/{member.pk}/edit/"), _member_post(organisation="Springfield PD", active="")
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organisation == "Springfield PD" and member.active is False


def test_import_seats_forum_volunteers_once(council_program, role_users, login):
    forum = make_forum(council_program)
    make_volunteer(forum, "Lee Park", "lee@example.org", representative=True)
    make_volunteer(forum, "Sam Diaz", "555-0100")
    client = login(role_users["conciliator"])
    client.post(_url(council_program, "members/import/"))
    client.post(_url(council_program, "members/import/"))
    members = {m.name: m for m in CouncilMember.objects.filter(program=council_program)}
    assert set(members) == {"Lee Park", "Sam Diaz"}
    assert members["Lee Park"].kind == MemberKind.REPRESENTATIVE and members["Lee Park"].email == "lee@example.org"
    assert members["Sam Diaz"].kind == MemberKind.VOLUNTEER and members["Sam Diaz"].phone == "555-0100"


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("conciliator", True),
        ("admin", True),
        ("council_member", True),
        ("planning_member", False),
        ("facilitator", False),
    ],
)
def test_contact_list_is_only_for_council_members_and_staff(council_program, role_users, login, who, sees):
    make_member(council_program, "Ana Reyes", email="ana.reyes@example.org", phone="555-0199")
    client = login(role_users[who])
    page = client.get(_url(council_program)).content.decode()
    assert "Ana Reyes" in page
    assert ("ana.reyes@example.org" in page) is sees
    assert ("555-0199" in page) is sees
    api = client.get(f"/api/programs/{council_program.pk}/council/members")
    assert api.status_code == 200
    body = json.dumps(api.json())
    assert ("ana.reyes@example.org" in body) is sees and ("555-0199" in body) is sees


def test_outsiders_and_other_regions_get_404(council_program, role_users, login):
    for who in ("outsider", "other_conciliator"):
        client = login(role_users[who])
        assert client.get(_url(council_program)).status_code == 404
        assert client.get(f"/api/programs/{council_program.pk}/council/members").status_code == 404


def test_outside_the_council_phase_pages_are_read_only_and_posts_save_nothing(program, role_users, login):
    set_phase(program, Phase.ACTION_PLAN)
    client = login(role_users["conciliator"])
    page = client.get(_url(program, "members/add/"))
    assert page.status_code == 200
    assert "read-only" in page.content.decode() and "disabled" in page.content.decode()
    response = client.post(_url(program, "members/add/"), _member_post())
    assert response.status_code == 409
    assert not CouncilMember.objects.exists()


def test_council_home_renders_in_korean(council_program, role_users, login):
    make_member(council_program, "Ana Reyes")
    client = login(role_users["conciliator"])
    response = client.get(f"/ko/programs/{council_program.pk}/council/")
    assert response.status_code == 200
    assert 'lang="ko"' in response.content.decode()


def test_member_list_page_query_count(council_program, role_users, login, django_assert_max_num_queries):
    for n in range(8):
        make_member(council_program, f"Member {n}", email=f"m{n}@example.org")
    client = login(role_users["conciliator"])
    client.get(_url(council_program))
    with django_assert_max_num_queries(14):
        assert client.get(_url(council_program)).status_code == 200
