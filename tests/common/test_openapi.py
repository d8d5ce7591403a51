"""The published OpenAPI document (/api/openapi.json) tells the truth.

Every schema has its own name (django-ninja keeps one schema per name, so a second `ItemOut` silently documents
the first one's endpoints with the wrong shape), and every answer the API gives, to every demo account, with
the demo's three programs (in training, on their forum day, and a year into the council), is a documented
status with a body that matches the schema documented for it.
"""

from __future__ import annotations

import enum
import io
import itertools
import json
import re
import typing
import uuid
from collections import defaultdict
from typing import Any

import pydantic
from django.test import Client
from ninja import Schema

from spcp import demo
from spcp.accounts.models import User
from spcp.actionplan.models import ActionStep
from spcp.evaluation.models import Survey
from spcp.forum import services as forum_services
from spcp.forum.models import Breakout, Forum, Statement
from spcp.intake.models import ProgramRequest
from spcp.planning.models import Invitation, Sector, Task
from spcp.programs.models import Phase, Program
from spcp.training.models import Facilitator, TrainingSession
from tests.common.openapi_check import Published

# The participant-token operations, where a signed-in session changes nothing: called with and without a token.
PHONE_SCHEME = "ParticipantToken"


def _project_models() -> dict[str, set[str]]:
    """Every request and response model name the API uses, and every ninja Schema in the project → its classes."""
    from config.api import api

    found: dict[str, set[str]] = defaultdict(set)
    seen: set[object] = set()

    def walk(tp: object) -> None:
        if tp in seen or tp is None:
            return
        if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
            seen.add(tp)
            if not tp.__module__.startswith("ninja."):  # ninja's own wrappers are named per operation
                found[tp.__name__].add(f"{tp.__module__}.{tp.__qualname__}")
            for field in tp.model_fields.values():
                walk(field.annotation)
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            seen.add(tp)
            found[tp.__name__].add(f"{tp.__module__}.{tp.__qualname__}")
        for arg in typing.get_args(tp):
            walk(arg)

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in (operation.response_models or {}).values():
                    walk(model)
                for model in operation.models:
                    walk(model)

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    for schema in subclasses(Schema):
        if schema.__module__.startswith(("spcp.", "config.")):
            walk(schema)
    return found


def test_no_two_api_schemas_share_a_name():
    shared = {name: sorted(where) for name, where in _project_models().items() if len(where) > 1}
    assert not shared, f"schemas that share a name (only one survives in /api/openapi.json): {shared}"


def test_the_schemas_that_used_to_share_a_name_are_each_published_with_their_own_shape(client):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]

    def response_ref(path: str, method: str, status: str = "200") -> str:
        schema = document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
        return schema["$ref"].rsplit("/", 1)[1]

    assert response_ref("/api/forum/{code}/responses/{solution_id}", "put") == "ForumResponseOut"
    assert set(schemas["ForumResponseOut"]["properties"]) == {"value", "revision", "applied"}
    assert set(schemas["SurveyResponseOut"]["properties"]) == {"created", "detail"}
    assert response_ref("/api/forum/{code}/state", "get") == "ForumStateOut"
    assert set(schemas["OfficeStateOut"]["properties"]) == {"code", "name"}
    assert response_ref("/api/programs/{program_id}/council/progress", "get") == "ProgressOut"
    assert schemas["ProgressOut"]["properties"]["items"]["items"]["$ref"].endswith("/CouncilProgressItemOut")
    assert "steps" in schemas["CouncilProgressItemOut"]["properties"]
    assert schemas["PlanOut"]["properties"]["unassigned"]["items"]["$ref"].endswith("/PlanItemOut")
    assert schemas["SurveyOut"]["properties"]["items"]["items"]["$ref"].endswith("/SurveyItemOut")
    assert set(schemas["SurveyItemOut"]["properties"]) == {"code", "question", "choices"}


def test_every_ref_in_openapi_json_points_at_a_published_schema(client):
    text = client.get("/api/openapi.json").content.decode()
    document = json.loads(text)
    refs = set(re.findall(r'"\$ref": ?"([^"]+)"', text))
    assert refs, "the document has no $refs at all"
    dangling = sorted(r for r in refs if not r.startswith("#/components/schemas/"))
    dangling += sorted(r for r in refs if r.rsplit("/", 1)[-1] not in document["components"]["schemas"])
    assert not dangling, dangling


def _clients() -> dict[str, Client]:
    """A client per demo account, plus one that is not signed in."""
    clients = {"anonymous": Client()}
    for username, *_ in demo.ACCOUNTS:
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    return clients


def _path_values() -> dict[str, list[object]]:
    return {
        "program_id": list(Program.objects.values_list("pk", flat=True)),
        "request_id": list(ProgramRequest.objects.values_list("pk", flat=True)),
        "code": list(Forum.objects.values_list("join_code", flat=True)),
        "survey_code": list(Survey.objects.values_list("code", flat=True)),
    }


def _urls(template: str, values: dict[str, list[object]]) -> list[str]:
    names = [part[1:-1] for part in template.split("/") if part.startswith("{")]
    urls = []
    for combination in itertools.product(*(values[name] for name in names)):
        url = template
        for name, value in zip(names, combination, strict=True):
            url = url.replace("{" + name + "}", str(value))
        urls.append(url)
    return urls


def _ticket(code: str, sector: Sector) -> str:
    """A check-in ticket for one person of `sector`, as the desk issues it (a phone needs one to join)."""
    forum = Forum.objects.get(join_code=code)
    (ticket,) = forum_services.tickets_issue(forum=forum, sector=sector, count=1, actor=None)
    return ticket.code


def _join(client: Client, code: str, sector: Sector, language: str = "ko") -> Any:
    body = {
        "join_token": str(uuid.uuid4()),
        "ticket": _ticket(code, sector),
        "language": language,
        "display_name": "Min",
    }
    return client.post(f"/api/forum/{code}/join", json.dumps(body), content_type="application/json")


def test_every_get_answers_each_demo_account_as_openapi_json_documents(db):
    demo.load(out=io.StringIO())
    clients = _clients()
    published = Published(clients["anonymous"].get("/api/openapi.json").json())
    lakeside = Forum.objects.select_related("program").get(program__title="Lakeside SPCP")
    phone = Client()
    joined = _join(phone, lakeside.join_code, Sector.objects.filter(program=lakeside.program).first())
    published.check("POST", f"/api/forum/{lakeside.join_code}/join", joined)
    token = joined.json()["token"]

    values = _path_values()
    for template in published.templates("GET"):
        operation = published.document["paths"][template]["get"]
        phone_api = any(PHONE_SCHEME in requirement for requirement in operation.get("security", []))
        urls = _urls(template, values)
        if template == "/api/offices":
            urls = ["/api/offices?state=TX", "/api/offices?state=GU", "/api/offices?state=ZZ", "/api/offices"]
        if template.endswith("/state"):
            urls += [f"{url}?since=1" for url in urls]
        for url in urls:
            if phone_api:
                published.check("GET", url, phone.get(url))
                published.check("GET", url, phone.get(url, headers={"X-Participant-Token": token}))
                published.check("GET", url, phone.get(url, headers={"X-Participant-Token": "forged"}))
            else:
                for client in clients.values():
                    published.check("GET", url, client.get(url))

    assert not published.problems, f"{len(published.problems)} answers differ from /api/openapi.json:\n" + "\n".join(
        published.problems[:40]
    )
    never_succeeded = sorted(t for t in published.templates("GET") if ("GET", t) not in published.succeeded)
    assert not never_succeeded, f"no account got a 2xx from {never_succeeded}: the check saw no real data there"
    assert published.checked > 500


def _send(published: Published, client: Client, method: str, url: str, body: Any = None, token: str = "") -> Any:
    headers = {"X-Participant-Token": token} if token else {}
    data = json.dumps(body if body is not None else {})
    response = client.generic(method, url, data, content_type="application/json", headers=headers)
    published.check(method, url, response)
    return response


def test_the_main_writes_answer_as_openapi_json_documents(db):
    demo.load(out=io.StringIO())
    clients = _clients()
    published = Published(clients["anonymous"].get("/api/openapi.json").json())
    staff, planner, council = clients["conciliator"], clients["planner"], clients["council"]
    riverton = Program.objects.get(title=demo.DEMO_TITLE)
    lakeside = Forum.objects.select_related("program").get(program__title="Lakeside SPCP")
    bayview = Program.objects.get(title="Bayview SPCP")
    code, lake = lakeside.join_code, f"/api/programs/{lakeside.program_id}"
    token_of = uuid.uuid4

    # The forum day on Lakeside: a phone joins, votes; staff close the vote; tables write solutions; the room responds.
    phone = Client()
    sector = Sector.objects.filter(program=lakeside.program).first()
    join = {"join_token": str(token_of()), "ticket": _ticket(code, sector), "language": "ko", "display_name": "Min"}
    joined = _send(published, phone, "POST", f"/api/forum/{code}/join", join)
    assert joined.status_code == 201
    assert _send(published, phone, "POST", f"/api/forum/{code}/join", join).status_code == 200
    token = joined.json()["token"]
    _send(published, phone, "PATCH", f"/api/forum/{code}/me", {"language": "es", "display_name": "Mina"}, token)
    issue = Statement.objects.filter(forum=lakeside, kind="issue", merged_into=None, removed=False).first()
    dots = {"client_token": str(token_of()), "revision": 5, "dots": {str(issue.pk): 1}}
    assert _send(published, phone, "PUT", f"/api/forum/{code}/dots", dots, token).status_code == 200
    rule = {"client_token": str(token_of()), "text": "Listen first", "language": "en"}
    _send(published, phone, "POST", f"/api/forum/{code}/rules", rule, token)
    statement = {"client_token": str(token_of()), "kind": "issue", "text": "Late buses", "language": "en"}
    _send(published, phone, "POST", f"/api/forum/{code}/statements", statement, token)
    assert _send(published, staff, "POST", f"{lake}/forum/voting/close").status_code == 200
    assert _send(published, staff, "POST", f"{lake}/forum/voting/open").status_code == 409
    priorities = list(Statement.objects.filter(forum=lakeside, priority_rank__isnull=False).order_by("priority_rank"))
    conciliator = User.objects.get(username="conciliator")
    forum_services.breakouts_build_second(forum=lakeside, actor=conciliator, groups=len(priorities), seed=1)
    control = _send(published, staff, "GET", f"{lake}/forum").json()
    breakout_2 = next(s["id"] for s in control["segments"] if s["kind"] == "breakout_2")
    assert _send(published, staff, "POST", f"{lake}/forum/segments/{breakout_2}/start").status_code == 200
    me = _send(published, phone, "GET", f"/api/forum/{code}/me", token=token).json()
    mine = Breakout.objects.get(pk=me["breakouts"]["2"]).issues.first()
    solution_body = {
        "client_token": str(token_of()),
        "issue_id": (mine or priorities[0]).pk,
        "text": "Monthly walks",
        "language": "en",
    }
    solution = _send(published, phone, "POST", f"/api/forum/{code}/solutions", solution_body, token)
    assert solution.status_code == 200, solution.json()
    solution_id = solution.json()["id"]
    step = {"client_token": str(token_of()), "text": "Ask the chief", "language": "en", "who": "Chief", "by_when": ""}
    assert (
        _send(published, phone, "POST", f"/api/forum/{code}/solutions/{solution_id}/steps", step, token).status_code
        == 200
    )
    assert _send(published, staff, "POST", f"{lake}/forum/responses/open").status_code == 200
    answer = _send(
        published, phone, "PUT", f"/api/forum/{code}/responses/{solution_id}", {"revision": 1, "value": 1}, token
    )
    assert answer.status_code == 200 and set(answer.json()) == {"value", "revision", "applied"}
    assert _send(published, staff, "POST", f"{lake}/forum/responses/close").status_code == 200
    volunteer = {"name": "Mina Park", "contact": "mina@example.org", "show_name": True}
    _send(published, phone, "POST", f"/api/forum/{code}/council", volunteer, token)
    _send(published, phone, "GET", f"/api/forum/{code}/results", token=token)
    _send(published, staff, "GET", f"{lake}/forum/results")

    # Planning and training on Riverton (in facilitator training).
    river = f"/api/programs/{riverton.pk}"
    assert riverton.phase == Phase.TRAINING
    task = _send(
        published, planner, "POST", f"{river}/planning/tasks", {"title": "Book the hall", "category": "logistics"}
    )
    assert task.status_code == 201, task.json()
    assert (
        _send(
            published, planner, "PATCH", f"{river}/planning/tasks/{task.json()['id']}", {"status": "done"}
        ).status_code
        == 200
    )
    a_sector = Sector.objects.filter(program=riverton).first()
    invitation = {"name": "Ana Santos", "sector_id": a_sector.pk, "email": "ana@example.org", "language": "es"}
    invited = _send(published, planner, "POST", f"{river}/planning/invitations", invitation)
    assert invited.status_code == 201, invited.json()
    rsvp = f"{river}/planning/invitations/{invited.json()['id']}/rsvp"
    assert _send(published, planner, "POST", rsvp, {"rsvp": "yes"}).status_code == 200
    _send(published, planner, "POST", f"{river}/planning/tasks", {"title": ""})  # 422, field by field
    assert Task.objects.filter(program=riverton).exists() and Invitation.objects.filter(program=riverton).exists()
    facilitator = {"name": "Kim Lee", "email": "kim@example.org", "languages": ["en", "ko"]}
    assert _send(published, staff, "POST", f"{river}/training/facilitators", facilitator).status_code == 201
    session = TrainingSession.objects.filter(program=riverton).first()
    present = list(Facilitator.objects.filter(program=riverton).values_list("pk", flat=True)[:3])
    attendance = f"{river}/training/sessions/{session.pk}/attendance"
    assert _send(published, staff, "PUT", attendance, {"facilitator_ids": present}).status_code == 200
    assert _send(published, staff, "POST", f"{river}/advance").status_code == 409  # one ready facilitator short

    # The plan and the council on Bayview (a year after its forum).
    bay = f"/api/programs/{bayview.pk}"
    step_obj = ActionStep.objects.filter(item__plan__program=bayview).first()
    update = {"client_token": str(token_of()), "date": "2026-01-15", "status": "in_progress", "percent": 40}
    assert _send(published, council, "POST", f"{bay}/council/steps/{step_obj.pk}/updates", update).status_code == 201
    new_step = {
        "client_token": str(token_of()),
        "description": "Train cadets",
        "language": "en",
        "responsible_party": "PD",
    }
    _send(published, staff, "POST", f"{bay}/plan/items/{step_obj.item_id}/steps", new_step)
    _send(published, staff, "PATCH", f"{bay}/plan/steps/{step_obj.pk}", {"partners": "Youth league"})

    # Intake and the phone survey need no account.
    request = {
        "requester_name": "Jo Park",
        "organization": "Eastside Association",
        "organization_role": "community_organisation",
        "email": "jo@example.org",
        "phone": "555-0100",
        "city": "Tulsa",
        "state": "OK",
        "trigger": "proactive",
        "concerns": ["race"],
    }
    submitted = _send(published, Client(), "POST", "/api/requests", {**request, "client_token": str(token_of())})
    new = list(ProgramRequest.objects.filter(status="new", region__code="southwest").order_by("pk"))
    _send(published, staff, "POST", f"/api/requests/{new[0].pk}/decline", {"reason": "Out of scope"})
    _send(published, staff, "POST", f"/api/requests/{new[1].pk}/accept", {})
    survey = Survey.objects.filter(program=bayview).order_by("-pk").first()
    answers = {"client_token": str(token_of()), "answers": {}, "language": "ko"}
    _send(published, Client(), "POST", f"/api/evaluation/surveys/{survey.code}/responses", answers)

    assert not published.problems, f"{len(published.problems)} answers differ from /api/openapi.json:\n" + "\n".join(
        published.problems
    )
    assert submitted.status_code in (200, 201, 422)
