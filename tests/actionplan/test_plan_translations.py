"""The plan's own text in English and Korean: versions side by side in the editor, "translation missing" where
there is none, the Korean page and documents in Korean, and the day's desk translations carried into the draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spcp.actionplan import services
from spcp.actionplan.models import PlanIssue
from spcp.forum import services as forum_services
from spcp.programs.models import AuditEntry
from tests.actionplan.conftest import finish_forum, url

pytestmark = pytest.mark.django_db

ITEM_KO = "매달 주민 경청 모임 열기"
STEP_KO = "도서관 강당 예약하기"


def _doc(program, lang: str) -> str:
    return reverse("plan_documents:plan", kwargs={"program_id": program.pk}) + f"?lang={lang}&format=html"


def test_the_editor_shows_the_korean_version_beside_the_english_text_and_saves_it_audited(plan, program, staff):
    item = plan.items.first()
    edit = url("item_edit", program, plan_item_id=item.pk)
    page = staff.get(edit).content.decode()
    assert 'name="version_ko"' in page and 'lang="ko"' in page and 'name="version_en"' not in page
    assert "Translation missing: readers of this language see the original." in page
    response = staff.post(
        edit,
        {"issue": item.issue_id or "", "title": item.title, "language": "en", "weight": "1", "version_ko": ITEM_KO},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.translations) == ("Monthly listening sessions", {"ko": ITEM_KO})
    entry = AuditEntry.objects.filter(action="actionplan.item_updated").latest("id")
    assert entry.changes["translations"] == [{}, {"ko": ITEM_KO}]


def test_the_korean_plan_page_shows_the_korean_version_untagged_and_marks_what_is_missing(plan, program, staff):
    item = plan.items.first()
    services.item_update(
        actor=program.conciliator,
        item=item,
        issue=item.issue,
        title=item.title,
        language="en",
        weight=1,
        translations={"ko": ITEM_KO},
    )
    page = staff.get(url("overview", program, lang="ko")).content.decode()
    assert f'<span lang="ko">{ITEM_KO}</span>' in page
    assert f'<span lang="ko">{ITEM_KO}</span> <span class="spcp-tag-lang">' not in page  # no "한국어" tag
    # The steps have no Korean version yet: shown as written, tagged English, with "translation missing".
    assert '<span lang="en">Book the library hall</span> <span class="spcp-tag-lang">영어</span>' in page
    assert "번역 없음" in page
    english = staff.get(url("overview", program)).content.decode()
    assert "Monthly listening sessions" in english and ITEM_KO not in english


def test_the_korean_document_uses_the_korean_text_and_the_english_one_the_original(plan, program, staff):
    step = plan.items.first().steps.get(description="Book the library hall")
    services.step_update(actor=program.conciliator, step=step, translations={"ko": STEP_KO})
    korean = staff.get(_doc(program, "ko")).content.decode()
    # Korean words are kept whole in PDF columns (`keep_words` wraps each in a nowrap span).
    whole_words = " ".join(f'<span class="kw">{word}</span>' for word in STEP_KO.split())
    assert f'<span lang="ko">{whole_words}</span>' in korean and "Book the library hall" not in korean
    english = staff.get(_doc(program, "en")).content.decode()
    assert "Book the library hall" in english and STEP_KO not in english


def test_a_translation_into_the_texts_own_language_is_not_kept(plan, program):
    issue = PlanIssue.objects.filter(plan=plan, language="en").first()
    services.issue_update(
        actor=program.conciliator, issue=issue, text=issue.text, language="en", translations={"en": "x", "ko": " "}
    )
    issue.refresh_from_db()
    assert issue.translations == {}


def test_the_draft_keeps_the_days_confirmed_translations(program):
    day = finish_forum(program)
    solution = day.solution
    forum_services.translation_submit(item=solution, language="ko", text=ITEM_KO, actor=program.conciliator)
    step = solution.steps.get(text="Book the library hall")
    forum_services.translation_store_machine(item=step, language="ko", text="기계가 번역한 단계")
    plan, _created = services.plan_draft_from_forum(actor=program.conciliator, program=program)
    item = plan.items.get(source_solution_id=solution.pk)
    assert item.translations == {"ko": ITEM_KO}
    assert item.steps.get(source_step_id=step.pk).translations == {}  # a machine's text is not the plan's
