"""Read the route tables in docs/roles/*.md and enumerate the project's real routes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

ROOT = Path(__file__).resolve().parents[2]
ROLE_COLUMNS = [
    "anonymous",
    "admin",
    "regional director",
    "conciliator",
    "other region",
    "planning member",
    "facilitator",
    "council member",
    "outsider",
]
OUTCOMES = {"ok", "login", "404", "403"}
# The Django admin's own sub-pages are the admin's business; the table covers its entry point.
ADMIN_PREFIX = "/admin/"


@dataclass(frozen=True)
class Row:
    method: str
    route: str
    expected: dict[str, str]
    source: str


def load_table() -> dict[tuple[str, str], Row]:
    rows: dict[tuple[str, str], Row] = {}
    for md in sorted((ROOT / "docs" / "roles").glob("*.md")):
        for line in md.read_text().splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) < 2 or cells[0] not in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                continue
            if len(cells) != 2 + len(ROLE_COLUMNS):
                raise AssertionError(f"{md.name}: wrong number of columns in {line!r}")
            expected = dict(zip(ROLE_COLUMNS, cells[2:], strict=True))
            bad = {v for v in expected.values() if v not in OUTCOMES}
            if bad:
                raise AssertionError(f"{md.name}: unknown outcome {bad} in {line!r}")
            key = (cells[0], cells[1])
            if key in rows:
                raise AssertionError(f"{md.name}: {key} listed twice")
            rows[key] = Row(cells[0], cells[1], expected, md.name)
    return rows


def _pattern_text(pattern: object) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return ""
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    return str(pattern)


def page_routes() -> set[str]:
    """Every Django (non-API) route, with <conv:name> written {name} and the language prefix dropped."""
    found: set[str] = set()

    def walk(patterns: list, prefix: str) -> None:
        for p in patterns:
            text = prefix + _pattern_text(p.pattern)
            if isinstance(p, URLResolver):
                if text.startswith("api/"):
                    continue
                if text.startswith("admin/"):
                    found.add(ADMIN_PREFIX)
                    continue
                walk(p.url_patterns, text)
            elif isinstance(p, URLPattern):
                found.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text))

    walk(get_resolver().url_patterns, "")
    return found


def api_routes() -> set[tuple[str, str]]:
    from config.api import api

    schema = api.get_openapi_schema()
    routes = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    return routes | {("GET", "/api/openapi.json"), ("GET", "/api/docs")}
