"""axe-core (WCAG 2.1 A/AA) on the evaluation pages filled with data: charts, suppressed cells, form errors.

The every-page sweep sees these pages nearly empty; this checks them with results, comments and errors in them.
"""

from __future__ import annotations

import pytest

from spcp.evaluation.models import Wave
from tests import factories
from tests.evaluation.conftest import answer, make_survey
from tests.journeys.conftest import browser, visitor  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_evaluation_pages_with_data_pass_axe(visitor, program, role_users, lang):  # noqa: F811
    baseline = make_survey(program, Wave.BASELINE, legitimacy=True)  # its scale: table, citations, phone items
    later = make_survey(program, Wave.TWELVE_MONTHS)
    feedback = make_survey(program, Wave.AFTER_DAY)
    for i in range(12):
        answer(baseline, "resident", value=2 if i % 3 else 4, comment="Más diálogo" if i == 0 else "", language="es")
    for _ in range(3):
        answer(baseline, "officer", value=4)
    for i in range(7):
        answer(later, "officer" if i % 2 else "resident", value=4)
    for value in (5, 4, 4, 3, 5, 2):
        answer(feedback, value=value)
    page = visitor.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", role_users["admin"].username)
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()
    for path in (
        f"/programs/{program.pk}/evaluation/",
        f"/programs/{program.pk}/evaluation/results/",
        f"/programs/{program.pk}/evaluation/surveys/{baseline.pk}/",
        f"/programs/{program.pk}/evaluation/surveys/{baseline.pk}/flyer/",
        "/portfolio/",
        f"/s/{baseline.code}/",
        f"/s/{baseline.code}/thanks/",
    ):
        visitor.goto(f"/{lang}{path}")
    # The phone form with errors (nothing chosen), then closed.
    visitor.goto(f"/{lang}/s/{later.code}/")
    visitor.submit("main form [type=submit]")
    assert visitor.page.locator(".error-summary").count() == 1
    later.is_open = False
    later.save()
    visitor.goto(f"/{lang}/s/{later.code}/")
