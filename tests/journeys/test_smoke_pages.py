"""Public pages render in both staff languages and pass axe-core."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_home_and_office_directory_are_accessible(visitor, lang):
    page = visitor.goto(f"/{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    visitor.goto(f"/{lang}/offices/")
    # Reference data loaded by migrations survives between live-server tests (serialized rollback).
    assert page.locator("table tbody tr").count() == 10
