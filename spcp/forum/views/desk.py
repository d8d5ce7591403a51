"""The translation desk: bilingual volunteers and facilitators translate what participants wrote, one language at
a time, in the order the room needs it (the issues on the ballot first). Thin: fetch with access_*, call one
service, render. A saved translation reaches every phone and the projector at once (an event per item).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.common.context_processors import LANGUAGE_NAMES
from spcp.forum import machine_translation, selectors, services
from spcp.forum.forms import TranslationForm
from spcp.forum.models import Forum
from spcp.forum.translation_queue import Need, room_languages, translatable_get, translation_queue

TRANSLATE = "forum.translate"


def _language(request: HttpRequest, languages: list[str]) -> str:
    asked = request.POST.get("language") or request.GET.get("lang") or ""
    if asked in languages:
        return asked
    ui = translation.get_language() or "en"
    if ui in languages:
        return ui
    return next((code for code in languages if code != "en"), languages[0])


@login_required
def desk(request: HttpRequest, program_id: int) -> HttpResponse:
    """The queue of participants' text still lacking a person's translation into one language, and its forms."""
    forum = selectors.access_forum(request.user, program_id, perm=TRANSLATE)
    languages = room_languages(forum=forum)
    language = _language(request, languages)
    bound = TranslationForm(request.POST) if request.method == "POST" else None
    if bound is not None and bound.is_valid():
        done = _save(request, forum, bound)
        if done:
            messages.success(request, done)
            url = reverse("forum:translate", kwargs={"program_id": forum.program_id})
            return redirect(f"{url}?lang={bound.cleaned_data['language']}")
    rows = []
    for index, entry in enumerate(translation_queue(forum=forum, language=language), start=1):
        key = (entry.kind, entry.item.pk)
        form = TranslationForm(
            initial={
                "kind": entry.kind,
                "item": entry.item.pk,
                "language": language,
                "text": entry.translation.text if entry.translation is not None else "",
            },
            auto_id=f"t{index}_%s",
        )
        if bound is not None and (bound.data.get("kind"), bound.data.get("item")) == (key[0], str(key[1])):
            bound.auto_id, form = f"t{index}_%s", bound
        form.fields["text"].widget.attrs["lang"] = language  # typed in the target language, read aloud in it
        rows.append({"index": index, "entry": entry, "form": form, "need": _need_label(entry.need, entry.kind)})
    context = {
        "program": forum.program,
        "forum": forum,
        "language": language,
        "language_name": LANGUAGE_NAMES.get(language, language),
        "languages": [{"code": c, "name": LANGUAGE_NAMES.get(c, c), "current": c == language} for c in languages],
        "language_names": LANGUAGE_NAMES,
        "rows": rows,
        "machine_on": machine_translation.client() is not None,
        "stray": bound if bound is not None and bound.errors and bound not in [r["form"] for r in rows] else None,
    }
    status = 400 if bound is not None and bound.errors else 200
    return render(request, "forum/translate.html", context, status=status)


def _save(request: HttpRequest, forum: Forum, form: TranslationForm) -> str | None:
    data = form.cleaned_data
    item = translatable_get(forum=forum, kind=data["kind"], item_id=data["item"])
    if item is None:
        form.add_error(None, _("That text has been removed or merged. Pick another one."))
        return None
    assert isinstance(request.user, User)  # login_required
    try:
        services.translation_submit(item=item, language=data["language"], text=data["text"], actor=request.user)
    except ValidationError as exc:
        form.apply_service_errors(exc, renamed={"language": "__all__"})  # a hidden field: say it above the form
        return None
    return _("Translation saved. Every phone and the projector reading %(language)s show it now.") % {
        "language": LANGUAGE_NAMES.get(data["language"], data["language"])
    }


def _need_label(need: Need, kind: str) -> str:
    if need == Need.BALLOT:
        return _("Issue on the ballot")
    if need == Need.SOLUTION:
        return _("Solution")
    if need == Need.STEP:
        return _("Action step")
    if kind == "rule":
        return _("Ground rule")
    return _("Strength")
