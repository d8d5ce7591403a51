from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from spcp.council.models import Reminder
from spcp.council.reminders import remind_command
from tests.council.conftest import make_item, make_plan, make_step

pytestmark = pytest.mark.django_db
TODAY = "2026-11-25"


@pytest.fixture
def steps(program):
    program.conciliator.email = "conciliator@example.org"
    program.conciliator.save()
    item = make_item(make_plan(program), "Youth programme")
    return {
        "soon": make_step(item, "Book the hall", due_date=date(2026, 11, 30), responsible_email="hall@example.org"),
        "late": make_step(item, "Print flyers", due_date=date(2026, 11, 20), responsible_email="flyers@example.org"),
        "far": make_step(item, "Annual review", due_date=date(2027, 3, 1), responsible_email="far@example.org"),
        "done": make_step(
            item, "Done already", due_date=date(2026, 11, 1), status="done", responsible_email="done@example.org"
        ),
        "nobody": make_step(item, "Unassigned", due_date=date(2026, 11, 22)),
    }


def test_running_twice_sends_each_reminder_once(program, steps, capsys):
    assert remind_command(today=TODAY, dry_run=False) == 0
    assert remind_command(today=TODAY, dry_run=False) == 0
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(["hall@example.org", "flyers@example.org", program.conciliator.email])
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 3
    err = capsys.readouterr().err
    assert "overdue → f…@example.org (step" in err and "flyers@example.org" not in err


def test_reminder_email_names_the_step_item_due_date_and_link(program, steps):
    remind_command(today=TODAY, dry_run=False)
    message = next(m for m in mail.outbox if m.to == ["flyers@example.org"])
    assert "Print flyers" in message.body and "Youth programme" in message.body and "Nov. 20, 2026" in message.body
    assert f"/en/programs/{program.pk}/council/progress/steps/{steps['late'].pk}/" in message.body


def test_blank_responsible_email_falls_back_to_the_conciliator(program, steps):
    remind_command(today=TODAY, dry_run=False)
    assert any(m.to == ["conciliator@example.org"] and "Unassigned" in m.body for m in mail.outbox)


def test_dry_run_sends_and_writes_nothing(program, steps, capsys):
    assert remind_command(today=TODAY, dry_run=True) == 0
    assert mail.outbox == [] and not Reminder.objects.exists()
    assert "would send" in capsys.readouterr().err


def test_a_failed_send_is_retried_on_the_next_run(program, steps, monkeypatch):
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def broken(self, fail_silently=False):
        raise OSError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    assert remind_command(today=TODAY, dry_run=False) == 1
    assert not Reminder.objects.exists()
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert remind_command(today=TODAY, dry_run=False) == 0
    assert len(mail.outbox) == 3


def test_a_reminder_claimed_by_a_run_that_died_before_sending_is_sent_by_a_later_run(program, steps):
    from datetime import timedelta

    from django.utils import timezone

    # A run inserted its row for the overdue step, then died before the email went out.
    claimed = Reminder.objects.create(
        step=steps["late"], kind="overdue", due_date=steps["late"].due_date, recipient="flyers@example.org"
    )
    remind_command(today=TODAY, dry_run=False)
    assert "flyers@example.org" not in [m.to[0] for m in mail.outbox]  # an hour has not passed: maybe still sending
    Reminder.objects.filter(pk=claimed.pk).update(created_at=timezone.now() - timedelta(hours=2))
    mail.outbox.clear()
    remind_command(today=TODAY, dry_run=False)
    assert [m.to[0] for m in mail.outbox] == ["flyers@example.org"]
    assert Reminder.objects.get(step=steps["late"]).sent_at is not None


def test_a_changed_due_date_gets_a_new_reminder(program, steps):
    remind_command(today=TODAY, dry_run=False)
    step = steps["soon"]
    step.due_date = date(2026, 11, 28)
    step.save()
    mail.outbox.clear()
    remind_command(today=TODAY, dry_run=False)
    assert [m.to[0] for m in mail.outbox] == ["hall@example.org"]


def test_reminders_are_in_korean_for_a_korean_program(program, steps):
    program.languages = ["ko", "en"]
    program.save()
    remind_command(today=TODAY, dry_run=False)
    message = next(m for m in mail.outbox if m.to == ["flyers@example.org"])
    assert f"/ko/programs/{program.pk}/" in message.body


def test_a_bad_date_is_refused(capsys):
    assert remind_command(today="25/11/2026", dry_run=False) == 2


def test_each_reminder_is_in_its_recipients_language(program, steps):
    from tests.council.conftest import make_member

    make_member(program, "Hall keeper", email="hall@example.org", language="ko")
    program.conciliator.preferred_language = "ko"
    program.conciliator.save()
    remind_command(today=TODAY, dry_run=False)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    korean = by_recipient["hall@example.org"]  # a council seat that reads Korean
    assert korean.subject.startswith("마감일이 다가온 실행 단계")
    assert "2026년 11월 30일" in korean.body and f"/ko/programs/{program.pk}/" in korean.body
    assert "2026년 11월 22일" in by_recipient[program.conciliator.email].body  # the conciliator's account language
    english = by_recipient["flyers@example.org"]  # nobody known by this address: the program's language
    assert "Nov. 20, 2026" in english.body and f"/en/programs/{program.pk}/" in english.body


@pytest.mark.parametrize(
    ("language", "subject", "date"),
    [
        ("es", "Paso de acción atrasado", "20 de noviembre de 2026"),
        ("zh-hans", "行动步骤已逾期", "2026年11月20日"),
        ("vi", "Bước hành động quá hạn", "20"),
    ],
)
def test_a_council_member_reading_a_participant_language_gets_the_reminder_in_it(
    program, steps, language, subject, date
):
    from tests.council.conftest import make_member

    make_member(program, "Printer", email="flyers@example.org", language=language)
    remind_command(today=TODAY, dry_run=False)
    message = next(m for m in mail.outbox if m.to == ["flyers@example.org"])
    assert message.subject.startswith(subject) and date in message.body
    assert "Print flyers" in message.body and "Please report" not in message.body
