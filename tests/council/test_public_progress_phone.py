"""The public progress page on a phone (issue 11 item 7): the charts' data tables sit behind a disclosure."""

from __future__ import annotations

import pytest

from tests.council.test_progress import public_plan  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def test_the_public_page_keeps_each_charts_table_behind_a_disclosure(client, public_plan):  # noqa: F811
    plan, _step = public_plan
    page = client.get(f"/en/progress/{plan.pk}/").content.decode()
    assert page.count('<details class="spcp-chart__data">') == page.count('class="spcp-chart ') >= 1
    assert "Show the numbers as a table" in page
    assert "Data for the chart: Progress of each action item" in page
