"""Request and response bodies of the evaluation API."""

from __future__ import annotations

from uuid import UUID

from ninja import Schema
from pydantic import Field

from spcp.common.api import Int64


class SurveyResponseIn(Schema):
    client_token: UUID
    role: str = Field("", max_length=20)
    years: str = Field("", max_length=10)
    helped_plan: bool | None = None
    answers: dict[str, Int64 | None] = Field(default_factory=dict)
    comment: str = Field("", max_length=2000)
    contact: str = Field("", max_length=200)
    language: str | None = Field(None, max_length=10)  # defaults to the request's language (Accept-Language)


class SurveyResponseOut(Schema):
    created: bool
    detail: str


class ChoiceOut(Schema):
    value: int
    label: str


class SurveyItemOut(Schema):
    code: str
    question: str
    choices: list[ChoiceOut]


class SurveyOut(Schema):
    code: str
    title: str
    program: str
    wave: str
    is_open: bool
    anonymous: bool
    asks_background: bool
    items: list[SurveyItemOut]
