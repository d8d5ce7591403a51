"""The `spcp` command as a user runs it: set up a fresh data folder, then serve with two uvicorn workers.

Only the first test runs `spcp setup` from scratch; the others start from a copy of the folder it prepares once
per test run (tests/served.py), which is the same command's result.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from spcp.cli import compile_catalogs
from tests.served import SPCP, free_port, get, process_env, stop, wait_until_serving


@pytest.fixture
def fresh_env(tmp_path):
    """A new, empty data folder (its own SQLite file and secret key); Redis is kept when the suite runs with it."""
    return process_env(tmp_path / "data")


@pytest.fixture
def set_up_env(prepared_data, tmp_path):
    """A data folder of its own as `spcp setup` leaves it (a copy of the one prepared for this test run)."""
    return process_env(prepared_data.data_folder(tmp_path / "data"))


def test_setup_creates_the_data_folder_with_a_secret_key_and_a_migrated_database(fresh_env, tmp_path):
    subprocess.run([str(SPCP), "setup"], env=fresh_env, check=True, capture_output=True, timeout=1800)
    data = tmp_path / "data"
    assert (data / "spcp.sqlite3").exists()
    assert len((data / "secret_key").read_text()) >= 40
    assert (data / "static" / "staticfiles.json").exists()


def test_setup_refuses_with_a_clear_message_when_the_front_end_assets_are_missing(fresh_env, tmp_path):
    fresh_env["SPCP_NODE_MODULES"] = str(tmp_path / "no_node_modules")
    done = subprocess.run([str(SPCP), "setup"], env=fresh_env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "front-end assets are missing" in done.stderr and "npm ci" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "static" / "staticfiles.json").exists()


def test_serve_answers_pages_and_api_from_two_worker_processes(set_up_env):
    port = free_port()
    server = subprocess.Popen(
        [str(SPCP), "serve", "--port", str(port), "--workers", "2"],
        env=set_up_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, [server])
        status, body = get(f"{base}/ko/")
        assert status == 200 and "경찰 및 지역사회 파트너십 강화" in body.decode()
        status, body = get(f"{base}/api/offices?state=TX")
        assert json.loads(body)["office"]["city"] == "Dallas"
        # Static files come from whitenoise with their hashed names.
        page = get(f"{base}/en/")[1].decode()
        href = page[page.index("/static/uswds/css/uswds.min.") :].split('"')[0]
        assert get(base + href)[0] == 200
    finally:
        stop([server])


def test_catalogs_compile_without_system_gettext(tmp_path):
    po = tmp_path / "ko" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Save"\nmsgstr "저장"\n')
    assert compile_catalogs(tmp_path) == 1
    assert po.with_suffix(".mo").exists()
    assert compile_catalogs(tmp_path) == 0  # up to date: nothing recompiled


def test_manage_passes_commands_to_django(set_up_env):
    done = subprocess.run(
        [str(SPCP), "manage", "showmigrations", "offices"], env=set_up_env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0
    assert "[X] 0002_load_offices" in done.stdout


def test_backup_and_restore_from_the_command_line(set_up_env, tmp_path):
    done = subprocess.run([str(SPCP), "backup"], env=set_up_env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (backup,) = (tmp_path / "data" / "backups").iterdir()
    assert backup.suffix == ".sqlite3" and backup.read_bytes().startswith(b"SQLite format 3")
    assert backup.stat().st_mode & 0o077 == 0  # confidential: readable by its owner only

    unconfirmed = subprocess.run(
        [str(SPCP), "restore", str(backup)], env=set_up_env, capture_output=True, text=True, timeout=300
    )
    assert unconfirmed.returncode == 2 and "--yes" in unconfirmed.stderr
    restored = subprocess.run(
        [str(SPCP), "restore", str(backup), "--yes"], env=set_up_env, capture_output=True, text=True, timeout=300
    )
    assert restored.returncode == 0, restored.stderr
    assert "Restored from" in restored.stdout
