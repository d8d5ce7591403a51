"""axe-core (WCAG 2.1 A/AA) on the results page filled with data: where both sides agree, where they differ,
and the staff's Pol.is export form, in English and Korean."""

from __future__ import annotations

import pytest

from tests import factories
from tests.forum.test_common_ground_and_export import three_solutions  # noqa: F401  (fixture)
from tests.journeys.conftest import browser, visitor  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_results_page_with_agreement_and_differences_passes_axe(visitor, room, three_solutions, lang):  # noqa: F811
    program = room.forum.program
    page = visitor.goto(f"/{lang}/accounts/login/")
    page.fill("#id_username", program.conciliator.username)
    page.fill("#id_password", factories.PASSWORD)
    visitor.submit()
    results = visitor.goto(f"/{lang}/programs/{program.pk}/forum/results/")
    assert results.locator("#common-ground table").count() == 1
    assert results.locator("#differences table").count() == 1
    assert results.locator("form[action$='/results/polis.zip'] button").count() == 1
