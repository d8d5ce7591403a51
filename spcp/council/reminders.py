"""`spcp remind`: email reminders for action steps due soon or overdue. Safe to run from cron, even twice at
once: the Reminder table's unique key lets each reminder through once."""

from __future__ import annotations

import sys
from datetime import date

from django.utils import timezone

from spcp.council.services import reminders_send


def remind_command(*, today: str | None, dry_run: bool) -> int:
    """Send today's reminders; progress and a summary go to stderr. Returns the exit status."""
    try:
        day = date.fromisoformat(today) if today else timezone.now().date()
    except ValueError:
        print(f"--today must be a date like 2026-05-14, not {today!r}", file=sys.stderr)
        return 2

    def log(line: str) -> None:
        print(line, file=sys.stderr)

    summary = reminders_send(today=day, dry_run=dry_run, log=log)
    if dry_run:
        log(f"dry run for {day.isoformat()}: {summary.due} reminder(s) due; nothing sent, nothing written")
    else:
        log(
            f"{day.isoformat()}: {summary.due} due, {summary.sent} sent, {summary.skipped} already sent, "
            f"{summary.failed} failed"
        )
    return 1 if summary.failed else 0
