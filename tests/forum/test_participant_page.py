"""The participant's phone page: public, in five languages, lean enough for a weak signal."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from spcp.forum.models import PARTICIPANT_LANGUAGES

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 100 * 1024


def _page(client, room, language="en", **extra):
    return client.get(f"/{language}/f/{room.forum.join_code}/", **extra)


def _i18n(body: str) -> dict:
    found = re.search(r'<script type="application/json" id="i18n">(.*?)</script>', body, re.S)
    assert found, "the page carries its words in an #i18n blob"
    return json.loads(found.group(1))


@pytest.mark.parametrize("language", PARTICIPANT_LANGUAGES)
def test_the_page_renders_without_an_account_in_every_participant_language(client, room, language):
    response = _page(client, room, language)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert '<main id="main-content"' in body and 'href="#main-content"' in body
    assert room.forum.program.title in body
    words = _i18n(body)
    assert words["seg"]["dot_voting"] and words["rules"]["listen"]
    assert "%(issue)s" in words["dot_add"]
    assert len(words["dots"]) == 2 and all("%(count)s" in form for form in words["dots"])
    # The words come from the catalogs, in the page's language.
    with translation.override(language):
        assert words["seg"]["dot_voting"] == gettext("Dot voting")
        assert words["agree"] == pgettext("response", "Agree")
        assert words["rules"]["respect"] == gettext("Disagree with ideas, not people.")
        assert words["dots"][1] == ngettext("%(count)s dot", "%(count)s dots", 2)
        assert words["law_enforcement"] == gettext("Law enforcement")


def test_the_korean_page_uses_the_brochures_terms(client, room):
    words = _i18n(_page(client, room, "ko").content.decode())
    assert words["law_enforcement"] == "법 집행"


def test_the_language_switcher_offers_all_five_languages(client, room):
    body = _page(client, room, "ko").content.decode()
    nav = re.search(r'<nav class="langs".*?</nav>', body, re.S).group(0)
    for language in PARTICIPANT_LANGUAGES:
        assert f'href="/{language}/f/{room.forum.join_code}/"' in nav
        assert f'hreflang="{language}"' in nav
    assert nav.count('aria-current="true"') == 1
    assert 'lang="ko" hreflang="ko" aria-current="true"' in nav


def test_by_default_the_join_form_asks_for_the_ticket_not_the_sector(client, room):
    body = _page(client, room, "ko").content.decode()
    assert 'id="join-ticket"' in body and 'name="sector_id"' not in body


def test_a_tickets_qr_link_opens_the_form_with_its_code_filled_in(client, room):
    response = client.get(f"/en/f/{room.forum.join_code}/?k=abcd efgh")
    assert 'id="join-ticket" name="ticket"' in response.content.decode()
    assert 'value="ABCD-EFGH"' in response.content.decode()


def test_in_an_open_room_the_join_form_lists_the_sectors_with_law_enforcement_translated(client, room):
    room.forum.open_room = True
    room.forum.save(update_fields=["open_room"])
    body = _page(client, room, "ko").content.decode()
    assert 'id="join-ticket"' not in body
    for sector in room.sectors:
        assert f'value="{sector.pk}"' in body and sector.name in body
    assert f'id="sector-{room.police.pk}"' in body
    assert "법 집행" in body  # the brochure's term for law enforcement


def test_the_join_code_is_case_insensitive(client, room):
    response = client.get(f"/en/f/{room.forum.join_code.lower()}/")
    assert response.status_code == 200
    assert (
        json.loads(
            re.search(r'id="config" type="application/json">(.*?)</script>', response.content.decode()).group(1)
        )["code"]
        == room.forum.join_code
    )


def test_an_unknown_code_is_404(client, room):
    assert client.get("/en/f/NOPE99/").status_code == 404


@pytest.mark.parametrize(
    ("accept", "language"),
    [
        ("ko-KR,ko;q=0.9,en;q=0.8", "ko"),
        ("es-MX", "es"),
        ("zh-CN", "zh-hans"),
        ("vi", "vi"),
        ("fr-FR", "en"),
        ("", "en"),
    ],
)
def test_the_short_link_redirects_to_the_page_in_the_phones_language(client, room, accept, language):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = client.get(f"/j/{room.forum.join_code}", **headers)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/f/{room.forum.join_code}/"


def test_the_short_link_to_an_unknown_code_still_redirects_and_the_page_is_404(client, room):
    response = client.get("/j/nope99", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 302 and response["Location"] == "/ko/f/NOPE99/"
    assert client.get(response["Location"]).status_code == 404


def _local_assets(body: str) -> list[str]:
    return re.findall(r'(?:src|href)="/static/([^"?#]+\.(?:css|js))"', body)


def test_the_page_with_its_css_and_js_is_under_100_kb_transferred(client, room):
    for language in ("en", "ko"):
        body = _page(client, room, language).content
        assets = _local_assets(body.decode())
        assert {"forum/live.js", "forum/participant.js", "forum/participant.css"} <= set(assets)
        assert not any("uswds" in a for a in assets)
        total = len(body)
        for asset in assets:
            path = finders.find(asset)
            assert path, asset
            with open(path, "rb") as f:
                total += len(gzip.compress(f.read(), compresslevel=9))
        assert total < BUDGET_BYTES, f"{language}: {total} bytes"
