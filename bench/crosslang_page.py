"""The merge page with 400 issues from 40 tables in five languages, their vectors stored: how long it answers.

    .venv/bin/python bench/crosslang_page.py [--issues 400] [--repeat 5]

A fresh SQLite database in a temporary SPCP_DATA_DIR, migrated; a program in the forum phase with 40 round-1
tables and the issues (texts drawn from the labelled set, tests/analysis/data/crosslang_issues.json, in their own
languages), written through statement_add; every vector made once (as the background worker does after each
write, timed separately); then GET /en/programs/<id>/forum/merge/ through Django's test client, signed in as the
conciliator. Prints the times, the number of suggestions, the machine and the load average.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="spcp-crosslang-")
    os.environ["SPCP_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"  # static files without a built manifest
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from spcp.accounts.models import Role, User
    from spcp.forum import services as forum_services
    from spcp.forum import vectors
    from spcp.forum.models import Breakout, Statement, StatementKind
    from spcp.offices.models import State
    from spcp.programs import services as program_services
    from spcp.programs.models import Language, Phase, Program, ProgramType, Trigger
    from tests.analysis import crosslang_set as labelled

    setup_test_environment()
    call_command("migrate", verbosity=0)
    vectors._submit = lambda ids: None  # the worker thread's job is timed below, on its own
    state = State.objects.select_related("region").get(code="TX")
    conciliator = User.objects.create(username="bench", role=Role.CONCILIATOR, region=state.region)
    program = program_services.program_create(
        actor=conciliator,
        title="Duplicates benchmark",
        program_type=ProgramType.objects.get(code="spcp"),
        city="Benchmark",
        state=state,
        trigger=Trigger.PROACTIVE,
        languages=[Language.ENGLISH, Language.KOREAN],
        conciliator=conciliator,
        expected_participants=400,
        forum_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    Program.objects.filter(pk=program.pk).update(phase=Phase.FORUM)
    program.refresh_from_db()
    forum = program.forum
    tables = [Breakout.objects.create(forum=forum, round=1, number=n) for n in range(1, 41)]
    pool = labelled.five_languages(labelled.load()) + labelled.hall(labelled.load())
    for n in range(args.issues):
        row = pool[(n * 37) % len(pool)]
        forum_services.statement_add(
            breakout=tables[n % 40],
            kind=StatementKind.ISSUE,
            text=row.text,
            language=row.language,
            client_token=uuid.uuid4(),
            author_user=conciliator,
        )
    statements = list(Statement.objects.filter(forum=forum))
    started = time.perf_counter()
    vectors.embed_now(statements)
    embedding = time.perf_counter() - started

    client = Client()
    client.force_login(conciliator)
    url = f"/en/programs/{program.pk}/forum/merge/"
    times, suggestions = [], 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        suggestions = len(response.context["clusters"])
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"merge page, {args.issues} issues from 40 tables, vectors stored: best {min(times) * 1000:.0f} ms, "
        f"median {statistics.median(times) * 1000:.0f} ms ({args.repeat} runs); {suggestions} suggestions"
    )
    print(
        f"embedding the {len(statements)} issues once (the worker's job): {embedding:.1f} s, "
        f"{embedding / len(statements) * 1000:.0f} ms each"
    )
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, nproc {os.cpu_count()}, "
        f"SQLite; load average {load} (1, 5, 15 min)"
    )
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
