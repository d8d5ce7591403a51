"""Headless Chromium (Debian's) driven by Playwright, with axe-core (npm) checking every page visited and no
Content-Security-Policy violation allowed on any of them."""

from __future__ import annotations

import functools
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from django.db import connections

from tests.two_factor import code_from_secret

# Playwright's sync API runs an event loop in this thread; the tests still use the ORM synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Runs before any of the page's own scripts on every document (injected by the browser, so the CSP allows it).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample}
));
"""


def chromium_path() -> str:
    path = os.environ.get("SPCP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium is not installed: run the README's test command, which installs it.")
    return path


@pytest.fixture
def browser(live_server):
    # Function-scoped on purpose: Playwright's sync API runs the test inside a greenlet with its own context,
    # where Django's connection handler hands out fresh connection objects. Started per test (after the
    # database fixtures), it cannot hide the serialized contents that restore the reference data.
    from playwright.sync_api import sync_playwright

    if not AXE.exists():
        pytest.fail("axe-core is not installed: run the README's test command (npm ci).")
    # Playwright gives each launch a fresh, empty profile of its own.
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's event loop runs, asgiref hands Django a context-local set of connections;
        # close the ones the test opened there, or PostgreSQL cannot drop the test database at the end.
        connections.close_all()


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


# The authenticator apps set up through the enrolment page by Visitors: username → [setup key, last step used].
PHONES: dict[str, list] = {}


class Visitor:
    """A browser tab that runs axe-core on every page it lands on and fails on any WCAG 2.1 A/AA violation."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []
        # After a sign-in, finish two-step sign-in as the person would with the authenticator app on their
        # phone (see finish_two_step_sign_in); tests of that step itself turn this off and do it by hand.
        self.second_factor = True
        # What the page reports (securitypolicyviolation) and what Chromium logs: either fails the next check.
        self.csp_errors: list[str] = []
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state("load")
        self.check_csp()
        # Evaluated through DevTools rather than added as an inline <script>, which the CSP would block.
        page.evaluate(_axe_source())
        result = page.evaluate(
            "async (tags) => await axe.run(document,"
            " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_TAGS,
        )
        violations = result["violations"]
        summary = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in violations
        ]
        assert not violations, f"axe found WCAG violations on {page.url}:\n{json.dumps(summary, indent=2)}"
        self.checked.append(page.url)

    def check_csp(self) -> None:
        """Fail on any Content-Security-Policy violation reported by this page or logged since the last check."""
        page = self.page
        reported = page.evaluate("window.__cspViolations || []")
        assert not reported and not self.csp_errors, (
            f"Content-Security-Policy violations on {page.url}:\n{json.dumps(reported, indent=2)}\n{self.csp_errors}"
        )

    def choose(self, name: str, value: str | None = None) -> None:
        """Tick a USWDS radio or checkbox the way a person does: by its label (the input is visually hidden)."""
        selector = f"input[name={name}]" + (f"[value='{value}']" if value is not None else "")
        input_id = self.page.locator(selector).first.get_attribute("id")
        self.page.click(f"label[for='{input_id}']")

    def submit(self, selector: str = "main form [type=submit]") -> None:
        """Click a submit button, wait for the next page, and check it."""
        signing_in = self.page.locator("#id_username").count() > 0
        username = self.page.input_value("#id_username") if signing_in else ""
        with self.page.expect_navigation():
            self.page.click(selector)
        self.check()
        if signing_in and self.second_factor:
            self.finish_two_step_sign_in(username)

    def finish_two_step_sign_in(self, username: str) -> None:
        """After the password: set up the authenticator app at a first sign-in (typing the setup key the page
        shows into the "phone", then saving the recovery codes), or type the code the phone shows now."""
        from urllib.parse import urlsplit

        from django_otp.plugins.otp_totp.models import TOTPDevice

        from tests.two_factor import code_for

        path = urlsplit(self.page.url).path
        if path.endswith("/accounts/two-factor/enrol/"):
            secret = self.page.inner_text("#totp-secret")
            PHONES[username] = [secret, -1]
            self.page.fill("#id_code", self._code(username))
            self.submit()
            with self.page.expect_navigation():
                self.page.click("main a.usa-button")  # "I have saved my codes: continue"
            self.check()
        elif path.endswith("/accounts/two-factor/"):
            try:
                code = code_for(TOTPDevice.objects.get(user__username=username, confirmed=True))
            except RuntimeError:  # no database in this process: the servers run apart (tests/forum/live_setup.py)
                code = self._code(username)
            self.page.fill("#id_code", code)
            self.submit("#code-form [type=submit]")

    @staticmethod
    def _code(username: str) -> str:
        """The code of an authenticator set up in this test run, a later time step than the last one used."""
        secret, last_step = PHONES[username]
        step = max(int(time.time()) // 30, last_step + 1)
        PHONES[username][1] = step
        return code_from_secret(secret, step=step)


@pytest.fixture
def visitor(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    v = Visitor(page, live_server.url)
    yield v
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A small phone screen."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    v = Visitor(page, live_server.url)
    yield v
    context.close()
