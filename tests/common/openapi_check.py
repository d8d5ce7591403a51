"""Check API answers against the published OpenAPI document (/api/openapi.json), as an outside client would.

Every answer must carry a status the operation documents, and its body must validate (JSON Schema 2020-12,
formats checked, `$ref`s resolved in the document) against the schema documented for that status. Objects are
checked closed: a field the schema does not name is an error too, so an endpoint documented with another
schema's shape fails even when the shapes happen to share their required fields.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import jsonschema_rs

Json = dict[str, Any]


def closed(node: Any) -> Any:
    """A copy of a schema in which every object that lists its properties allows no others."""
    if isinstance(node, list):
        return [closed(n) for n in node]
    if not isinstance(node, dict):
        return node
    copy = {k: closed(v) for k, v in node.items()}
    if "properties" in copy and "additionalProperties" not in copy and "allOf" not in copy:
        copy["additionalProperties"] = False
    return copy


class Published:
    """The API as /api/openapi.json describes it, and a record of what the checked answers covered."""

    def __init__(self, document: Json):
        self.document = document
        self.components = closed(document["components"])
        self.routes = [
            (method.upper(), re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$"), path)
            for path, operations in document["paths"].items()
            for method in operations
        ]
        self.problems: list[str] = []
        self.succeeded: set[tuple[str, str]] = set()
        self.checked = 0
        self._validators: dict[tuple[str, str, str], Any] = {}

    def templates(self, method: str) -> list[str]:
        return [template for m, _, template in self.routes if m == method]

    def template_for(self, method: str, url: str) -> str:
        path = urlsplit(url).path
        found = [template for m, pattern, template in self.routes if m == method and pattern.match(path)]
        assert len(found) == 1, f"{method} {path} matches {found} in /api/openapi.json"
        return found[0]

    def check(self, method: str, url: str, response: Any) -> None:
        """Record a problem unless the answer is documented and its body matches the documented schema."""
        self.checked += 1
        template = self.template_for(method, url)
        documented = self.document["paths"][template][method.lower()]["responses"]
        status = str(response.status_code)
        where = f"{method} {url} → {status}"
        if status not in documented:
            self.problems.append(f"{where}: status not in the documented {sorted(documented)}")
            return
        content = documented[status].get("content")
        if content is None:
            if response.content:
                self.problems.append(f"{where}: a body where none is documented")
            return
        if "application/json" not in response.headers.get("Content-Type", ""):
            self.problems.append(f"{where}: {response.headers.get('Content-Type')} where JSON is documented")
            return
        key = (template, method, status)
        if key not in self._validators:
            schema = {**closed(content["application/json"]["schema"]), "components": self.components}
            self._validators[key] = jsonschema_rs.validator_for(schema, validate_formats=True)
        body = response.json()
        errors = [f"{e.instance_path}: {e.message}" for e in self._validators[key].iter_errors(body)]
        if errors:
            self.problems.append(f"{where} does not match its documented schema: {errors[:5]}")
        elif 200 <= response.status_code < 300:
            self.succeeded.add((method, template))
