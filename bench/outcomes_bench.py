"""Times the pages and jobs of phases 4–5 and the evaluation at the scale of CRS's whole portfolio.

A fresh SQLite database in a temporary folder (or the PostgreSQL database named by --database-url, which
must be called spcp_bench…) gets 200 programs across the ten regions, each with a published plan of 40 steps,
a year of progress updates and three survey waves of 50 respondents, plus one large plan (12 issues, 48
items, 288 steps). Bulk rows are written with the ORM directly (the set-up is not what is measured); the
measured calls go through the real selectors, services, renderers and the Django test client.

    .venv/bin/python bench/outcomes_bench.py [--repeat 5] [--database-url postgres://…/spcp_bench_outcomes]
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROGRAMS = 200
STEPS_PER_PROGRAM = (5, 2, 4)  # issues, items per issue, steps per item
BIG_PLAN = (12, 4, 6)
RESPONDENTS = 50
UPDATES_PER_STEP = 6


def _configure(database_url: str | None) -> None:
    data_dir = tempfile.mkdtemp(prefix="spcp-bench-outcomes-")
    os.environ["SPCP_DATA_DIR"] = data_dir
    os.environ["SPCP_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if database_url:
        if not database_url.rstrip("/").rsplit("/", 1)[-1].startswith("spcp_bench"):
            sys.exit("--database-url must name a database called spcp_bench…: it is dropped and made again")
        import psycopg

        name = database_url.rstrip("/").rsplit("/", 1)[-1]
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["SPCP_DATABASE_URL"] = database_url
    from spcp.cli import setup

    setup(verbose=False)  # compile the catalogs, migrate, collect the static files (the pages use them)


def _plan_rows(program, shape: tuple[int, int, int], today: datetime.date, rng: random.Random):
    from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanIssue
    from spcp.actionplan.selectors import plan_tree
    from spcp.actionplan.snapshots import snapshot_of

    plan = Plan.objects.create(program=program, title=f"{program.title} plan", language="en", version=1)
    issues, items, steps = shape
    for i in range(issues):
        issue = PlanIssue.objects.create(
            plan=plan, order=i, text=f"Priority issue {i} " * 6, language="en", dots=40 - i
        )
        for j in range(items):
            item = ActionItem.objects.create(
                plan=plan, issue=issue, order=j, title=f"Solution {i}.{j} " * 8, language="en", weight=rng.randint(1, 3)
            )
            ActionStep.objects.bulk_create(
                ActionStep(
                    item=item,
                    order=k,
                    description=f"Step {i}.{j}.{k}: " + "do the agreed thing with the partners " * 3,
                    language=rng.choice(["en", "en", "ko"]),
                    responsible_party="Police department",
                    responsible_person="Officer Example",
                    responsible_email="owner@example.org",
                    partners="Neighborhood association",
                    start_date=today - datetime.timedelta(days=rng.randint(200, 360)),
                    due_date=today + datetime.timedelta(days=rng.randint(-150, 300)),
                    status=rng.choice(["done", "in_progress", "in_progress", "not_started", "blocked"]),
                    percent=rng.choice([0, 25, 50, 75, 100]),
                    measure="Seen and minuted by the council.",
                )
                for k in range(steps)
            )
    from spcp.actionplan.models import PlanVersion

    PlanVersion.objects.create(plan=plan, number=1, summary="bench", snapshot=snapshot_of(plan_tree(plan=plan)))
    Plan.objects.filter(pk=plan.pk).update(
        status="published", published_version=1, published_at=datetime.datetime.now(datetime.UTC), public_progress=True
    )
    plan.refresh_from_db()
    return plan


def _build(today: datetime.date):
    from spcp.accounts.models import Role, User
    from spcp.actionplan.models import ActionStep
    from spcp.council.models import ProgressUpdate
    from spcp.evaluation.models import Survey, SurveyAnswer, SurveyResponse
    from spcp.offices.models import State
    from spcp.programs.models import Phase, Program, ProgramType

    rng = random.Random(2026)
    admin = User.objects.create_user("bench-admin", role=Role.ADMIN)
    states = list(State.objects.select_related("region", "office"))
    kind = ProgramType.objects.get(code="spcp")
    programs = [
        Program(
            title=f"Bench program {n}",
            program_type=kind,
            city=f"City {n}",
            state=(state := rng.choice(states)),
            region=state.region,
            office=state.office,
            trigger=rng.choice(["proactive", "critical_incident"]),
            phase=rng.choice([Phase.PLANNING, Phase.FORUM, Phase.ACTION_PLAN, Phase.COUNCIL, Phase.COUNCIL]),
            forum_date=today - datetime.timedelta(days=rng.randint(30, 700)),
        )
        for n in range(PROGRAMS)
    ]
    Program.objects.bulk_create(programs)
    programs = list(Program.objects.order_by("id"))
    plans = [_plan_rows(p, STEPS_PER_PROGRAM, today, rng) for p in programs]
    big_program = programs[0]
    big_program.phase = Phase.COUNCIL
    big_program.save(update_fields=["phase"])
    plans[0].delete()
    big = _plan_rows(big_program, BIG_PLAN, today, rng)
    updates = []
    for step in ActionStep.objects.only("id", "percent", "status"):
        for u in range(UPDATES_PER_STEP):
            updates.append(
                ProgressUpdate(
                    step_id=step.pk,
                    date=today - datetime.timedelta(days=60 * (UPDATES_PER_STEP - u)),
                    status="in_progress",
                    percent=min(100, step.percent * (u + 1) // UPDATES_PER_STEP),
                    note="Reported at the meeting.",
                )
            )
    ProgressUpdate.objects.bulk_create(updates, batch_size=5000)
    for program in programs:
        for wave in ("baseline", "three_months", "twelve_months"):
            survey = Survey.objects.create(program=program, kind="outcome", wave=wave)
            responses = SurveyResponse.objects.bulk_create(
                SurveyResponse(
                    survey=survey,
                    client_token=uuid.uuid4(),
                    language="en",
                    role="officer" if r % 4 == 0 else "resident",
                    constituency="law_enforcement" if r % 4 == 0 else "community",
                )
                for r in range(RESPONDENTS)
            )
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(response=resp, item=item, value=rng.randint(1, 5))
                for resp in responses
                for item in ("trust_police", "partnership", "tension", "police_understand", "community_understand")
            )
    return admin, big_program, big, programs


def _time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return min(samples), statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    _configure(args.database_url)

    from django.core import mail
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from spcp.actionplan.documents.content import plan_content
    from spcp.actionplan.documents.docx import render_docx
    from spcp.actionplan.documents.pdf import render_pdf
    from spcp.actionplan.models import ActionStep
    from spcp.council import services as council_services

    today = timezone.localdate()
    started = time.perf_counter()
    admin, big_program, big, programs = _build(today)
    print(
        f"set-up: {len(programs)} programs, {ActionStep.objects.count()} steps in {time.perf_counter() - started:.0f} s"
    )
    client = Client()
    client.force_login(admin)
    mail.outbox = []
    settings_backend = "django.core.mail.backends.locmem.EmailBackend"
    from django.conf import settings

    settings.EMAIL_BACKEND = settings_backend

    def get(path: str) -> Callable[[], object]:
        def fetch() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return fetch

    rows = [
        ("portfolio page, every region (200 programs)", get("/en/portfolio/"), 1.0),
        ("portfolio CSV", get("/en/portfolio/programs.csv"), 1.0),
        ("council progress page, 288 steps", get(f"/en/programs/{big_program.pk}/council/progress/"), 0.5),
        ("public progress page, 288 steps, charts", get(f"/en/progress/{big.pk}/"), 0.5),
        ("evaluation results page (3 waves × 50)", get(f"/en/programs/{big_program.pk}/evaluation/results/"), 0.5),
        ("action plan page, 288 steps", get(f"/en/programs/{big_program.pk}/plan/"), 0.5),
        ("plan PDF (Korean), 288 steps", lambda: render_pdf(plan_content(big), "plan", "ko"), 15.0),
        ("plan DOCX (Korean), 288 steps", lambda: render_docx(plan_content(big), "plan", "ko"), 5.0),
        (
            "spcp remind --dry-run over every step",
            lambda: council_services.reminders_send(today=today, dry_run=True, log=lambda _line: None),
            10.0,
        ),
    ]
    print(f"date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load {os.getloadavg()}")
    print(f"python {platform.python_version()}, database {connection.vendor}")
    print(f"{'measure':<48} {'best':>9} {'median':>9} {'target':>8}")
    for name, fn, target in rows:
        best, median = _time(fn, args.repeat)
        verdict = "met" if median <= target else "MISSED"
        print(f"{name:<48} {best * 1000:>7.0f}ms {median * 1000:>7.0f}ms {target:>6.1f} s  {verdict}")


if __name__ == "__main__":
    main()
