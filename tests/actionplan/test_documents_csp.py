"""The documents' browser preview shares its HTML with the PDF, print style included: the Content-Security-Policy
allows that one style element by its nonce and nothing else inline."""

from __future__ import annotations

import re

from tests.actionplan.test_documents import url


def test_the_preview_style_carries_the_nonce_its_policy_allows(client, role_users, program, plan):
    client.force_login(role_users["conciliator"])
    for name in ("plan", "report", "items_csv"):
        response = client.get(url(program, name))
        policy = response["Content-Security-Policy"]
        nonce = re.search(r"style-src 'self' 'nonce-([\w-]+)'", policy)
        assert nonce, policy
        assert f'<style nonce="{nonce.group(1)}">' in response.content.decode()
        assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    again = client.get(url(program, "plan"))["Content-Security-Policy"]
    assert nonce.group(1) not in again  # a fresh nonce for every response
