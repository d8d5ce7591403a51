"""The published API declares the bounds it enforces: every text in a request body has a maximum length (as the
forms do), and every whole number in a body or query fits in 64 bits. A new schema that forgets fails here."""

from __future__ import annotations

from typing import Any

from config.api import api
from spcp.common.inputs import INT64_MAX, INT64_MIN


def _unbounded(node: dict[str, Any], where: str, components: dict[str, Any], strings: bool) -> list[str]:
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[-1]]
    found: list[str] = []
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            found += _unbounded(option, where, components, strings)
    fixed = "enum" in node or "const" in node or "format" in node
    if strings and node.get("type") == "string" and not fixed and "maxLength" not in node:
        found.append(f"{where}: text without maxLength")
    if node.get("type") == "integer" and not fixed:
        if not (INT64_MIN <= node.get("minimum", INT64_MIN - 1) and node.get("maximum", INT64_MAX + 1) <= INT64_MAX):
            found.append(f"{where}: whole number without 64-bit bounds")
    for name, child in node.get("properties", {}).items():
        found += _unbounded(child, f"{where}.{name}", components, strings)
    if isinstance(node.get("items"), dict):
        found += _unbounded(node["items"], f"{where}[]", components, strings)
    if isinstance(node.get("additionalProperties"), dict):
        found += _unbounded(node["additionalProperties"], f"{where}{{}}", components, strings)
    return found


def test_every_body_text_has_a_maximum_length_and_every_number_fits_in_64_bits():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    found: list[str] = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for content in operation.get("requestBody", {}).get("content", {}).values():
                found += _unbounded(content["schema"], f"{where} body", components, strings=True)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    found += _unbounded(parameter["schema"], f"{where} ?{parameter['name']}", components, strings=False)
    assert found == []
