"""The participant's phone page and the short link its QR code carries.

Public on purpose: participants have no account, and the join code is the room's secret. The page is a lean
shell (no USWDS) that renders the join form in the reader's language; static/forum/participant.js then joins
through the JSON API and follows the room live (static/forum/live.js).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from spcp.common.context_processors import LANGUAGE_NAMES
from spcp.forum import phases, selectors
from spcp.forum.models import PARTICIPANT_LANGUAGES, format_ticket_code, normalize_ticket_code

# Short codes shown on the page next to participants' text written in another language.
LANGUAGE_TAGS = {"en": "EN", "ko": "KO", "es": "ES", "zh-hans": "ZH", "vi": "VI"}


@require_GET
def page(request: HttpRequest, code: str) -> HttpResponse:
    forum = selectors.forum_by_code(code)
    # The switcher offers every participant language, not only the staff ones.
    request.page_languages = list(PARTICIPANT_LANGUAGES)  # type: ignore[attr-defined]  # read by the context processor
    config = {
        "code": forum.join_code,
        "lang": translation.get_language(),
        "api": reverse("api:forum_public", kwargs={"code": forum.join_code}),
        "ws": f"/ws/forum/{forum.join_code}/",
        "names": {lang: LANGUAGE_NAMES[lang] for lang in PARTICIPANT_LANGUAGES},
        "tags": LANGUAGE_TAGS,
        # The closing screen's link to the feedback survey, in this page's language (the code comes live).
        "survey": reverse("surveys:respond", kwargs={"survey_code": "SURVEYCODE"}),
    }
    # A ticket's QR code carries its code (?k=…): the join form comes filled in.
    ticket_code = format_ticket_code(normalize_ticket_code(request.GET.get("k", "")))[:20]
    context = {
        "forum": forum,
        "ticket_code": ticket_code,
        "sectors": selectors.sector_list(forum=forum),
        "running": phases.forum_running(forum.program),
        "config": config,
    }
    return render(request, "forum/participant.html", context)


@require_GET
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """/j/<code> (no language in the address): go to the page in the phone's preferred participant language.

    An unknown code still redirects; the page then answers 404 in that language.
    """
    language = translation.get_language_from_request(request, check_path=False)
    if language not in PARTICIPANT_LANGUAGES:
        language = "en"
    with translation.override(language):
        url = reverse("participant:page", kwargs={"code": code.strip().upper()})
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"{url}?{query}" if query else url)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
