"""The service registration of one case (售后服务登记表, form SL-F-01) as its printed document
reads it, in the same number of queries however many readings, photos or events it has
(docs/decisions/0016-printed-documents.md).

Staff read it through the case page's scoping (`cases_for`), the portal through its own
customer's cases (`portal_cases`), and another office's or customer's case answers 404.
The portal's copy leaves out what stays inside the office, as its case page does: the
engineer's findings, the SLA figures and the notes written on the case's moves.
"""

import base64
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import User
from serviceloop.equipment.selectors import DayCoverage, coverage_at

from ..models import Attachment, Case, CaseEvent, Reading, Visit
from .cases import cases_for, portal_cases

# What the registration prints of a case, besides the case itself.
RELATED = (
    "customer",
    "customer__province",
    "customer__city",
    "customer__district",
    "site",
    "site__province",
    "site__city",
    "site__district",
    "unit",
    "unit__model",
    "reporter",
    "assignee",
    "opened_by",
    "sla_policy",
    "office",
)
# The state history: the case opened, then every move between states.
HISTORY_KINDS = (CaseEvent.Kind.OPENED, CaseEvent.Kind.TRANSITION)


@dataclass(frozen=True)
class ReadingLine:
    reading: Reading
    # The value without the stored trailing zeros (12.5, not 12.500).
    value: Decimal | None


@dataclass(frozen=True)
class Photo:
    """A photo's thumbnail as a data: URI (WeasyPrint fetches nothing else), or a video's
    name: a document carries no video."""

    attachment: Attachment
    uri: str
    name: str


@dataclass(frozen=True)
class CaseRegistration:
    case: Case
    address: str
    coverage: DayCoverage | None
    readings: list[ReadingLine]
    photos: list[Photo]
    visits: QuerySet[Visit]
    history: QuerySet[CaseEvent]
    # Findings, SLA figures and notes on the moves: the office's copy only.
    internal: bool

    def as_context(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def case_registration(user: User, pk: int) -> CaseRegistration:
    """The registration of case `pk` as the staff case page shows it (404 when not visible)."""
    case = get_object_or_404(cases_for(user).select_related(*RELATED), pk=pk)
    return _registration(case, internal=True)


def portal_case_registration(user: User, pk: int) -> CaseRegistration:
    """The registration of one of the portal user's own customer's cases (404 for any other)."""
    case = get_object_or_404(portal_cases(user).select_related(*RELATED), pk=pk)
    return _registration(case, internal=False)


def _registration(case: Case, *, internal: bool) -> CaseRegistration:
    history = case.events.filter(kind__in=HISTORY_KINDS).select_related("actor")
    return CaseRegistration(
        case=case,
        address=_address(case),
        coverage=coverage_at(case.unit, case.opened_at, office=case.office) if case.unit else None,
        readings=[ReadingLine(reading, _plain(reading.value)) for reading in case.readings.all()],
        photos=[_photo(attachment) for attachment in case.attachments.all()],
        visits=case.visits.prefetch_related("engineers"),
        history=history,
        internal=internal,
    )


def _address(case: Case) -> str:
    """The site's address, or the customer's when the case names no site."""
    place = case.site or case.customer
    region = "".join(str(part) for part in (place.province, place.city, place.district) if part)
    return " ".join(part for part in (region, place.address) if part)


def _plain(value: Decimal | None) -> Decimal | None:
    return value.normalize() if value is not None else None


def _photo(attachment: Attachment) -> Photo:
    name = PurePosixPath(attachment.original.name or "").name
    if attachment.kind != Attachment.Kind.IMAGE or not attachment.thumbnail:
        return Photo(attachment, "", name)
    try:
        with attachment.thumbnail.open("rb") as stored:
            data = stored.read()
    except OSError:  # a file lost from storage: the document still prints, without it
        return Photo(attachment, "", name)
    return Photo(attachment, "data:image/jpeg;base64," + base64.b64encode(data).decode(), name)
