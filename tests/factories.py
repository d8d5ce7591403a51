"""Plain factory functions for background data. Tests state what matters and let these fill the rest."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from spcp.accounts.models import Role, User
from spcp.offices.models import Region, State
from spcp.programs import services as program_services
from spcp.programs.models import MembershipRole, Program, ProgramType, Trigger

ROOT = Path(__file__).resolve().parents[1]
_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def user(role: str = Role.CONCILIATOR, region: Region | str | None = "southwest", **extra: Any) -> User:
    if isinstance(region, str):
        region = Region.objects.get(code=region)
    n = next(_seq)
    u = User.objects.create_user(
        username=extra.pop("username", f"{role}{n}"),
        password=extra.pop("password", PASSWORD),
        role=role,
        region=region if role in (Role.REGIONAL_DIRECTOR, Role.CONCILIATOR) else region if role == Role.ADMIN else None,
        first_name=extra.pop("first_name", role.replace("_", " ").title()),
        last_name=extra.pop("last_name", str(n)),
        **extra,
    )
    return u


def program(state: str = "TX", actor: User | None = None, **fields: Any) -> Program:
    defaults: dict[str, Any] = {
        "title": f"Program {next(_seq)}",
        "program_type": ProgramType.objects.get(code="spcp"),
        "city": "Springfield",
        "state": State.objects.select_related("region", "office").get(code=state),
        "trigger": Trigger.PROACTIVE,
        "expected_participants": 90,
        "expected_groups": 5,
    }
    defaults.update(fields)
    return program_services.program_create(actor=actor, **defaults)


def member(program_obj: Program, role: str = MembershipRole.PLANNING_MEMBER, **extra: Any) -> User:
    user_role = {
        MembershipRole.PLANNING_MEMBER: Role.PLANNING_MEMBER,
        MembershipRole.FACILITATOR: Role.FACILITATOR,
        MembershipRole.COUNCIL_MEMBER: Role.COUNCIL_MEMBER,
    }[MembershipRole(role)]
    u = user(role=user_role, region=None, **extra)
    program_obj.memberships.create(user=u, role=role)
    return u
