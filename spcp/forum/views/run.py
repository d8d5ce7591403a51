"""Running the forum day: run of show, settings, ground rules, check-in, the two breakouts, merging duplicate
issues, dot voting, responses and the projector. Thin: fetch with access_*, call one service, render.

Outside the forum phase every write page is read-only and says why; a POST there answers 409 with the reason.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from spcp.accounts.models import User
from spcp.common.context_processors import LANGUAGE_NAMES
from spcp.forum import phases, selectors, services
from spcp.forum.forms import (
    ActionForm,
    BuildSecondForm,
    ForumForm,
    ManualMergeForm,
    MergeForm,
    MoveForm,
    RuleForm,
    SegmentPlanForm,
    SettingsForm,
    UndoMergeForm,
    participant_label,
)
from spcp.forum.models import (
    PARTICIPANT_LANGUAGES,
    BreakoutMember,
    Forum,
    GroundRule,
    Participant,
    Segment,
    SegmentKind,
    Solution,
    Statement,
)
from spcp.forum.rules_text import STANDARD_RULE_TEXT
from spcp.planning.models import Invitation, Rsvp, Sector
from spcp.planning.selectors import invitation_list
from spcp.programs.models import Program
from spcp.programs.selectors import access_program

VIEW = "forum.view_forum"
RUN = "forum.run_forum"
CHECK_IN = "forum.check_in"
# Invitations record the language a person needs; the phone page speaks these (others fall back to English).
INVITATION_TO_PARTICIPANT_LANGUAGE = {"zh": "zh-hans"}
RSVP_ORDER: dict[str, int] = {Rsvp.YES: 0, Rsvp.MAYBE: 1, Rsvp.PENDING: 2, Rsvp.NO: 3}
PEOPLE_PER_TABLE = 10


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here is login_required
    return request.user


def _perm(request: HttpRequest, write: str = RUN) -> str:
    return VIEW if request.method in ("GET", "HEAD") else write


def locked_reason(program: Program) -> str:
    """Why the forum's live tools are read-only for this program right now."""
    return _(
        "The forum can be run only while the program is in the forum phase. This program is in the "
        "“%(phase)s” phase, so this page is read-only."
    ) % {"phase": program.get_phase_display()}


def _context(request: HttpRequest, forum: Forum, current: str, *, write: str = RUN, **extra: Any) -> dict[str, Any]:
    program = forum.program
    allowed = request.user.has_perm(write, program)
    running = phases.forum_running(program)
    return {
        "program": program,
        "forum": forum,
        "current": current,
        "can_write": allowed,
        "editable": allowed and running,
        "locked_reason": "" if running else locked_reason(program),
        "refused": False,
        "errors": [],
        "language_names": LANGUAGE_NAMES,
        **extra,
    }


def _status(refused: bool, errors: Iterable[object] = (), forms: Iterable[ForumForm | None] = ()) -> int:
    if refused:
        return 409
    if list(errors) or any(f is not None and f.is_bound and f.errors for f in forms):
        return 400
    return 200


def _lock(context: dict[str, Any], *forms: ForumForm | None) -> None:
    if not context["editable"]:
        for form in forms:
            if form is not None:
                form.lock()


# --- reads the forum's selectors do not offer yet (candidates for selectors.py) ----------------------------


def _segments(forum: Forum) -> list[Segment]:
    return list(forum.segments.order_by("order"))


def _rules(forum: Forum) -> list[GroundRule]:
    return list(forum.ground_rules.filter(removed=False).order_by("order", "id"))


def _members_by_table(forum: Forum, round: int) -> dict[int, list[Participant]]:
    members: dict[int, list[Participant]] = defaultdict(list)
    rows = (
        BreakoutMember.objects.filter(breakout__forum=forum, round=round)
        .select_related("participant__sector")
        .order_by("participant_id")
    )
    for row in rows:
        members[row.breakout_id].append(row.participant)
    return members


def _invitees(forum: Forum) -> list[tuple[Invitation, Participant | None]]:
    checked_in = {
        p.invitation_id: p for p in Participant.objects.filter(forum=forum, invitation__isnull=False).order_by("id")
    }
    rows = sorted(
        invitation_list(program=forum.program), key=lambda i: (RSVP_ORDER.get(i.rsvp, 9), i.name.casefold(), i.pk)
    )
    return [(i, checked_in.get(i.pk)) for i in rows]


def _sources(statements: Sequence[Statement]) -> dict[int, list[Statement]]:
    found: dict[int, list[Statement]] = defaultdict(list)
    rows = Statement.objects.filter(merged_into__in=statements, removed=False).select_related("breakout")
    for source in rows.order_by("id"):
        assert source.merged_into_id is not None
        found[source.merged_into_id].append(source)
    return found


def _solutions(forum: Forum) -> list[Solution]:
    return list(
        Solution.objects.filter(forum=forum, removed=False)
        .select_related("breakout", "issue")
        .order_by("breakout__number", "id")
    )


def _volunteer_count(forum: Forum) -> dict[str, int]:
    return forum.council_volunteers.aggregate(all=Count("id"), chosen=Count("id", filter=Q(representative=True)))


# --- the solver's problems, in whole sentences ------------------------------------------------------------


def problem_sentences(problems: Iterable[Any], sectors_by_id: dict[int, Sector]) -> list[str]:
    """Say each of the table builder's unmet constraints as a sentence (the tables helper uses this too)."""
    return [_problem_sentence(p, sectors_by_id) for p in problems]


def _sector_name(sector_id: object, sectors_by_id: dict[int, Sector]) -> str:
    sector = sectors_by_id.get(sector_id) if isinstance(sector_id, int) else None
    return sector.display_name if sector is not None else _("A sector")


def _problem_sentence(problem: Any, sectors_by_id: dict[int, Sector]) -> str:
    code = str(getattr(problem, "code", ""))
    group = getattr(problem, "group", None)
    have = int(getattr(problem, "have", None) or 0)
    values: dict[str, object] = {
        "sector": _sector_name(getattr(problem, "sector", None), sectors_by_id),
        "have": have,
        "need": int(getattr(problem, "need", None) or 0),
        "table": group + 1 if isinstance(group, int) else 0,  # groups are 0-based; tables are numbered from 1
        "person": int(getattr(problem, "person", None) or 0),
    }
    if code == "sector_too_small":
        return (
            ngettext(
                "%(sector)s has %(have)d person checked in, but there are %(need)d groups, so it cannot be at every "
                "table.",
                "%(sector)s has %(have)d people checked in, but there are %(need)d groups, so it cannot be at every "
                "table.",
                have,
            )
            % values
        )
    if code == "group_missing_sector":
        return _("Table %(table)d has no one from %(sector)s.") % values
    if code == "unbalanced":
        return (
            ngettext(
                "Table %(table)d has %(have)d person, but table sizes should differ by at most one: at most %(need)d "
                "here.",
                "Table %(table)d has %(have)d people, but table sizes should differ by at most one: at most %(need)d "
                "here.",
                have,
            )
            % values
        )
    if code == "law_enforcement_uneven":
        return (
            ngettext(
                "Table %(table)d has %(have)d member of law enforcement, but law enforcement should be spread evenly: "
                "at most %(need)d here.",
                "Table %(table)d has %(have)d members of law enforcement, but law enforcement should be spread evenly: "
                "at most %(need)d here.",
                have,
            )
            % values
        )
    if code == "unknown_person":
        return _("Table %(table)d lists person #%(person)d, who is not checked in to this forum.") % values
    if code == "duplicate_person":
        return _("Person #%(person)d is at more than one table (again at table %(table)d).") % values
    if code == "missing_person":
        return _("Person #%(person)d has no table yet.") % values
    if code == "no_facilitator":
        return _("Table %(table)d has no facilitator: there are not enough ready facilitators.") % values
    if code == "no_shared_language":
        return _("No facilitator at table %(table)d speaks a language its members chose.") % values
    return _("The tables do not meet one of the rules (%(code)s).") % {"code": code or "?"}


# --- run of show ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    segment: Segment
    current: bool
    done: bool
    actual_minutes: int | None


def _agenda(forum: Forum, segments: Sequence[Segment]) -> list[AgendaRow]:
    now = timezone.now()
    rows = []
    for segment in segments:
        actual = None
        if segment.started_at is not None:
            actual = round(((segment.ended_at or now) - segment.started_at).total_seconds() / 60)
        current = segment.pk == forum.current_segment_id
        rows.append(AgendaRow(segment, current, segment.ended_at is not None and not current, actual))
    return rows


def _next_segment(forum: Forum, segments: Sequence[Segment]) -> Segment | None:
    if forum.current_segment_id is None:
        return segments[0] if segments else None
    ids = [s.pk for s in segments]
    index = ids.index(forum.current_segment_id) if forum.current_segment_id in ids else len(ids)
    return segments[index + 1] if index + 1 < len(segments) else None


def _short_url(request: HttpRequest, forum: Forum) -> str:
    return request.build_absolute_uri(reverse("join_short", kwargs={"code": forum.join_code}))


def _control_page(
    request: HttpRequest, forum: Forum, *, refused: bool = False, errors: Sequence[str] = ()
) -> HttpResponse:
    segments = _segments(forum)
    context = _context(
        request,
        forum,
        "control",
        agenda=_agenda(forum, segments),
        next_segment=_next_segment(forum, segments),
        head_count=selectors.participant_count(forum=forum),
        summary=selectors.checkin_summary(forum=forum),
        short_url=_short_url(request, forum),
        timer=_timer(forum),
        refused=refused,
        errors=list(errors),
    )
    return render(request, "forum/control.html", context, status=_status(refused, errors))


def _timer(forum: Forum) -> dict[str, Any] | None:
    """The running segment's start and planned length, for the countdown (static/forum/timer.js)."""
    segment = forum.current_segment
    if segment is None or segment.started_at is None or segment.ended_at is not None:
        return None
    return {
        "start": segment.started_at.isoformat(),
        "minutes": segment.planned_minutes,
        "now": timezone.now().isoformat(),
    }


@login_required
@require_GET
def control(request: HttpRequest, program_id: int) -> HttpResponse:
    program = access_program(request.user, program_id, perm=VIEW)
    # Programs created before the forum app have no forum yet: set it up once (idempotent).
    forum = selectors.forum_get(program=program) or services.forum_setup(program=program)
    return _control_page(request, forum)


@login_required
@require_POST
def segment_start(request: HttpRequest, program_id: int, segment_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=RUN)
    segment = forum.segments.filter(pk=segment_id).first()
    if segment is None:
        raise Http404
    if not phases.forum_running(forum.program):
        return _control_page(request, forum, refused=True)
    try:
        services.segment_start(forum=forum, segment=segment, actor=_actor(request))
    except ValidationError as exc:
        return _control_page(request, forum, errors=exc.messages)
    messages.success(
        request, _("Now: %(segment)s. Every screen in the room follows.") % {"segment": segment.get_kind_display()}
    )
    return redirect("forum:control", program_id=forum.program_id)


@login_required
@require_POST
def day_end(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=RUN)
    if not phases.forum_running(forum.program):
        return _control_page(request, forum, refused=True)
    try:
        services.day_end(forum=forum, actor=_actor(request))
    except ValidationError as exc:
        return _control_page(request, forum, errors=exc.messages)
    messages.success(request, _("The day has ended. Facilitators have 24 hours to file their fidelity logs."))
    return redirect("forum:control", program_id=forum.program_id)


# --- settings ---------------------------------------------------------------------------------------------


@login_required
def settings_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=_perm(request))
    posted = request.POST if request.method == "POST" else None
    segment_id = posted.get("segment") if posted else None
    segments = _segments(forum)
    form = SettingsForm(posted if posted and not segment_id else None, initial=SettingsForm.initial_for(forum))
    plans = [SegmentPlanForm(posted if segment_id == str(s.pk) else None, segment=s) for s in segments]
    refused = posted is not None and not phases.forum_running(forum.program)
    if posted is not None and not refused:
        target: ForumForm = form
        if segment_id:
            found = [p for p in plans if p.is_bound]
            if not found:
                raise Http404
            target = found[0]
        if target.is_valid():
            try:
                if isinstance(target, SegmentPlanForm):
                    services.segment_plan_update(
                        segment=target.segment, actor=_actor(request), **target.service_kwargs()
                    )
                    done = _("Times for “%(segment)s” saved.") % {"segment": target.segment.get_kind_display()}
                else:
                    services.forum_settings_update(forum=forum, actor=_actor(request), **form.service_kwargs())
                    done = _("Voting settings saved.")
            except ValidationError as exc:
                target.apply_service_errors(exc)
            else:
                messages.success(request, done)
                return redirect("forum:settings", program_id=forum.program_id)
    context = _context(request, forum, "settings", form=form, plans=plans, refused=refused)
    _lock(context, form, *plans)
    return render(request, "forum/settings.html", context, status=_status(refused, forms=[form, *plans]))


# --- ground rules -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    rule: GroundRule
    text: str
    standard: bool


def rule_rows(rules: Iterable[GroundRule]) -> list[RuleRow]:
    """Rules as staff read them: a standard rule in the reader's language, the room's own in its language."""
    rows = []
    for rule in rules:
        standard = STANDARD_RULE_TEXT.get(rule.key)
        rows.append(RuleRow(rule, str(standard) if standard is not None else rule.text, standard is not None))
    return rows


def _staff_language() -> str:
    language = translation.get_language() or "en"
    return language if language in PARTICIPANT_LANGUAGES else "en"


@login_required
def rules(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=_perm(request))
    posted = request.POST if request.method == "POST" else None
    form = RuleForm(posted, initial={"language": _staff_language()})
    refused = posted is not None and not phases.forum_running(forum.program)
    if posted is not None and not refused and form.is_valid():
        try:
            services.ground_rule_add(forum=forum, actor=_actor(request), **form.cleaned_data)
        except ValidationError as exc:
            form.apply_service_errors(exc)
        else:
            messages.success(request, _("Ground rule added. Every screen in the room shows it."))
            return redirect("forum:rules", program_id=forum.program_id)
    context = _context(request, forum, "rules", form=form, rules=rule_rows(_rules(forum)), refused=refused)
    _lock(context, form)
    return render(request, "forum/rules.html", context, status=_status(refused, forms=[form]))


@login_required
def rule_edit(request: HttpRequest, program_id: int, rule_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=RUN)
    rule = forum.ground_rules.filter(pk=rule_id, removed=False).first()
    if rule is None:
        raise Http404
    posted = request.POST if request.method == "POST" else None
    language = rule.language if not rule.key else _staff_language()
    remove = posted is not None and posted.get("action") == "remove"
    form = RuleForm(None if remove else posted, initial=RuleForm.initial_for(rule.key, rule.text, language))
    refused = posted is not None and not phases.forum_running(forum.program)
    if posted is not None and not refused:
        if remove:
            services.ground_rule_remove(rule=rule, actor=_actor(request))
            messages.success(request, _("Ground rule removed."))
            return redirect("forum:rules", program_id=forum.program_id)
        if form.is_valid():
            try:
                services.ground_rule_update(rule=rule, actor=_actor(request), **form.cleaned_data)
            except ValidationError as exc:
                form.apply_service_errors(exc)
            else:
                messages.success(request, _("Ground rule reworded."))
                return redirect("forum:rules", program_id=forum.program_id)
    (row,) = rule_rows([rule])
    context = _context(request, forum, "rules", form=form, row=row, refused=refused)
    _lock(context, form)
    return render(request, "forum/rule_form.html", context, status=_status(refused, forms=[form]))


# --- check-in ---------------------------------------------------------------------------------------------


def qr_svg(data: str) -> str:
    """An SVG QR code for `data` (scalable: sized by CSS)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    return svg if isinstance(svg, str) else svg.decode()


def _inline_qr(data: str, label: str) -> SafeString:
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", qr_svg(data))
    # An inline image needs a role and a name; the data is ours (a URL we built), so the markup is safe.
    svg = svg.replace("<svg ", format_html('<svg role="img" aria-label="{}" class="spcp-qr" ', label), 1)
    return mark_safe(svg)  # noqa: S308 - generated by qrcode from our own URL; the label is escaped above


def phone_link(request: HttpRequest, forum: Forum, participant: Participant) -> str:
    """The participant's personal link: their phone page, in their language, already checked in."""
    with translation.override(participant.language):
        path = reverse("participant:page", kwargs={"code": forum.join_code})
    return request.build_absolute_uri(f"{path}?t={participant.token}")


def _checkin_page(
    request: HttpRequest, forum: Forum, *, refused: bool = False, errors: Sequence[str] = (), shown: str = ""
) -> HttpResponse:
    invitees = _invitees(forum)
    phone = None
    for invitation, participant in invitees:
        if participant is not None and str(invitation.pk) == shown:
            link = phone_link(request, forum, participant)
            label = _("QR code of the phone link for %(name)s") % {"name": invitation.name}
            phone = {"invitation": invitation, "participant": participant, "link": link, "qr": _inline_qr(link, label)}
    context = _context(
        request,
        forum,
        "checkin",
        write=CHECK_IN,
        invitees=invitees,
        counts=selectors.checkin_counts(forum=forum),
        head_count=selectors.participant_count(forum=forum),
        summary=selectors.checkin_summary(forum=forum),
        short_url=_short_url(request, forum),
        phone=phone,
        refused=refused,
        errors=list(errors),
    )
    return render(request, "forum/checkin.html", context, status=_status(refused, errors))


@login_required
@require_GET
def checkin(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=CHECK_IN)
    return _checkin_page(request, forum, shown=request.GET.get("shown", ""))


@login_required
@require_GET
def qr_code(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=VIEW)
    response = HttpResponse(qr_svg(_short_url(request, forum)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def checkin_invitee(request: HttpRequest, program_id: int, invitation_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=CHECK_IN)
    invitation = invitation_list(program=forum.program).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    if not phases.forum_running(forum.program):
        return _checkin_page(request, forum, refused=True)
    language = INVITATION_TO_PARTICIPANT_LANGUAGE.get(invitation.language, invitation.language) or "en"
    try:
        services.participant_checkin_invitee(
            forum=forum, invitation=invitation, language=language, actor=_actor(request)
        )
    except ValidationError as exc:
        return _checkin_page(request, forum, errors=exc.messages)
    messages.success(request, _("%(name)s is checked in. Their phone link is below.") % {"name": invitation.name})
    url = reverse("forum:checkin", kwargs={"program_id": forum.program_id})
    return redirect(f"{url}?shown={invitation.pk}#phone-link")


# --- breakouts --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    number: int
    pk: int
    sectors: list[tuple[Sector, int]]
    size: int
    facilitators: list[str]
    issues: list[Statement]
    members: list[str]


def _tables(forum: Forum, round: int, sectors_by_id: dict[int, Sector]) -> list[TableRow]:
    members = _members_by_table(forum, round)
    rows = []
    for table in selectors.breakout_list(forum=forum, round=round):
        people = members.get(table.pk, [])
        per_sector: dict[int, int] = defaultdict(int)
        for person in people:
            per_sector[person.sector_id] += 1
        listed = sorted({s.pk for s in table.sectors.all()} | set(per_sector))
        rows.append(
            TableRow(
                number=table.number,
                pk=table.pk,
                sectors=[(sectors_by_id[s], per_sector.get(s, 0)) for s in listed if s in sectors_by_id],
                size=len(people),
                facilitators=[f.name for f in table.facilitators.all()],
                issues=list(table.issues.all()),
                members=[participant_label(p) for p in people],
            )
        )
    return rows


def _problems_key(forum: Forum, round: int) -> str:
    return f"forum:{forum.pk}:built:{round}"


def _remember(request: HttpRequest, forum: Forum, round: int, result: services.BuildResult) -> None:
    """Keep what the table builder could not satisfy for the page after the redirect (while those tables stand)."""
    request.session[_problems_key(forum, round)] = {
        "tables": sorted(t.pk for t in result.tables),
        "problems": [_plain(p) for p in result.problems],
    }


def _plain(problem: Any) -> dict[str, Any]:
    data = asdict(problem) if is_dataclass(problem) and not isinstance(problem, type) else {}
    return {k: str(v) if k == "code" else v for k, v in data.items() if isinstance(v, str | int | None)}


class _Stored:
    """A remembered problem, read like analysis.Problem."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)


def _build_problems(request: HttpRequest, forum: Forum, round: int, tables: Sequence[TableRow]) -> list[_Stored]:
    stored = request.session.get(_problems_key(forum, round)) or {}
    if not tables or stored.get("tables") != sorted(t.pk for t in tables):
        return []  # rebuilt since (perhaps by someone else): those notes no longer apply
    return [_Stored(p) for p in stored.get("problems", [])]


def _breakouts_page(
    request: HttpRequest,
    forum: Forum,
    round: int,
    *,
    form: BuildSecondForm | None = None,
    move: MoveForm | None = None,
    refused: bool = False,
    errors: Sequence[str] = (),
) -> HttpResponse:
    sectors_by_id = {s.pk: s for s in selectors.sector_list(forum=forum)}
    tables = _tables(forum, round, sectors_by_id)
    head_count = selectors.participant_count(forum=forum)
    if round == 2 and form is None:
        groups = max(1, math.ceil(head_count / PEOPLE_PER_TABLE))
        form = BuildSecondForm(initial={"groups": groups, "seed": forum.breakout_seed}, auto_id="build_%s")
    # Round 2 is re-checked as the tables stand now (after any moves); the builder's notes are kept apart.
    now = services.breakout_problems(forum=forum, round=round) if tables else []
    move = move or (MoveForm(forum=forum, round=round) if tables else None)
    context = _context(
        request,
        forum,
        f"breakouts_{round}",
        round=round,
        tables=tables,
        head_count=head_count,
        form=form,
        move=move,
        problems_now=problem_sentences(now, sectors_by_id),
        problems_built=problem_sentences(_build_problems(request, forum, round, tables), sectors_by_id),
        refused=refused,
        errors=list(errors),
    )
    _lock(context, form, move)
    return render(request, "forum/breakouts.html", context, status=_status(refused, errors, [form, move]))


@login_required
def breakouts(request: HttpRequest, program_id: int, round: int) -> HttpResponse:
    if round not in (1, 2):
        raise Http404
    forum = selectors.access_forum(request.user, program_id, perm=_perm(request))
    if request.method != "POST":
        return _breakouts_page(request, forum, round)
    form = BuildSecondForm(request.POST, auto_id="build_%s") if round == 2 else None
    if not phases.forum_running(forum.program):
        return _breakouts_page(request, forum, round, form=form, refused=True)
    try:
        if form is None:
            result = services.breakouts_build_first(forum=forum, actor=_actor(request))
        elif form.is_valid():
            result = services.breakouts_build_second(forum=forum, actor=_actor(request), **form.cleaned_data)
        else:
            return _breakouts_page(request, forum, round, form=form)
    except ValidationError as exc:
        if form is None:
            return _breakouts_page(request, forum, round, errors=exc.messages)
        form.apply_service_errors(exc)
        return _breakouts_page(request, forum, round, form=form)
    _remember(request, forum, round, result)
    count = len(result.tables)
    messages.success(request, ngettext("%(count)d table set up.", "%(count)d tables set up.", count) % {"count": count})
    return redirect("forum:breakouts", program_id=forum.program_id, round=round)


@login_required
@require_POST
def breakout_move(request: HttpRequest, program_id: int, round: int) -> HttpResponse:
    if round not in (1, 2):
        raise Http404
    forum = selectors.access_forum(request.user, program_id, perm=RUN)
    move = MoveForm(request.POST, forum=forum, round=round)
    if not phases.forum_running(forum.program):
        return _breakouts_page(request, forum, round, refused=True)
    if not move.is_valid():
        return _breakouts_page(request, forum, round, move=move)
    try:
        # The page after the redirect shows the re-checked constraints (the same check this returns).
        services.breakout_member_move(
            participant=move.cleaned_data["participant"], breakout=move.cleaned_data["breakout"], actor=_actor(request)
        )
    except ValidationError as exc:
        move.apply_service_errors(exc)
        return _breakouts_page(request, forum, round, move=move)
    messages.success(
        request,
        _("%(person)s moved to table %(number)d.")
        % {
            "person": participant_label(move.cleaned_data["participant"]),
            "number": move.cleaned_data["breakout"].number,
        },
    )
    return redirect("forum:breakouts", program_id=forum.program_id, round=round)


# --- merging duplicates -----------------------------------------------------------------------------------


@login_required
def merge(request: HttpRequest, program_id: int) -> HttpResponse:
    """Suggested duplicates (merge or keep apart), issues merged by hand from any tables, and undo."""
    forum = selectors.access_forum(request.user, program_id, perm=_perm(request))
    which = request.POST.get("form", "suggestion") if request.method == "POST" else ""
    issues = selectors.issue_list(forum=forum)
    bound = MergeForm(request.POST, forum=forum) if which == "suggestion" else None
    manual = ManualMergeForm(request.POST if which == "manual" else None, forum=forum, issues=issues, auto_id="m_%s")
    undo = UndoMergeForm(request.POST, forum=forum) if which == "undo" else None
    refused = bool(which) and not phases.forum_running(forum.program)
    done = None if refused else _merge_post(request, bound, manual, undo)
    if done:
        messages.success(request, done)
        return redirect("forum:merge", program_id=forum.program_id)
    found = selectors.merge_suggestions(forum=forum, issues=issues)
    clusters = []
    placed = False
    for index, suggestion in enumerate(found.suggestions, start=1):
        form = MergeForm(forum=forum, initial={"statements": suggestion.key}, auto_id=f"c{index}_%s")
        if bound is not None and bound.data.get("statements") == suggestion.key:
            bound.auto_id, form, placed = f"c{index}_%s", bound, True
        percent = round(100 * max(suggestion.similarity, 0.0))
        clusters.append({"index": index, "suggestion": suggestion, "form": form, "percent": percent})
    by_table: dict[int, list[Statement]] = defaultdict(list)
    for issue in issues:
        by_table[issue.breakout.number].append(issue)
    context = _context(
        request,
        forum,
        "merge",
        clusters=clusters,
        waiting=found.waiting,
        multilingual=found.multilingual,
        by_table=sorted(by_table.items()),
        manual=manual,
        manual_selected=set(request.POST.getlist("issues")) if manual.is_bound else set(),
        undoable=selectors.merge_undoable(forum=forum),
        undo=undo,
        stray=bound if bound is not None and not placed else None,
        refused=refused,
    )
    _lock(context, manual, *[form for form in (c["form"] for c in clusters) if isinstance(form, MergeForm)])
    return render(request, "forum/merge.html", context, status=_status(refused, forms=[bound, manual, undo]))


def _merge_post(
    request: HttpRequest, bound: MergeForm | None, manual: ManualMergeForm, undo: UndoMergeForm | None
) -> str | None:
    """Apply the form that was posted; the message to show, or None when it was refused (errors on the form)."""
    try:
        if bound is not None and bound.is_valid():
            statements = bound.cleaned_data["statements"]
            if bound.cleaned_data["decision"] == MergeForm.MERGE:
                services.merge_confirm(statements=statements, actor=_actor(request), text=bound.cleaned_data["text"])
                return _("Issues merged. The merged issue keeps every table's wording as its sources.")
            services.merge_reject(statements=statements, actor=_actor(request))
            return _("Issues kept apart. This suggestion will not come back.")
        if manual.is_bound and manual.is_valid():
            services.merge_confirm(
                statements=manual.cleaned_data["issues"],
                actor=_actor(request),
                text=manual.cleaned_data["text"],
                manual=True,
            )
            return _("Issues merged. The merged issue keeps every table's wording as its sources.")
        if undo is not None and undo.is_valid():
            services.merge_undo(decision=undo.cleaned_data["decision"], actor=_actor(request))
            return _("Merge undone. Each issue stands on its own again.")
    except ValidationError as exc:
        form = bound if bound is not None else undo if undo is not None else manual
        form.apply_service_errors(exc)
    return None


# --- dot voting -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TallyRow:
    issue: Statement
    dots: int
    percent: int


def _tally_rows(forum: Forum) -> list[TallyRow]:
    tally = selectors.dot_tally(forum=forum)
    issues = sorted(selectors.issue_list(forum=forum), key=lambda s: (-tally.get(s.pk, 0), s.pk))
    top = max(tally.values(), default=0)
    return [TallyRow(s, tally.get(s.pk, 0), round(100 * tally.get(s.pk, 0) / top) if top else 0) for s in issues]


VOTING_ACTIONS = ("open", "close", "undo_close")


@login_required
def voting(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=_perm(request))
    form = ActionForm(request.POST, actions=VOTING_ACTIONS) if request.method == "POST" else None
    refused = form is not None and not phases.forum_running(forum.program)
    errors: list[str] = []
    valid = form is not None and not refused and form.is_valid()
    action = form.cleaned_data["action"] if form is not None and valid else ""
    # Closing asks "close now?" first: the first press only shows the question, nothing changes yet.
    confirming = action == "close" and request.POST.get("confirm") != "yes"
    if action and not confirming:
        try:
            if action == "open":
                services.voting_open(forum=forum, actor=_actor(request))
                done = _("Dot voting is open. Participants place their dots on their phones.")
            elif action == "close":
                services.voting_close(forum=forum, actor=_actor(request))
                done = _(
                    "Dot voting is closed. The priority issues are chosen. You can reopen it for two minutes if "
                    "it closed too early."
                )
            else:
                services.voting_close_undo(forum=forum, actor=_actor(request))
                done = _("Dot voting is open again. Every dot placed before still counts.")
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, done)
            return redirect("forum:voting", program_id=forum.program_id)
    priorities = selectors.priority_list(forum=forum) if forum.voting_closed_at else []
    sources = _sources(priorities)
    context = _context(
        request,
        forum,
        "voting",
        rows=_tally_rows(forum),
        voters=selectors.voter_count(forum=forum),
        head_count=selectors.participant_count(forum=forum),
        priorities=[(s, sources.get(s.pk, [])) for s in priorities],
        confirming=confirming and forum.voting_open,
        undoable=services.voting_close_undoable(forum),
        refused=refused,
        errors=errors,
    )
    return render(request, "forum/voting.html", context, status=_status(refused, errors, [form]))


# --- responses to the solutions and council sign-up -------------------------------------------------------

RESPONSE_ACTIONS = ("responses_open", "responses_close", "council_open", "council_close")


@login_required
def responses(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=_perm(request))
    form = ActionForm(request.POST, actions=RESPONSE_ACTIONS) if request.method == "POST" else None
    refused = form is not None and not phases.forum_running(forum.program)
    errors: list[str] = []
    if form is not None and not refused and form.is_valid():
        action = form.cleaned_data["action"]
        is_open = action.endswith("_open")
        try:
            if action.startswith("responses"):
                services.responses_set_open(forum=forum, is_open=is_open, actor=_actor(request))
            else:
                services.council_signup_set_open(forum=forum, is_open=is_open, actor=_actor(request))
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _response_message(action))
            return redirect("forum:responses", program_id=forum.program_id)
    solutions = _solutions(forum)
    results = {r.solution_id: r for r in selectors.solution_results(forum=forum)} if solutions else {}
    context = _context(
        request,
        forum,
        "responses",
        solutions=[(s, results.get(s.pk)) for s in solutions],
        volunteers=_volunteer_count(forum),
        refused=refused,
        errors=errors,
    )
    return render(request, "forum/responses.html", context, status=_status(refused, errors, [form]))


def _response_message(action: str) -> str:
    return {
        "responses_open": _("Responses are open: participants agree, disagree or pass on each solution."),
        "responses_close": _("Responses are closed."),
        "council_open": _("Council sign-up is open on the participants' phones."),
        "council_close": _("Council sign-up is closed."),
    }[action]


# --- the projector ----------------------------------------------------------------------------------------


def _state_url(program_id: int) -> str:
    try:
        return reverse("api:staff_state", kwargs={"program_id": program_id})
    except NoReverseMatch:
        return f"/api/programs/{program_id}/forum/state"


def projector_strings() -> dict[str, Any]:
    """Every word the projector's script shows, in the staff member's language (no English in the JS)."""
    return {
        "segments": {kind.value: str(kind.label) for kind in SegmentKind},
        "now": {
            "none": _("The forum will begin shortly."),
            "opening": _("Welcome. Join on your phone: scan the code or type the address."),
            "ground_rules": _("Our ground rules. Suggest a change on your phone or aloud."),
            "breakout_1": _("Find your table. Each table lists what works well and what undermines trust."),
            "report_out_1": _("Each table presents its issues to the room."),
            "dot_voting": _("Place your dots on your phone, on the issues that matter most."),
            "dot_voting_closed": _("The room's priority issues."),
            "breakout_2": _("Find your new table. Each mixed table develops solutions to a priority issue."),
            "report_out_2": _("Each table presents its solutions. On your phone: agree, disagree or pass."),
            "council": _("The SPCP council: the representatives each sector chose."),
            "closed": _(
                "The forum has ended. The action plan and the council's progress will be shared with everyone "
                "who took part."
            ),
        },
        "rules": {key: str(text) for key, text in STANDARD_RULE_TEXT.items()},
        "languages": dict(LANGUAGE_NAMES),
        "law_enforcement": _("Law enforcement"),
        "community": _("Community"),
        "small_groups": _("Smaller groups, pooled"),
        "join_at": _("Join at %(url)s with the code %(code)s"),
        "code": _("Code"),
        "qr_alt": _("QR code that opens the forum's join page"),
        "table": _("Table %(number)s"),
        # The script picks the plural form itself: the staff languages (English, Korean) need only these two.
        "people": [ngettext("%(counter)s person", "%(counter)s people", n) for n in (1, 2)],
        "dots": [ngettext("%(counter)s dot", "%(counter)s dots", n) for n in (1, 2)],
        "voters": _("Voted so far: %(voters)s of %(people)s checked in."),
        "checked_in": _("Checked in: %(count)s"),
        "priority": _("Priority %(rank)s"),
        "no_tables": _("The tables are being set up."),
        "no_issues": _("No issues yet."),
        "no_solutions": _("No solutions yet."),
        "no_council": _("No representatives named yet."),
        "no_rules": _("No ground rules yet."),
        "agree": pgettext("response", "Agree"),
        "disagree": pgettext("response", "Disagree"),
        "pass": pgettext("response", "Pass"),
        "everyone": _("Everyone"),
        "bridging": _("Common ground: %(percent)s%%"),
        "bridging_pending": _("Common ground: not enough answers yet"),
        "bridging_help": _("High only when law enforcement and the community both agree."),
        "name_hidden": _("Name not shown"),
        "cut": _("Above this line: the top %(count)s, the priority issues"),
        "page": _("Page %(page)s of %(pages)s"),
        "closed": _("Thank you for taking part"),
        "feedback": _("Please tell us how the day went: answer the feedback survey on your phone at"),
        "timer": {
            "left": _("%(time)s left"),
            "over": _("%(time)s over time"),
            "soon": _("5 minutes left in this segment."),
            "last": _("1 minute left in this segment."),
            "up": _("This segment is over its planned time."),
        },
        "machine": _("Machine translation"),
        "status": {
            "open": _("Live"),
            "connecting": _("Connecting…"),
            "reconnecting": _("Reconnecting…"),
            "polling": _("Live (slow connection)"),
            "closed": _("Offline: showing the last known state"),
        },
    }


@login_required
@require_GET
def projector(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=VIEW)
    config = {
        "code": forum.join_code,
        "stateUrl": _state_url(forum.program_id),
        "qrUrl": reverse("forum:qr", kwargs={"program_id": forum.program_id}),
        "shortUrl": _short_url(request, forum),
        "surveyUrl": request.build_absolute_uri(reverse("surveys:respond", kwargs={"survey_code": "SURVEYCODE"})),
        "lang": _staff_language(),  # participants' text is shown translated into it where a translation exists
    }
    context = {"program": forum.program, "forum": forum, "config": config, "strings": projector_strings()}
    return render(request, "forum/projector.html", context)
