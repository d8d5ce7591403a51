"""Error pages are the site's own, in the reader's language, never Django's bare English."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from config.urls import urlpatterns as site_urls


def _fail(request):
    raise RuntimeError("boom")


urlpatterns = [*site_urls, path("ko/test-fail/", _fail), path("en/test-fail/", _fail)]


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "heading"), [("en", "Page not found"), ("ko", "페이지를 찾을 수 없습니다")])
def test_a_missing_page_answers_404_in_the_site_layout_and_the_readers_language(client, lang, heading):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page and heading in page
    assert "usa-header" in page and 'href="/' + lang + '/"' in page


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("lang", "heading"), [("en", "Something went wrong"), ("ko", "문제가 발생했습니다")])
def test_a_server_error_answers_500_in_the_site_layout_and_the_readers_language(lang, heading):
    client = Client(raise_request_exception=False)
    response = client.get(f"/{lang}/test-fail/")
    assert response.status_code == 500
    page = response.content.decode()
    assert heading in page and "usa-header" in page and "boom" not in page
