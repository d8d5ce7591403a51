"""Helpers for API endpoints that check access before they read the body (so a caller without access gets
the same 404 whatever they send, and bad input gets the usual field-by-field 422 in their language)."""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

import pydantic
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.security import SessionAuth
from ninja.utils import check_csrf

from spcp.common import inputs

S = TypeVar("S", bound=pydantic.BaseModel)
MAX_LIMIT = 1000
# A whole number the databases can hold: declared in the schema (so the OpenAPI says so), and enforced for any
# JSON body by InputParser even where a schema forgets it.
Int64 = Annotated[int, Field(ge=inputs.INT64_MIN, le=inputs.INT64_MAX)]


class ErrorOut(Schema):
    """The API's error body: a sentence for the user and, for bad input, messages by field (error_payload)."""

    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)


class StaffSessionAuth(SessionAuth):
    """Session auth for the staff API (as ninja's django_auth), in the order docs/roles.md promises: a caller who
    is not signed in gets 401 whatever they send; only a signed-in caller's write without the CSRF token gets 403
    (django_auth checks CSRF first, so an anonymous write got 403 "CSRF check Failed")."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            message = _("The page's security token is missing or out of date: reload the page and try again.")
            raise HttpError(403, message)
        return request.COOKIES.get(self.param_name)


staff_auth = StaffSessionAuth()


def document_auth_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to an OpenAPI document the answers that come from an operation's auth rather than its code: 401 for
    every operation that needs a session or a participant token, and 403 for a signed-in caller's write without
    the CSRF token (cookie auth). Both carry ErrorOut."""
    schemes = schema["components"].get("securitySchemes", {})
    schema["components"].setdefault("schemas", {}).setdefault(
        "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    )
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            names = [name for requirement in operation.get("security", []) for name in requirement]
            if not names:
                continue
            responses = operation["responses"]
            cookie = any(schemes.get(name, {}).get("in") == "cookie" for name in names)
            why = "Not signed in" if cookie else "No participant token (X-Participant-Token)"
            responses.setdefault(401, {"description": why, "content": error})
            if cookie and method.upper() not in ("GET", "HEAD", "OPTIONS"):
                responses.setdefault(403, {"description": "Signed in, but the CSRF token is missing", "content": error})
    return schema


class PatchIn(Schema):
    """A PATCH body: fields left out stay as they are, and a field the endpoint cannot change is refused
    (422 naming it) rather than silently ignored."""

    model_config = pydantic.ConfigDict(extra="forbid")


class Pagination(LimitOffsetPagination):
    """django-ninja's limit/offset pagination, bounded so that offset + limit fits the database's 64-bit OFFSET."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=inputs.INT64_MAX - MAX_LIMIT)


def body_schema(schema: type[pydantic.BaseModel]) -> dict[str, Any]:
    """openapi_extra for an endpoint that parses its JSON body itself with parse_body."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.model_json_schema()}}}}


def parse_body(schema: type[S], request: HttpRequest) -> S:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None  # not JSON: the schema says so below
    check_json(data)
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as exc:
        raise NinjaValidationError([dict(e) for e in exc.errors(include_url=False)]) from None


def error_payload(exc: ValidationError) -> dict[str, Any]:
    """A Django ValidationError as the API's {"detail", "errors": {field: [messages]}} body."""
    if hasattr(exc, "error_dict"):
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        detail = _("Please correct the errors below.")
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
        detail = str(exc.messages[0]) if exc.messages else _("Please correct the errors below.")
    return {"detail": detail, "errors": fields}


class InputParser(Parser):
    """django-ninja's JSON parser, refusing (422, by field) control characters and integers past 64 bits
    anywhere in a body before any schema or service sees them (spcp.common.inputs)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        check_json(data)
        return data


def check_json(data: object) -> None:
    if errors := inputs.json_errors(data, ("body",)):
        raise NinjaValidationError(errors)
