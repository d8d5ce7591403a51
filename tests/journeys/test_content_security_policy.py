"""The Content-Security-Policy in a real browser: text that slipped into a page as markup could not run.

(Every other browser test fails on any CSP violation on the pages it visits: see conftest.Visitor.)"""

import pytest

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
