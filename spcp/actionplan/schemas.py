"""Request and response shapes of the action plan API."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field

from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanIssue, PlanStrength
from spcp.common.api import PatchIn


class TextOut(Schema):
    text: str
    language: str


class PlanStepOut(Schema):
    id: int
    description: str
    language: str
    responsible_party: str
    responsible_person: str
    responsible_email: str | None  # only for those who may edit the plan
    partners: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    resources: str
    measure: str
    day_timing: str
    weight: int
    status: str
    percent: int

    @staticmethod
    def of(step: ActionStep, *, with_email: bool) -> PlanStepOut:
        return PlanStepOut(
            id=step.pk,
            description=step.description,
            language=step.language,
            responsible_party=step.responsible_party,
            responsible_person=step.responsible_person,
            responsible_email=step.responsible_email if with_email else None,
            partners=step.partners,
            start_date=step.start_date,
            due_date=step.due_date,
            resources=step.resources,
            measure=step.measure,
            day_timing=step.day_timing,
            weight=step.weight,
            status=step.status,
            percent=step.percent,
        )


class PlanItemOut(Schema):
    id: int
    issue_id: int | None
    title: str
    language: str
    weight: int
    support: dict[str, Any]
    steps: list[PlanStepOut]

    @staticmethod
    def of(item: ActionItem, *, with_email: bool) -> PlanItemOut:
        return PlanItemOut(
            id=item.pk,
            issue_id=item.issue_id,
            title=item.title,
            language=item.language,
            weight=item.weight,
            support=item.support,
            steps=[PlanStepOut.of(s, with_email=with_email) for s in item.steps.all()],
        )


class IssueOut(Schema):
    id: int
    text: str
    language: str
    dots: int
    sources: list[dict[str, Any]]
    items: list[PlanItemOut]


class PlanOut(Schema):
    id: int
    program_id: int
    title: str
    introduction: str
    language: str
    status: str
    version: int
    published_version: int | None
    published_at: datetime.datetime | None
    public_progress: bool
    strengths: list[TextOut]
    issues: list[IssueOut]
    unassigned: list[PlanItemOut]

    @staticmethod
    def of(
        plan: Plan,
        strengths: list[PlanStrength],
        issues: list[tuple[PlanIssue, list[ActionItem]]],
        unassigned: list[ActionItem],
        *,
        with_email: bool,
    ) -> PlanOut:
        return PlanOut(
            id=plan.pk,
            program_id=plan.program_id,
            title=plan.title,
            introduction=plan.introduction,
            language=plan.language,
            status=plan.status,
            version=plan.version,
            published_version=plan.published_version,
            published_at=plan.published_at,
            public_progress=plan.public_progress,
            strengths=[TextOut(text=s.text, language=s.language) for s in strengths],
            issues=[
                IssueOut(
                    id=issue.pk,
                    text=issue.text,
                    language=issue.language,
                    dots=issue.dots,
                    sources=list(issue.sources or []),
                    items=[PlanItemOut.of(i, with_email=with_email) for i in items],
                )
                for issue, items in issues
            ],
            unassigned=[PlanItemOut.of(i, with_email=with_email) for i in unassigned],
        )


class PlanStepIn(Schema):
    description: str = Field(min_length=1, max_length=800)
    language: str = Field(min_length=2, max_length=10)
    responsible_party: str = Field(min_length=1, max_length=200)
    responsible_person: str = Field(default="", max_length=150)
    responsible_email: str = Field(default="", max_length=254)
    partners: str = Field(default="", max_length=300)
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
    resources: str = Field(default="", max_length=800)
    measure: str = Field(default="", max_length=800)
    weight: int = Field(default=1, ge=1, le=100)
    client_token: uuid.UUID


class StepPatch(PatchIn):
    """Change a step's dates or responsible party; fields left out stay as they are."""

    responsible_party: str | None = Field(default=None, min_length=1, max_length=200)
    responsible_person: str | None = Field(default=None, max_length=150)
    partners: str | None = Field(default=None, max_length=300)
    start_date: datetime.date | None = None
    due_date: datetime.date | None = None
