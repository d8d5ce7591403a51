"""Importing the invitation list from a CSV file: every row checked and shown first, nothing saved until confirmed.

The planning group usually keeps its list in a spreadsheet. `invitations_import_check` reads the file and says,
row by row, what would happen: added, already on the list (skipped), or refused with the reason. Only
`invitations_import` writes, and only when no row is refused. A row is "already on the list" when its email
(or, without an email, its name and sector) matches an invitation, so importing the same file twice adds
nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.common.csv_export import MAX_READ_BYTES, read_csv
from spcp.common.inputs import character_code, control_character_message, forbidden_character
from spcp.planning.models import Invitation, Rsvp, Sector
from spcp.planning.services._common import _ensure_editable
from spcp.programs.models import Language, Program
from spcp.programs.services import audit_record

# Column headings accepted for each field (compared without case or surrounding spaces), English and Korean.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "이름", "성명"),
    "sector": ("sector", "부문"),
    "organisation": ("organization", "organisation", "소속", "기관"),
    "email": ("email", "e-mail", "email address", "이메일"),
    "phone": ("phone", "phone number", "telephone", "전화", "전화번호"),
    "language": ("language", "language needed", "언어", "필요 언어"),
    "accessibility_needs": ("accessibility needs", "accessibility", "접근성 요구", "편의 제공"),
    "notes": ("notes", "note", "메모", "비고"),
}
MAX_IMPORT_BYTES = MAX_READ_BYTES
LIMITS = {"name": 150, "organisation": 200, "email": 254, "phone": 40, "accessibility_needs": 2000, "notes": 2000}


class RowStatus:
    NEW = "new"
    EXISTING = "existing"
    INVALID = "invalid"


@dataclass(frozen=True)
class ImportRow:
    """One data row of the file: its line number, its values, and what importing it would do."""

    line: int
    values: dict[str, str]
    sector: Sector | None
    language: str
    status: str
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportCheck:
    """The whole file, checked: problems with the file itself, then each row."""

    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new(self) -> int:
        return self.count(RowStatus.NEW)

    @property
    def existing(self) -> int:
        return self.count(RowStatus.EXISTING)

    @property
    def invalid(self) -> int:
        return self.count(RowStatus.INVALID)

    @property
    def importable(self) -> bool:
        return not self.file_errors and not self.invalid and self.new > 0


def _heading_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    for index, heading in enumerate(header):
        key = " ".join(heading.casefold().split())
        for fieldname, names in COLUMNS.items():
            if key in names and fieldname not in found:
                found[fieldname] = index
    errors = []
    if "name" not in found:
        errors.append(_("The first row must name the columns, with one called “name”."))
    if "sector" not in found:
        errors.append(_("The first row must name the columns, with one called “sector”."))
    return found, errors


def _sector_lookup(program: Program) -> dict[str, Sector]:
    lookup: dict[str, Sector] = {}
    for sector in Sector.objects.filter(program=program).order_by("order", "pk"):
        for label in (sector.name, sector.display_name):
            lookup.setdefault(" ".join(str(label).casefold().split()), sector)
    return lookup


def _language_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for code, label in Language.choices:
        lookup[code.casefold()] = code
        lookup[str(label).casefold()] = code
    return lookup


def _check_row(
    line: int,
    values: dict[str, str],
    *,
    sectors: dict[str, Sector],
    languages: dict[str, str],
    emails: set[str],
    names: set[tuple[str, int]],
) -> ImportRow:
    errors: list[str] = []
    for fieldname, value in values.items():
        bad = forbidden_character(value)
        if bad is not None:
            errors.append(control_character_message(character_code(bad)))
        limit = LIMITS.get(fieldname)
        if limit is not None and len(value) > limit:
            errors.append(_("“%(column)s” is longer than %(max)d characters.") % {"column": fieldname, "max": limit})
    name = " ".join(values.get("name", "").split())
    if not name:
        errors.append(_("The name is missing."))
    sector = sectors.get(" ".join(values.get("sector", "").casefold().split()))
    if sector is None:
        if values.get("sector"):
            errors.append(_("There is no sector called “%(sector)s” in this program.") % {"sector": values["sector"]})
        else:
            errors.append(_("The sector is missing."))
    email = values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("“%(email)s” is not a valid email address.") % {"email": email})
    language = ""
    if values.get("language"):
        language = languages.get(values["language"].casefold(), "")
        if not language:
            errors.append(_("“%(language)s” is not one of the listed languages.") % {"language": values["language"]})
    if errors:
        return ImportRow(line, values, sector, language, RowStatus.INVALID, tuple(errors))
    assert sector is not None
    key_email = email.casefold()
    key_name = (name.casefold(), sector.pk)
    if (key_email and key_email in emails) or (not key_email and key_name in names):
        return ImportRow(line, values, sector, language, RowStatus.EXISTING)
    if key_email:
        emails.add(key_email)
    names.add(key_name)
    return ImportRow(line, values, sector, language, RowStatus.NEW)


def invitations_import_check(*, program: Program, data: bytes) -> ImportCheck:
    """Read an uploaded CSV of invitees and say what importing it would do, row by row (writes nothing)."""
    try:
        table = read_csv(data)
    except ValidationError as exc:
        return ImportCheck(file_errors=list(exc.messages))
    if not table:
        return ImportCheck(file_errors=[_("The file is empty.")])
    columns, errors = _heading_map(table[0])
    if errors:
        return ImportCheck(file_errors=errors)
    existing = Invitation.objects.filter(program=program).values_list("email", "name", "sector_id")
    emails = {email.casefold() for email, _name, _sector in existing if email}
    names = {(" ".join(name.split()).casefold(), sector) for email, name, sector in existing if not email}
    sectors, languages = _sector_lookup(program), _language_lookup()
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        values = {f: (cells[i] if i < len(cells) else "") for f, i in columns.items()}
        rows.append(_check_row(line, values, sectors=sectors, languages=languages, emails=emails, names=names))
    if not rows:
        return ImportCheck(file_errors=[_("The file has column names but no people.")])
    return ImportCheck(rows=rows)


@transaction.atomic
def invitations_import(*, actor: User, program: Program, data: bytes) -> ImportCheck:
    """Add every new person of a checked CSV to the invitation list; refuses the whole file if any row is refused.

    Idempotent: people already on the list (by email, or by name and sector) are skipped.
    """
    _ensure_editable(program)
    check = invitations_import_check(program=program, data=data)
    if check.file_errors:
        raise ValidationError(check.file_errors)
    if check.invalid:
        raise ValidationError(_("Fix the rows marked with a problem in the file, then upload it again."))
    created = [
        Invitation(
            program=program,
            name=" ".join(row.values.get("name", "").split()),
            organisation=row.values.get("organisation", ""),
            sector=row.sector,
            email=row.values.get("email", ""),
            phone=row.values.get("phone", ""),
            language=row.language,
            accessibility_needs=row.values.get("accessibility_needs", ""),
            notes=row.values.get("notes", ""),
            rsvp=Rsvp.PENDING,
        )
        for row in check.rows
        if row.status == RowStatus.NEW
    ]
    try:
        with transaction.atomic():
            Invitation.objects.bulk_create(created)
    except IntegrityError:  # the same file imported at the same moment from another tab: the first one won
        raise ValidationError(
            _("Someone imported these people a moment ago. Upload the file again to check.")
        ) from None
    if created:
        audit_record(
            actor=actor,
            program=program,
            action="planning.invitations_imported",
            changes={"added": (None, len(created)), "skipped": (None, check.existing)},
        )
    return check
