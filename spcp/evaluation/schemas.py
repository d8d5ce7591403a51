"""Request and response bodies of the evaluation API."""

from __future__ import annotations

from uuid import UUID

from ninja import Schema
from pydantic import Field


class SurveyResponseIn(Schema):
    client_token: UUID
    role: str = ""
    years: str = ""
    helped_plan: bool | None = None
    answers: dict[str, int | None] = Field(default_factory=dict)
    comment: str = ""
    contact: str = ""
    language: str | None = None  # defaults to the request's language (Accept-Language)


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
