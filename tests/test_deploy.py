"""The container deployment: Dockerfile, compose.yaml and the Caddy proxy example.

Always: the files say what the app really needs (the same lock files scripts/install installs, a non-root
user, `spcp` as the entry point; services, health checks, commands the `spcp` parser accepts and only
environment variables config/env.py reads). Where a Docker engine answers: build the image, start the stack
and drive it through the TLS proxy."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
import yaml

from spcp.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APPS = ("app1", "app2")
# Every SPCP_ variable the app reads (config/env.py is the only reader of os.environ).
APP_READS = set(re.findall(r'"(SPCP_[A-Z_]+)"', (ROOT / "config" / "env.py").read_text()))


def _interpolated(text: str) -> str:
    """What compose makes of ${VAR:-default} (the default), ${VAR:?error} and ${VAR} (a stand-in value)."""
    text = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", text)
    return re.sub(r"\$\{(\w+)(?::\?[^}]*)?\}", lambda m: f"<{m.group(1)}>", text)


def _command(service: str) -> list[str]:
    return [_interpolated(part) for part in SERVICES[service]["command"]]


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in dockerfile.splitlines() if not line.startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in joined.splitlines() if line.strip()]


def _stages() -> dict[str, list[tuple[str, str]]]:
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] = []
    for instruction, arguments in _instructions((ROOT / "Dockerfile").read_text()):
        if instruction == "FROM":
            current = stages.setdefault(arguments.split()[-1], [])
        current.append((instruction, arguments))
    return stages


# ---- compose.yaml --------------------------------------------------------------------------------------------


def test_compose_starts_the_database_redis_a_migration_two_app_processes_a_scheduler_and_a_tls_proxy():
    assert set(SERVICES) == {"db", "redis", "setup", "app1", "app2", "scheduler", "proxy"}
    assert SERVICES["db"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")
    assert SERVICES["proxy"]["image"].startswith("caddy:")


def test_every_long_running_service_has_a_health_check_of_the_right_kind():
    assert SERVICES["db"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert SERVICES["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    for app in APPS:
        test = SERVICES[app]["healthcheck"]["test"]
        assert test[0] == "CMD" and test[1] == "spcp"
        probe = build_parser().parse_args(test[2:])
        assert probe.command == "probe" and not probe.ready  # liveness: a database outage restarts nothing
    assert "scheduler-ok" in SERVICES["scheduler"]["healthcheck"]["test"][1]


def test_the_services_run_commands_the_spcp_command_accepts():
    for app in APPS:
        args = build_parser().parse_args(_command(app))
        listens = ("serve", "0.0.0.0", 8000, 1)  # noqa: S104  (inside its container, for the proxy and probes)
        assert (args.command, args.host, args.port, args.workers) == listens
    assert _command("setup")[:2] == ["manage", "migrate"]
    script = SERVICES["scheduler"]["command"][0]
    for line in ("spcp remind", "spcp backup"):
        assert line in script
        build_parser().parse_args(line.split()[1:])


def test_the_apps_start_after_the_migration_and_healthy_dependencies_and_the_proxy_after_the_apps():
    for service in (*APPS, "scheduler"):
        depends = SERVICES[service]["depends_on"]
        assert depends["db"]["condition"] == depends["redis"]["condition"] == "service_healthy"
        assert depends["setup"]["condition"] == "service_completed_successfully"
    assert SERVICES["setup"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert {name: dep["condition"] for name, dep in SERVICES["proxy"]["depends_on"].items()} == {
        "app1": "service_healthy",
        "app2": "service_healthy",
    }


def test_the_app_services_set_only_variables_the_app_reads_and_every_one_production_needs():
    for service in ("setup", *APPS, "scheduler"):
        environment = SERVICES[service]["environment"]
        assert set(environment) <= APP_READS, set(environment) - APP_READS
        assert {
            "SPCP_PRODUCTION",
            "SPCP_SECRET_KEY",
            "SPCP_DATABASE_URL",
            "SPCP_REDIS_URL",
            "SPCP_ALLOWED_HOSTS",
            "SPCP_TRUSTED_PROXIES",
            "SPCP_SITE_URL",
        } <= set(environment)
        # Secrets have no default: compose refuses to start without them.
        assert ":?" in environment["SPCP_SECRET_KEY"] and ":?" in environment["SPCP_DATABASE_URL"]


def test_the_app_reaches_the_services_by_their_names_and_believes_only_the_proxy():
    environment = SERVICES["app1"]["environment"]
    database = _interpolated(environment["SPCP_DATABASE_URL"])
    assert re.fullmatch(r"postgres://spcp:<POSTGRES_PASSWORD>@db:5432/spcp", database)
    db_env = SERVICES["db"]["environment"]
    assert (db_env["POSTGRES_USER"], db_env["POSTGRES_DB"]) == ("spcp", "spcp")
    assert environment["SPCP_REDIS_URL"].startswith("redis://redis:6379/")
    assert environment["SPCP_TRUSTED_PROXIES"] == SERVICES["proxy"]["networks"]["spcp"]["ipv4_address"]
    # The container's own probe (127.0.0.1) and the proxy's health checks (app1, app2) pass host validation.
    hosts = _interpolated(environment["SPCP_ALLOWED_HOSTS"]).split(",")
    assert {"<SPCP_DOMAIN>", "127.0.0.1", "app1", "app2"} <= set(hosts)


def test_the_proxy_serves_the_domain_routes_by_readiness_and_keeps_metrics_inside():
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "{$SPCP_DOMAIN} {" in caddyfile
    assert re.search(r"reverse_proxy app1:8000 app2:8000 \{", caddyfile)
    assert re.search(r"^\s*health_uri /readyz$", caddyfile, re.M)
    assert re.search(r"^\s*respond /metrics 404$", caddyfile, re.M)
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in SERVICES["proxy"]["volumes"]


# ---- Dockerfile -----------------------------------------------------------------------------------------------


def test_the_image_is_built_in_two_stages_installing_the_same_hash_pinned_lock_as_scripts_install():
    stages = _stages()
    assert list(stages) == ["build", "runtime"]
    runs = " ".join(arguments for instruction, arguments in stages["build"] if instruction == "RUN")
    install = (ROOT / "scripts" / "install").read_text()
    for lock in ("requirements/bootstrap.txt", "requirements/base.txt"):
        assert (ROOT / lock).is_file() and lock in install
        assert re.search(rf"pip install -q --require-hashes --no-deps -r {re.escape(lock)}", runs), lock
    assert "npm ci --omit=dev" in runs
    assert "collectstatic" in runs and "compile_catalogs" in runs
    copied = [arguments for instruction, arguments in stages["build"] if instruction == "COPY"]
    assert "requirements/ requirements/" in copied
    # The base image's Python is the one the lock was compiled for.
    locked = re.search(r"with Python (\d+\.\d+)", (ROOT / "requirements" / "base.txt").read_text())
    assert locked and f"python:{locked.group(1)}-slim" in (ROOT / "Dockerfile").read_text()


def test_the_runtime_image_has_the_pdf_fonts_runs_as_an_unprivileged_user_with_spcp_as_entry_point():
    runtime = _stages()["runtime"]
    apt = " ".join(arguments for instruction, arguments in runtime if instruction == "RUN")
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-noto-cjk", "postgresql-client"):
        assert package in apt
    users = [arguments for instruction, arguments in runtime if instruction == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    assert [json.loads(a) for i, a in runtime if i == "ENTRYPOINT"] == [["spcp"]]
    (command,) = [json.loads(a) for i, a in runtime if i == "CMD"]
    assert build_parser().parse_args(command).command == "serve"
    env = " ".join(arguments for instruction, arguments in runtime if instruction == "ENV")
    assert "SPCP_DATA_DIR=/data" in env and "SPCP_STATIC_ROOT=/app/static" in env


def test_the_build_context_leaves_out_local_environments_data_and_secrets_but_not_what_the_image_needs():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines() if line.strip()}
    assert {".git", ".venv", "node_modules", "data", ".env"} <= ignored
    copied = {
        source.rstrip("/")
        for instruction, arguments in _instructions((ROOT / "Dockerfile").read_text())
        if instruction == "COPY" and not arguments.startswith("--from")
        for source in arguments.split()[:-1]
    }
    assert {"requirements", "package-lock.json", "spcp", "config", "locale"} <= copied
    assert not copied & ignored
    assert [path for path in copied if not (ROOT / path).exists()] == []


# ---- the stack, where a Docker engine runs --------------------------------------------------------------------


DOCKER = shutil.which("docker")


def _engine() -> bool:
    if DOCKER is None:
        return False
    try:
        return subprocess.run([DOCKER, "info"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _compose() -> bool:
    try:
        return subprocess.run([str(DOCKER), "compose", "version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _missing() -> str:
    """Why the stack cannot run here ('' when it can)."""
    if not _engine():
        return "no Docker engine on this machine"
    return "" if _compose() else "no `docker compose` plugin on this machine"


MISSING = _missing()


@pytest.mark.skipif(bool(MISSING), reason=MISSING)
def test_the_stack_builds_starts_and_answers_through_the_tls_proxy(tmp_path):
    https_port = _free_port()
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"SPCP_SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"POSTGRES_PASSWORD={secrets.token_hex(16)}\n"
        "SPCP_DOMAIN=localhost\n"  # Caddy issues localhost a certificate from its own local authority
        f"SPCP_HTTP_PORT={_free_port()}\n"
        f"SPCP_HTTPS_PORT={https_port}\n"
        "SPCP_METRICS_TOKEN=stack-test-token-0123456789\n"
    )
    project = f"spcp-test-{secrets.token_hex(4)}"
    compose = [str(DOCKER), "compose", "--project-directory", str(ROOT), "--env-file", str(env_file), "-p", project]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SPCP_", "POSTGRES_"))}

    def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*compose, *args], env=environment, capture_output=True, text=True, timeout=timeout, check=True
        )

    try:
        run("up", "--detach", "--build", "--wait", "--wait-timeout", "1200", timeout=1800)
        base = f"https://localhost:{https_port}"
        deadline = time.monotonic() + 180
        while True:
            try:
                ready = httpx.get(f"{base}/readyz", verify=False, timeout=30, trust_env=False)  # noqa: S501
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, run("logs", "--tail", "100").stdout
            time.sleep(2)
        assert ready.json() == {"ready": True, "checks": {"database": "ok", "redis": "ok"}}
        page = httpx.get(f"{base}/ko/", verify=False, timeout=30, trust_env=False)  # noqa: S501
        assert page.status_code == 200 and "경찰 및 지역사회 파트너십 강화" in page.text
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        assert len(page.headers["X-Request-ID"]) >= 8
        css = re.search(r"/static/uswds/css/uswds\.min\.[0-9a-f]+\.css", page.text)
        assert css and httpx.get(base + css.group(0), verify=False, trust_env=False).status_code == 200  # noqa: S501
        metrics = httpx.get(
            f"{base}/metrics",
            headers={"Authorization": "Bearer stack-test-token-0123456789"},
            verify=False,  # noqa: S501
            trust_env=False,
        )
        assert metrics.status_code == 404  # the proxy keeps /metrics inside
        inside = run("exec", "-T", "app1", "spcp", "probe", "--ready").returncode
        assert inside == 0
        assert run("exec", "-T", "app1", "id", "-u").stdout.strip() != "0"
        assert "Backed up to /data/backups/" in run("exec", "-T", "app2", "spcp", "backup").stdout
    finally:
        subprocess.run([*compose, "down", "--volumes", "--remove-orphans"], env=environment, timeout=600)
