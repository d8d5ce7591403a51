"""The only reader of os.environ: every setting the deployment controls, with safe laptop defaults."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Env:
    data_dir: Path
    database_url: str
    database_pool: int
    redis_url: str
    channel_prefix: str
    secret_key: str
    debug: bool
    production: bool
    allowed_hosts: list[str]
    email_url: str
    default_from_email: str
    rate_limit_per_hour: int
    site_url: str
    node_modules: Path
    trusted_proxies: list[str]
    https_redirect: bool
    hsts_seconds: int
    static_root: Path
    log_format: str
    log_level: str
    metrics_token: str
    metrics_allow: list[str]
    metrics_dir: str
    translate_url: str
    translate_api_key: str
    translate_timeout: float


def _secret_key(data_dir: Path, production: bool) -> str:
    key = os.environ.get("SPCP_SECRET_KEY", "")
    if key:
        return key
    if production:
        raise RuntimeError("SPCP_SECRET_KEY must be set when SPCP_PRODUCTION is on.")
    # Laptop default: generate once and keep it in the data folder so sessions survive restarts.
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or networks (e.g. 10.0.0.5 or 10.0.0.0/24) from `name`."""
    networks = [p.strip() for p in os.environ.get(name, "").split(",") if p.strip()]
    for network in networks:
        try:
            ipaddress.ip_network(network)
        except ValueError:
            raise RuntimeError(
                f"{name}: {network!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return networks


def _choice(name: str, default: str, choices: set[str]) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise RuntimeError(f"{name}: {value!r} is not one of {', '.join(sorted(choices))}.")
    return value


def read_env() -> Env:
    data_dir = Path(os.environ.get("SPCP_DATA_DIR", BASE_DIR / "data")).resolve()
    production = _flag("SPCP_PRODUCTION")
    return Env(
        data_dir=data_dir,
        database_url=os.environ.get("SPCP_DATABASE_URL", f"sqlite:///{data_dir / 'spcp.sqlite3'}"),
        database_pool=int(os.environ.get("SPCP_DATABASE_POOL", "20")),
        redis_url=os.environ.get("SPCP_REDIS_URL", ""),
        channel_prefix=os.environ.get("SPCP_CHANNEL_PREFIX", "spcp"),
        secret_key=_secret_key(data_dir, production),
        debug=_flag("SPCP_DEBUG", default=False),
        production=production,
        allowed_hosts=[
            h.strip() for h in os.environ.get("SPCP_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()
        ],
        email_url=os.environ.get("SPCP_EMAIL_URL", "console://"),
        default_from_email=os.environ.get("SPCP_FROM_EMAIL", "spcp@localhost"),
        rate_limit_per_hour=int(os.environ.get("SPCP_RATE_LIMIT_PER_HOUR", "20")),
        site_url=os.environ.get("SPCP_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
        node_modules=Path(os.environ.get("SPCP_NODE_MODULES", BASE_DIR / "node_modules")),
        trusted_proxies=_networks("SPCP_TRUSTED_PROXIES"),
        # Production answers only over HTTPS; a TLS proxy that redirects and sends HSTS itself may turn these off.
        https_redirect=_flag("SPCP_HTTPS_REDIRECT", default=production),
        hsts_seconds=int(os.environ.get("SPCP_HSTS_SECONDS", str(365 * 24 * 3600) if production else "0")),
        # The container image collects static files at build time, outside the data volume.
        static_root=Path(os.environ.get("SPCP_STATIC_ROOT", data_dir / "static")).resolve(),
        log_format=_choice("SPCP_LOG_FORMAT", "text", {"text", "json"}),
        log_level=_choice("SPCP_LOG_LEVEL", "info", {"debug", "info", "warning", "error"}).upper(),
        metrics_token=os.environ.get("SPCP_METRICS_TOKEN", ""),
        metrics_allow=_networks("SPCP_METRICS_ALLOW"),
        # Set by `spcp serve --workers N` (prometheus-client's multi-process mode), or by the operator.
        metrics_dir=os.environ.get("PROMETHEUS_MULTIPROC_DIR", ""),
        # A self-hosted LibreTranslate server for machine translations of what participants write (empty: none).
        translate_url=os.environ.get("SPCP_TRANSLATE_URL", "").strip().rstrip("/"),
        translate_api_key=os.environ.get("SPCP_TRANSLATE_API_KEY", ""),
        translate_timeout=float(os.environ.get("SPCP_TRANSLATE_TIMEOUT", "20")),
    )


def test_worker_index() -> int:
    """pytest-xdist's worker number (gw0 → 0), so parallel test workers can keep to their own Redis database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
