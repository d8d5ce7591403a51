"""Phones read sector names in their own language: a standard sector from the catalogue, a custom one from the
planners' names, or visibly in another language (lang-tagged, with a note) when its name is missing."""

from __future__ import annotations

import pytest
from django.utils import translation

from spcp.forum import selectors
from spcp.planning.models import Sector, Side


@pytest.fixture
def named_room(room):
    """The room with a standard sector (education, stored by key) and a custom sector named in English and
    Korean only; the room is open, so the phone's join form lists the sectors."""
    room.forum.open_room = True
    room.forum.save(update_fields=["open_room"])
    program = room.forum.program
    education = Sector.objects.create(program=program, key="education", name="Education", kind=Side.COMMUNITY, order=9)
    club = Sector.objects.create(
        program=program,
        name="Chess club",
        names={"en": "Chess club", "ko": "체스 동호회"},
        kind=Side.COMMUNITY,
        order=10,
    )
    return room, education, club


@pytest.mark.parametrize(
    ("lang", "education", "club", "club_lang", "note"),
    [
        ("ko", "교육계", "체스 동호회", "ko", None),
        ("zh-hans", "教育界", "Chess club", "en", "（此名称尚未翻译成您的语言。）"),
        ("en", "Education", "Chess club", "en", None),
    ],
)
def test_the_join_form_names_each_sector_in_the_phones_language_or_visibly_in_another(
    client, named_room, lang, education, club, club_lang, note
):
    room, _education, _club = named_room
    body = client.get(f"/{lang}/f/{room.forum.join_code}/").content.decode()
    assert f'<span lang="{lang}">{education}</span>' in body
    label = body[body.index(f'<label for="sector-{_club.pk}">') :]
    label = label[: label.index("</label>")]
    assert f'<span lang="{club_lang}">{club}</span>' in label
    assert (note in label) if note else ("hint" not in label)
    assert "교육자" not in body  # never the words of the page a sector was chosen on


def test_the_public_forum_api_gives_each_sector_its_key_and_names_by_language(client, named_room):
    room, education, club = named_room
    data = client.get(f"/api/forum/{room.forum.join_code}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    sectors = {s["id"]: s for s in data["sectors"]}
    assert sectors[education.pk]["key"] == "education" and sectors[education.pk]["name"] == "教育界"
    assert sectors[education.pk]["names"]["vi"] == "Giáo dục"
    assert sectors[club.pk] | {"id": 0} == {
        "id": 0,
        "name": "Chess club",
        "name_language": "en",
        "key": "",
        "names": {"en": "Chess club", "ko": "체스 동호회"},
        "kind": "community",
    }
    police = sectors[room.police.pk]
    assert police["key"] == "law_enforcement" and police["name"] == "执法部门"


def test_the_rooms_snapshot_carries_every_name_so_each_phone_picks_its_own(named_room):
    room, education, club = named_room
    snapshot = selectors.snapshot_get(forum=room.forum)
    assert snapshot["sectors"][str(education.pk)]["names"]["ko"] == "교육계"
    assert snapshot["sectors"][str(club.pk)]["names"] == {"en": "Chess club", "ko": "체스 동호회"}


def test_the_korean_audit_log_names_agenda_segments_in_korean(client, named_room):
    from spcp.forum import services

    room, _education, _club = named_room
    program = room.forum.program
    opening = room.forum.segments.get(kind="opening")
    with translation.override("en"):  # the entry is written while an English page is served
        services.segment_start(forum=room.forum, segment=opening, actor=program.conciliator)
    client.force_login(program.conciliator)
    page = client.get(f"/ko/programs/{program.pk}/audit/").content.decode()
    row = page[page.index("포럼 순서 시작") :]
    row = row[: row.index("</tr>")]
    assert "개회" in row and "Opening" not in row


def test_the_forum_title_is_shown_in_the_phones_language_when_staff_translated_it(client, named_room):
    room, _education, _club = named_room
    program = room.forum.program
    program.languages = ["ko", "zh"]
    program.save(update_fields=["languages"])
    client.force_login(program.conciliator)
    edit = client.get(f"/en/programs/{program.pk}/edit/").content.decode()
    assert 'name="title_ko"' in edit and 'name="title_zh_hans"' in edit and 'name="title_vi"' not in edit
    sectors_page = client.get(f"/en/programs/{program.pk}/planning/sectors/").content.decode()
    assert 'id="title-gaps"' in sectors_page and "Korean, Chinese (Simplified)" in sectors_page
    form = {
        "title": program.title,
        "title_ko": "스프링필드 SPCP 포럼",
        "time_zone": program.time_zone,
        "expected_participants": program.expected_participants,
        "expected_groups": program.expected_groups,
        "conciliator": program.conciliator.pk,
    }
    assert client.post(f"/en/programs/{program.pk}/edit/", form).status_code == 302
    program.refresh_from_db()
    assert program.title_names == {"ko": "스프링필드 SPCP 포럼"}
    korean = client.get(f"/ko/f/{room.forum.join_code}/").content.decode()
    assert '<h1><span lang="ko">스프링필드 SPCP 포럼</span></h1>' in korean
    chinese = client.get(f"/zh-hans/f/{room.forum.join_code}/").content.decode()
    assert f'<h1><span lang="en">{program.title}</span></h1>' in chinese  # visibly the typed title
    api = client.get(f"/api/forum/{room.forum.join_code}", HTTP_ACCEPT_LANGUAGE="ko").json()
    assert api["title"] == "스프링필드 SPCP 포럼" and api["titles"] == {
        "en": program.title,
        "ko": "스프링필드 SPCP 포럼",
    }
    sectors_page = client.get(f"/en/programs/{program.pk}/planning/sectors/").content.decode()
    assert "has no translation yet in: Chinese (Simplified)." in sectors_page
