from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test.client import ClientMixin
from django.utils import translation

from spcp.cli import compile_catalogs
from tests import factories, served, two_factor


def pytest_configure(config):
    # The tests read the compiled catalogs, as the running app does.
    compile_catalogs(factories.ROOT / "locale")


# Tests that start `spcp` processes (on the prepared data folder) take a large share of the suite's time, so
# they run first instead of last (tests/test_*.py sort after every folder); they use no test database. Every
# other test keeps pytest-django's order: plain database tests, then transactional ones (the browser tests
# among them), then tests without a database. That order matters: a transactional test empties the database
# when it ends (its reference data comes back only for the next transactional test), so a plain database test
# after it would find no states or regions. scripts/test runs xdist's default `load` scheduling, which keeps
# each worker's tests in this order.
_PROCESS_FIXTURES = {"prepared_data"}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    processes = [item for item in items if set(getattr(item, "fixturenames", ())) & _PROCESS_FIXTURES]
    chosen = set(map(id, processes))
    items[:] = processes + [item for item in items if id(item) not in chosen]


@pytest.fixture(scope="session")
def prepared_data(tmp_path_factory) -> served.Prepared:
    """A data folder set up by `spcp setup` once per test run, shared by the pytest-xdist workers (their
    temporary folders have one parent); tests that start `spcp` processes copy it (tests/served.py)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return served.prepare(shared / "spcp-prepared")


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request to a /ko/ page leaves Korean active in the thread; every test starts (and ends) in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _staff_sign_in_with_their_second_factor(monkeypatch):
    # force_login signs staff in as they really are signed in: password and authenticator code. Tests of the
    # second step itself sign in with tests.two_factor.password_only_login instead.
    monkeypatch.setattr(ClientMixin, "force_login", two_factor.verified_force_login)
    monkeypatch.setattr(ClientMixin, "login", two_factor.verified_login)


@pytest.fixture
def program(db):
    """A program in Texas (Southwest region) with a conciliator assigned."""
    conciliator = factories.user(role="conciliator", region="southwest", username="conciliator")
    return factories.program(state="TX", title="Springfield SPCP", conciliator=conciliator)


@pytest.fixture
def other_program(db):
    """A program in another region (New York, Northeast)."""
    return factories.program(state="NY", title="Albany SPCP")


@pytest.fixture
def role_users(db, program):
    """One account per role. Staff are in the Southwest region; volunteers are members of `program`."""
    return {
        "admin": factories.user(role="admin", region=None, username="admin", is_staff=True),
        "regional_director": factories.user(role="regional_director", region="southwest", username="rd"),
        "conciliator": program.conciliator,
        "other_conciliator": factories.user(role="conciliator", region="northeast", username="ne-conciliator"),
        "planning_member": factories.member(program, "planning_member", username="planner"),
        "facilitator": factories.member(program, "facilitator", username="facilitator"),
        "council_member": factories.member(program, "council_member", username="councilor"),
        "outsider": factories.user(role="planning_member", region=None, username="outsider"),
    }


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
