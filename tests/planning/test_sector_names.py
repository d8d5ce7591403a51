"""Sectors across languages: the standard catalogue, keys stored whatever the page's language, no duplicates
under another language's name, custom names per language with a planning warning when one is missing."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from spcp.common.names import NAME_LANGUAGES, guess_language, pick_name
from spcp.planning import selectors, services
from spcp.planning.catalog import BY_KEY, STANDARD_SECTORS, match_standard
from spcp.planning.models import Sector, Side
from spcp.planning.phases import forum_ready
from spcp.programs.models import Program
from tests.planning.test_pages import url

# --- the catalogue (no database) ---------------------------------------------------------------------------


def test_every_standard_sector_is_named_in_all_five_languages():
    assert len(STANDARD_SECTORS) >= 13
    for standard in STANDARD_SECTORS:
        assert set(standard.names) == set(NAME_LANGUAGES), standard.key
        assert all(text.strip() for text in standard.names.values()), standard.key
        # Translated, not English copied into the other columns.
        assert standard.names["ko"] != standard.names["en"] and standard.names["zh-hans"] != standard.names["en"]


def test_no_name_or_alias_belongs_to_two_standard_sectors():
    for standard in STANDARD_SECTORS:
        for text in (*standard.names.values(), *standard.aliases):
            assert match_standard(text) == standard.key, text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("교육자", "education"),
        ("  EDUCATORS ", "education"),
        ("Educación", "education"),
        ("青年", "youth"),
        ("Thanh thiếu niên", "youth"),
        ("Faith and clergy", "faith"),
        ("새 미국인(이민자 및 난민)", "immigrant_refugee"),
        ("주민 협의회", "neighborhood"),
        ("Neighbourhood associations", "neighborhood"),
        ("법 집행", "law_enforcement"),
        ("Chess club", None),
        ("", None),
    ],
)
def test_a_name_in_any_language_or_a_former_name_finds_its_standard_sector(text, key):
    assert match_standard(text) == key


def test_a_missing_name_falls_back_to_another_language_and_says_so():
    shown = pick_name({"en": "Chess club"}, "zh-hans")
    assert (shown.text, shown.language, shown.translated) == ("Chess club", "en", False)
    shown = pick_name({"en": "Chess club", "ko": "체스 동호회"}, "ko")
    assert (shown.text, shown.language, shown.translated) == ("체스 동호회", "ko", True)
    assert [guess_language(t) for t in ("교육자", "教育工作者", "Nhà giáo dục", "Educators")] == [
        "ko",
        "zh-hans",
        "vi",
        "en",
    ]


# --- services ------------------------------------------------------------------------------------------------


def test_choosing_a_standard_sector_on_a_korean_page_stores_its_key_not_the_korean_words(planning_program, conciliator):
    with translation.override("ko"):
        sector = services.sector_create(actor=conciliator, program=planning_program, name="교육자")
    sector.refresh_from_db()
    assert (sector.key, sector.name, sector.names) == ("education", "Education", {})
    with translation.override("zh-hans"):
        assert sector.display_name == "教育界"
    with translation.override("en"):
        assert sector.display_name == "Education"
    assert sector.all_names == BY_KEY["education"].names


def test_the_same_standard_sector_cannot_be_added_twice_under_another_languages_name(planning_program, conciliator):
    with translation.override("ko"):
        services.sector_create(actor=conciliator, program=planning_program, name="교육자")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.sector_create(actor=conciliator, program=planning_program, name="educators")
    assert exc.value.message_dict == {"name": ["This program already has the sector “Education”."]}
    with translation.override("ko"), pytest.raises(ValidationError) as exc:
        services.sector_create(actor=conciliator, program=planning_program, key="education")
    assert exc.value.message_dict == {"key": ["이 프로그램에는 이미 “교육계” 분야가 있습니다."]}
    assert Sector.objects.filter(program=planning_program, key="education").count() == 1


def test_a_custom_name_clashing_with_another_custom_sectors_name_in_any_language_is_refused(
    planning_program, conciliator
):
    services.sector_create(actor=conciliator, program=planning_program, names={"en": "Chess club", "ko": "체스 동호회"})
    with translation.override("ko"), pytest.raises(ValidationError) as exc:
        services.sector_create(actor=conciliator, program=planning_program, name="체스 동호회")
    assert exc.value.message_dict == {"name": ["이 프로그램에 같은 이름의 분야가 이미 있습니다."]}


def test_a_custom_sector_missing_a_language_in_use_is_a_planning_warning(planning_program, conciliator):
    Program.objects.filter(pk=planning_program.pk).update(languages=["ko", "zh"])
    planning_program.refresh_from_db()
    club = services.sector_create(
        actor=conciliator, program=planning_program, names={"en": "Chess club", "ko": "체스 동호회"}
    )
    services.sector_create(actor=conciliator, program=planning_program, key="youth")
    gaps = selectors.sector_name_gaps(program=planning_program)
    assert [(gap.sector.pk, gap.languages) for gap in gaps] == [(club.pk, ["zh-hans"])]
    services.sector_update(actor=conciliator, sector=club, names={"zh-hans": "国际象棋俱乐部"})
    assert selectors.sector_name_gaps(program=planning_program) == []
    with translation.override("zh-hans"):
        assert club.localized_name().text == "国际象棋俱乐部"


def test_a_gate_message_names_sectors_in_the_readers_language_whatever_language_added_them(ready_group, conciliator):
    with translation.override("ko"):
        services.sector_create(actor=conciliator, program=ready_group, name="교육자")
    with translation.override("en"):
        silent = forum_ready(ready_group)[-1]
    assert silent == "No one has said yes yet in these 3 sectors: Law enforcement; Youth; Education."


def test_the_data_migration_maps_existing_sector_text_in_any_language_to_keys(planning_program):
    def old(name: str, order: int) -> Sector:
        return Sector.objects.create(program=planning_program, name=name, kind=Side.COMMUNITY, order=order)

    korean, english, custom = old("교육자", 5), old("Educators", 6), old("체스 동호회", 7)
    faith = old("Faith and clergy", 8)
    Sector.objects.filter(program=planning_program).update(key="", names={})
    migration = importlib.import_module("spcp.planning.migrations.0004_sector_key_and_names")
    migration.sectors_to_keys(apps, None)
    rows = {s.pk: (s.key, s.names) for s in Sector.objects.filter(program=planning_program)}
    assert rows[korean.pk] == ("education", {})
    assert rows[faith.pk] == ("faith", {})
    # A second name for a standard sector already taken stays a custom sector, for staff to sort out.
    assert rows[english.pk] == ("", {"en": "Educators"})
    assert rows[custom.pk] == ("", {"ko": "체스 동호회"})
    assert Sector.objects.get(program=planning_program, kind=Side.LAW_ENFORCEMENT).key == "law_enforcement"


# --- pages (HTTP) ---------------------------------------------------------------------------------------------


def test_korean_page_adds_a_suggested_sector_by_key_and_lists_it_in_korean(planning_program, login):
    client = login(planning_program.conciliator)
    page = client.get(url(planning_program, "sectors/", lang="ko")).content.decode()
    assert 'name="key" value="education"' in page and "교육계" in page
    response = client.post(url(planning_program, "sectors/add/", lang="ko"), {"key": "education"})
    assert response.status_code == 302
    sector = Sector.objects.get(program=planning_program, key="education")
    assert sector.name == "Education" and sector.names == {}
    listing = client.get(url(planning_program, "sectors/", lang="ko")).content.decode()
    assert '<span lang="ko">교육계</span>' in listing
    assert 'name="key" value="education"' not in listing
    english = client.get(url(planning_program, "sectors/", lang="en")).content.decode()
    assert '<span lang="en">Education</span>' in english


def test_typing_a_standard_name_again_in_english_is_refused_with_a_translated_error(planning_program, login):
    client = login(planning_program.conciliator)
    client.post(url(planning_program, "sectors/add/", lang="ko"), {"name": "교육자"})
    response = client.post(url(planning_program, "sectors/add/", lang="ko"), {"name": "educators"})
    assert response.status_code == 400
    assert "이 프로그램에는 이미 “교육계” 분야가 있습니다." in response.content.decode()
    response = client.post(url(planning_program, "sectors/add/", lang="en"), {"name": "Educators"})
    assert response.status_code == 400
    assert "This program already has the sector “Education”." in response.content.decode()
    assert Sector.objects.filter(program=planning_program, key="education").count() == 1
    assert Sector.objects.filter(program=planning_program).count() == 2


def test_custom_sector_form_takes_a_name_per_language_in_use_and_warns_about_the_missing_one(planning_program, login):
    Program.objects.filter(pk=planning_program.pk).update(languages=["ko", "es", "zh"])
    client = login(planning_program.conciliator)
    page = client.get(url(planning_program, "sectors/")).content.decode()
    assert 'name="name_ko"' in page and 'name="name_es"' in page and 'name="name_zh_hans"' in page
    assert 'name="name_vi"' not in page  # Vietnamese is not among this program's languages
    response = client.post(
        url(planning_program, "sectors/add/"),
        {"name": "Chess club", "name_ko": "체스 동호회", "name_es": "Club de ajedrez"},
    )
    assert response.status_code == 302
    club = Sector.objects.get(program=planning_program, name="Chess club")
    assert club.names == {"en": "Chess club", "ko": "체스 동호회", "es": "Club de ajedrez"}
    listing = client.get(url(planning_program, "sectors/")).content.decode()
    assert 'id="sector-name-gaps"' in listing and "Chess club: no name in Chinese (Simplified)" in listing
    korean = client.get(url(planning_program, "sectors/", lang="ko")).content.decode()
    assert '<span lang="ko">체스 동호회</span>' in korean


def test_the_korean_audit_log_shows_field_names_choice_labels_and_item_names_in_korean(
    planning_program, conciliator, login
):
    club = services.sector_create(actor=conciliator, program=planning_program, names={"en": "Chess club"})
    services.sector_update(actor=conciliator, sector=club, names={"ko": "체스 동호회"})
    task = planning_program.planning_tasks.get(key="venue")
    services.task_update(actor=conciliator, task=task, status="in_progress")
    page = login(conciliator).get(f"/ko/programs/{planning_program.pk}/audit/").content.decode()
    assert "<strong>언어별 이름</strong>" in page  # the field's verbose name, not "names"
    assert "<strong>names</strong>" not in page and "<strong>status</strong>" not in page
    assert "진행 중" in page and "in_progress" not in page  # the status's label, not its code
    assert "접근성이 확보된 장소 예약" in page and "Book an accessible venue" not in page  # the item, translated
