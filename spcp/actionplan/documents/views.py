"""Download pages for the day's report, the action plan and the action items. Thin.

`?format=` is `html` (the default: the print page in the browser, so it can be read and checked on screen),
`pdf` or `docx` (items: `html` or `csv`); `?lang=` is `en` or `ko` (default: the page's language when it is
one of those, else English). Any other value answers 400 with a message saying what is accepted.
`?names=1` includes responsible persons only for users with `plan_documents.include_names` (program staff);
for anyone else the flag is ignored.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from spcp.actionplan.documents import rules  # noqa: F401  (registers plan_documents.include_names)
from spcp.actionplan.documents.content import PlanContent, plan_content
from spcp.actionplan.documents.docx import render_docx
from spcp.actionplan.documents.export import attachment, display_filename, filename
from spcp.actionplan.documents.pdf import render_pdf
from spcp.actionplan.documents.render import LANGUAGES, render_html
from spcp.actionplan.documents.table import render_csv
from spcp.actionplan.models import Plan
from spcp.actionplan.selectors import access_plan, access_plan_program, plan_get
from spcp.common.security import inline_style_response
from spcp.programs.models import Program

VIEW = "actionplan.view_plan"
NAMES = "plan_documents.include_names"


def _plan(request: HttpRequest, program_id: int) -> tuple[Program, Plan]:
    plan = access_plan(request.user, program_id, perm=VIEW)
    return plan.program, plan


def _lang(request: HttpRequest) -> str | None:
    current = translation.get_language() or "en"
    value = request.GET.get("lang", current if current in LANGUAGES else "en")
    return value if value in LANGUAGES else None


def _include_names(request: HttpRequest, program: Program) -> bool:
    return request.GET.get("names") == "1" and request.user.has_perm(NAMES, program)


def _bad(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _content(request: HttpRequest, program: Program, plan: Plan, lang: str) -> PlanContent:
    # The document's language: people's text in it where the plan has a version, else as written (tagged).
    return plan_content(plan, include_names=_include_names(request, program), language=lang)


def _document(request: HttpRequest, program_id: int, kind: str) -> HttpResponse:
    program, plan = _plan(request, program_id)
    lang = _lang(request)
    fmt = request.GET.get("format", "html")
    if lang is None:
        return _bad(_("Unknown language. Use lang=en or lang=ko."))
    if fmt not in ("html", "pdf", "docx"):
        return _bad(_("Unknown format. Use format=html, format=pdf or format=docx."))
    content = _content(request, program, plan, lang)
    if fmt == "html":
        return inline_style_response(lambda nonce: render_html(content, kind, lang, style_nonce=nonce))
    if fmt == "pdf":
        data, mime = render_pdf(content, kind, lang), "application/pdf"
    else:
        data = render_docx(content, kind, lang)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = attachment(
        filename(content, kind, lang, fmt), display_filename(content, kind, lang, fmt)
    )
    return response


@login_required
def report(request: HttpRequest, program_id: int) -> HttpResponse:
    return _document(request, program_id, "report")


@login_required
def plan(request: HttpRequest, program_id: int) -> HttpResponse:
    return _document(request, program_id, "plan")


@login_required
def items_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    program, plan = _plan(request, program_id)
    lang = _lang(request)
    fmt = request.GET.get("format", "html")
    if lang is None:
        return _bad(_("Unknown language. Use lang=en or lang=ko."))
    if fmt not in ("html", "csv"):
        return _bad(_("Unknown format. Use format=html or format=csv."))
    content = _content(request, program, plan, lang)
    if fmt == "html":
        return inline_style_response(lambda nonce: render_html(content, "items", lang, style_nonce=nonce))
    response = HttpResponse(render_csv(content, lang), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(
        filename(content, "items", lang, "csv"), display_filename(content, "items", lang, "csv")
    )
    return response


@login_required
def index(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access_plan_program(request.user, program_id, perm=VIEW)
    plan = plan_get(program=program)
    can_name = request.user.has_perm(NAMES, program)
    languages = [("en", "English"), ("ko", "한국어")]
    return render(
        request,
        "actionplan/documents/index.html",
        {
            "program": program,
            "plan": plan,
            "can_name": can_name,
            "languages": languages,
            "default_lang": _lang(request) or "en",
        },
    )
