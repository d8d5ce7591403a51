"""The room's shared state as JSON, and the sequenced events that change it.

Every screen (phones, facilitator tablets, the projector) holds the same state: a dict of collections. An
event is one of three operations on it, each carrying a per-forum sequence number written in the same
transaction as the change:

    {"seq": 7, "op": "set", "coll": "forum", "data": {...}}           replace a whole collection or record
    {"seq": 8, "op": "put", "coll": "statements", "id": 12, "data": {...}}   insert or replace one item
    {"seq": 9, "op": "del", "coll": "statements", "id": 12}                 remove one item

`apply_event` is the reducer; the client (static/forum/live.js) implements the same three lines. Nothing here
names a participant: statements, solutions and tallies are anonymous, and representatives appear only with
the name they agreed to show. Tallies are not events: they are pushed as snapshots a few times a second.
"""

from __future__ import annotations

import copy
from typing import Any, Literal, TypedDict

from spcp.forum.models import (
    ActionStep,
    Breakout,
    CouncilVolunteer,
    Forum,
    GroundRule,
    Segment,
    Solution,
    Statement,
    TextTranslation,
    original_hash,
)
from spcp.planning.models import Sector

Json = dict[str, Any]
Collection = Literal["forum", "segments", "rules", "sectors", "breakouts", "statements", "solutions", "council"]


class Event(TypedDict, total=False):
    seq: int
    op: Literal["set", "put", "del"]
    coll: Collection
    id: int
    data: Any


def forum_data(forum: Forum) -> Json:
    segment = forum.current_segment
    return {
        "code": forum.join_code,
        "title": forum.program.title,
        "titles": forum.program.all_titles,
        "city": forum.program.city,
        "segment": segment.kind if segment else None,
        "voting_open": forum.voting_open,
        "voting_closed": forum.voting_closed_at is not None,
        "responses_open": forum.responses_open,
        "council_open": forum.council_signup_open,
        "dots": forum.dots_per_participant,
        "stacking": forum.allow_stacking,
        "top_k": forum.top_k,
        "hide_totals": forum.hide_totals,
        "day_over": segment is not None and segment.ended_at is not None,
        "feedback": feedback_code(forum) if segment is not None and segment.ended_at is not None else None,
    }


def feedback_code(forum: Forum) -> str | None:
    """The code of the program's after-the-day feedback survey, when one is open (its app registers the reader)."""
    from spcp.forum.phases import feedback_survey_code

    return feedback_survey_code(forum.program)


def segment_data(segment: Segment) -> Json:
    return {
        "id": segment.pk,
        "kind": segment.kind,
        "order": segment.order,
        "start": segment.planned_start.strftime("%H:%M"),
        "minutes": segment.planned_minutes,
        "started": segment.started_at.isoformat() if segment.started_at else None,
        "ended": segment.ended_at.isoformat() if segment.ended_at else None,
    }


def translations_data(item: Statement | Solution | ActionStep | GroundRule) -> Json:
    """An item's current translations by language: {"ko": {"text": ..., "machine": false}}.

    Reads `item.translations.all()`, so lists prefetch it; a translation of a since-edited text is left out.
    """
    current = original_hash(item.text)
    found: list[TextTranslation] = list(item.translations.all())
    return {t.language: {"text": t.text, "machine": t.machine} for t in found if t.original_hash == current}


def rule_data(rule: GroundRule) -> Json:
    data = {"id": rule.pk, "key": rule.key, "text": rule.text, "lang": rule.language, "order": rule.order}
    if not rule.key:
        data["tr"] = translations_data(rule)
    return data


def sector_data(sector: Sector) -> Json:
    # Each screen picks the name in its own language from `names` (all five for a standard sector, those the
    # planners typed for a custom one) and shows another, lang-tagged, when its own is missing.
    name = "" if sector.is_law_enforcement else sector.name
    return {
        "id": sector.pk,
        "name": name,
        "key": sector.key,
        "names": sector.all_names,
        "kind": sector.kind,
        "order": sector.order,
    }


def breakout_data(breakout: Breakout, size: int) -> Json:
    return {
        "id": breakout.pk,
        "round": breakout.round,
        "number": breakout.number,
        "sectors": sorted(s.pk for s in breakout.sectors.all()),
        "facilitators": [f.name for f in breakout.facilitators.all()],
        "issues": sorted(s.pk for s in breakout.issues.all()),
        "size": size,
    }


def statement_data(statement: Statement, sources: list[Statement]) -> Json:
    return {
        "id": statement.pk,
        "breakout": statement.breakout_id,
        "kind": statement.kind,
        "text": statement.text,
        "lang": statement.language,
        "tr": translations_data(statement),
        "sources": [{"id": s.pk, "breakout": s.breakout_id, "text": s.text, "lang": s.language} for s in sources],
        "rank": statement.priority_rank,
        "dots": statement.final_dots,
    }


def solution_data(solution: Solution) -> Json:
    return {
        "id": solution.pk,
        "breakout": solution.breakout_id,
        "issue": solution.issue_id,
        "text": solution.text,
        "lang": solution.language,
        "tr": translations_data(solution),
        "steps": [
            {
                "id": s.pk,
                "text": s.text,
                "lang": s.language,
                "tr": translations_data(s),
                "who": s.who,
                "when": s.by_when,
            }
            for s in solution.steps.all()
        ],
    }


def council_data(volunteer: CouncilVolunteer) -> Json:
    return {
        "id": volunteer.pk,
        "sector": volunteer.participant.sector_id,
        "name": volunteer.name if volunteer.show_name else None,
    }


def apply_event(state: Json, event: Event) -> Json:
    """Return `state` with one event applied (the client's reducer does the same)."""
    new = copy.deepcopy(state)
    coll = event["coll"]
    if event["op"] == "set":
        new[coll] = event["data"]
    elif event["op"] == "put":
        new.setdefault(coll, {})[str(event["id"])] = event["data"]
    else:
        new.setdefault(coll, {}).pop(str(event["id"]), None)
    new["seq"] = event["seq"]
    return new
