"""The Content-Security-Policy in a real browser: text that slipped into a page as markup could not run.

(Every other browser test fails on any CSP violation on the pages it visits: see conftest.Visitor.)"""

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

INJECT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__ran = true";
  document.body.appendChild(script);
  const box = document.createElement("div");
  box.setAttribute("onclick", "window.__clicked = true");
  document.body.appendChild(box);
  box.click();
  const styled = document.createElement("p");
  styled.setAttribute("style", "color: rgb(255, 0, 0)");
  document.body.appendChild(styled);
  return getComputedStyle(styled).color;
}"""


def test_inline_script_handlers_and_styles_added_to_a_page_are_refused(visitor):
    page = visitor.goto("/en/accounts/login/")
    color = page.evaluate(INJECT)
    assert page.evaluate("window.__ran === undefined && window.__clicked === undefined")
    assert color != "rgb(255, 0, 0)"
    reported = {v["directive"] for v in page.evaluate("window.__cspViolations")}
    assert {"script-src-elem", "script-src-attr", "style-src-attr"} <= reported


def test_the_admin_works_under_the_policy(visitor, db):
    # The Django admin's own pages (not ours, so not held to axe here): signing in, lists, a change form.
    factories.user(role="admin", region=None, username="root", is_staff=True)
    page = visitor.page
    page.goto(f"{visitor.base_url}/en/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", factories.PASSWORD)
    with page.expect_navigation():
        page.click("[type=submit]")
    visitor.finish_two_step_sign_in("root")  # an administrator sets up two-step sign-in before the admin opens
    assert page.url == f"{visitor.base_url}/en/admin/"
    visitor.check_csp()
    for path in ("/en/admin/", "/en/admin/accounts/user/", "/en/admin/accounts/user/add/", "/en/admin/offices/state/"):
        response = page.goto(visitor.base_url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        visitor.check_csp()
