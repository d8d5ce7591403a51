"""The sockets' database thread keeps its connection between calls, and drops it only when it must."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.db import connection

from spcp.common import db


@pytest.fixture
def closes(monkeypatch):
    connection.ensure_connection()
    calls: list[str] = []
    monkeypatch.setattr(connection, "close", lambda: calls.append(connection.alias))
    return calls


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_healthy_connection_is_kept_across_calls_where_channels_would_close_it(closes, settings):
    assert settings.DATABASES["default"].get("CONN_MAX_AGE", 0) == 0  # what makes Channels close it per call

    def query() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0]

    run = db.database_thread(query)
    assert async_to_sync(run)() == 1 and async_to_sync(run)() == 1
    assert closes == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_broken_by_an_error_is_closed(closes, monkeypatch):
    connection.errors_occurred = True
    monkeypatch.setattr(connection, "is_usable", lambda: False)
    db.check_connections()
    assert closes == ["default"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_that_survived_an_error_is_kept_and_checked_no_more(closes):
    connection.errors_occurred = True
    db.check_connections()
    assert closes == [] and connection.errors_occurred is False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_old_connection_is_closed_so_a_restarted_server_is_noticed(closes, monkeypatch):
    db.check_connections()
    monkeypatch.setattr(db, "KEEP_SECONDS", -1.0)
    db.check_connections()
    assert closes == ["default"]
