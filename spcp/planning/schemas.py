from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from spcp.common.api import Int64, PatchIn
from spcp.planning.models import Invitation, Rsvp, Sector, Task, TaskCategory, TaskStatus
from spcp.planning.selectors import Balance, Coverage, SectorCoverage
from spcp.programs.models import Language


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class TaskOut(Schema):
    id: int
    key: str
    title: str
    custom_title: str
    category: str
    category_label: str
    owner_id: int | None
    owner_name: str | None
    due_date: datetime.date | None
    status: str
    status_label: str
    notes: str
    sector_id: int | None

    @staticmethod
    def of(task: Task) -> TaskOut:
        return TaskOut(
            id=task.pk,
            key=task.key,
            title=task.display_title,
            custom_title=task.title,
            category=task.category,
            category_label=str(task.get_category_display()),
            owner_id=task.owner_id,
            owner_name=task.owner.name if task.owner else None,
            due_date=task.due_date,
            status=task.status,
            status_label=str(task.get_status_display()),
            notes=task.notes,
            sector_id=task.sector_id,
        )


class TaskIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    category: TaskCategory = TaskCategory.OTHER
    owner_id: Int64 | None = None
    due_date: datetime.date | None = None
    status: TaskStatus = TaskStatus.TODO
    notes: str = Field("", max_length=5000)
    sector_id: Int64 | None = None


class TaskPatch(PatchIn):
    """Only the fields sent are changed; `title` applies to the group's own tasks, not seeded ones."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    category: TaskCategory | None = None
    owner_id: Int64 | None = None
    due_date: datetime.date | None = None
    status: TaskStatus | None = None
    notes: str | None = Field(default=None, max_length=5000)
    sector_id: Int64 | None = None


class InvitationOut(Schema):
    id: int
    name: str
    organization: str
    sector_id: int
    sector: str
    side: str
    email: str
    phone: str
    language: str
    accessibility_needs: str
    rsvp: str
    rsvp_label: str
    notes: str

    @staticmethod
    def of(invitation: Invitation) -> InvitationOut:
        return InvitationOut(
            id=invitation.pk,
            name=invitation.name,
            organization=invitation.organisation,
            sector_id=invitation.sector_id,
            sector=invitation.sector.display_name,
            side=invitation.sector.kind,
            email=invitation.email,
            phone=invitation.phone,
            language=invitation.language,
            accessibility_needs=invitation.accessibility_needs,
            rsvp=invitation.rsvp,
            rsvp_label=str(invitation.get_rsvp_display()),
            notes=invitation.notes,
        )


class InvitationIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    sector_id: Int64
    organization: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    language: Language | None = None
    accessibility_needs: str = Field("", max_length=2000)
    rsvp: Rsvp = Rsvp.PENDING
    notes: str = Field("", max_length=5000)


class RsvpIn(Schema):
    rsvp: Rsvp


class SectorOut(Schema):
    id: int
    name: str = Field(description="In the request's language, or in another one when it has no name there yet")
    name_language: str = Field(description="The language code of `name`")
    key: str = Field(description="A standard sector's key (the same in every language); empty for a custom sector")
    names: dict[str, str] = Field(description="Its names by language code (all five for a standard sector)")
    kind: str

    @staticmethod
    def fields_of(sector: Sector) -> dict[str, Any]:
        shown = sector.localized_name()
        return {
            "id": sector.pk,
            "name": shown.text,
            "name_language": shown.language,
            "key": sector.key,
            "names": sector.all_names,
            "kind": sector.kind,
        }


class SectorCoverageOut(SectorOut):
    invited: int
    yes: int
    no: int
    maybe: int
    pending: int
    nobody_invited: bool
    nobody_confirmed: bool

    @staticmethod
    def of(row: SectorCoverage) -> SectorCoverageOut:
        return SectorCoverageOut(
            **SectorOut.fields_of(row.sector),
            invited=row.invited,
            yes=row.yes,
            no=row.no,
            maybe=row.maybe,
            pending=row.pending,
            nobody_invited=row.nobody_invited,
            nobody_confirmed=row.nobody_confirmed,
        )


class BalanceOut(Schema):
    law_enforcement: int
    community: int
    total: int
    law_enforcement_percent: int
    community_percent: int

    @staticmethod
    def of(balance: Balance) -> BalanceOut:
        return BalanceOut(
            law_enforcement=balance.law_enforcement,
            community=balance.community,
            total=balance.total,
            law_enforcement_percent=balance.law_enforcement_percent,
            community_percent=balance.community_percent,
        )


class LanguageNeedOut(Schema):
    code: str
    label: str
    expected: int
    confirmed: int


class AccessibilityNeedOut(Schema):
    invitation_id: int
    name: str
    sector: str
    rsvp: str
    needs: str


class CoverageOut(Schema):
    sectors: list[SectorCoverageOut]
    invited: BalanceOut
    confirmed: BalanceOut
    languages: list[LanguageNeedOut]
    accessibility: list[AccessibilityNeedOut]
    flagged_sector_ids: list[int]

    @staticmethod
    def of(coverage: Coverage) -> CoverageOut:
        return CoverageOut(
            sectors=[SectorCoverageOut.of(row) for row in coverage.sectors],
            invited=BalanceOut.of(coverage.invited),
            confirmed=BalanceOut.of(coverage.confirmed),
            languages=[
                LanguageNeedOut(code=n.code, label=n.label, expected=n.expected, confirmed=n.confirmed)
                for n in coverage.languages
            ],
            accessibility=[
                AccessibilityNeedOut(
                    invitation_id=i.pk,
                    name=i.name,
                    sector=i.sector.display_name,
                    rsvp=i.rsvp,
                    needs=i.accessibility_needs,
                )
                for i in coverage.accessibility
            ],
            flagged_sector_ids=[row.sector.pk for row in coverage.flagged_sectors],
        )
