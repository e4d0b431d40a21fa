"""A case's sheet: everything its page shows, read in one place, with the sections later apps
add through the panels (docs/decisions/0014-the-seam-on-the-case.md). The staff and portal
case views only add their forms and render.

The sheets take the request, not only the user: the panels get it, as a panel may show its
own form again after a refused post (decision 0013). Every read is scoped by its user.
"""

from dataclasses import dataclass, fields
from typing import Any, cast

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from serviceloop.accounts.models import Role, User
from serviceloop.core.extensions import Panel

from .. import extensions
from ..models import Attachment, Case, CaseEvent, InfoRequest, Quote, Reading, RepairReport, Visit
from ..permissions import DISPATCHING_ROLES, QUOTE_WRITERS, RECORDERS
from ..services import cases_transitions
from ..services.charges_pricing import CaseCover, Totals
from ..services.diagnosis import may_diagnose
from ..services.visits import MOVE_TO_VISIT
from . import charges
from .cases import case_for, portal_cases, readings_of, timeline
from .visits import Suggestion, suggest_engineers


@dataclass(frozen=True)
class Sheet:
    def as_context(self) -> dict[str, Any]:
        """The sheet's fields as a template's context (querysets stay lazy)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True)
class CaseSheet(Sheet):
    """The staff case page: the case, what was done on it, what the user may do next."""

    case: Case
    moves: list[str]
    timeline: QuerySet[CaseEvent]
    readings: QuerySet[Reading]
    visits: QuerySet[Visit]
    attachments: QuerySet[Attachment]
    info_requests: QuerySet[InfoRequest]
    suggestions: list[Suggestion]
    cover: CaseCover
    quotes: list[tuple[Quote, Totals]]
    visit_refusal: str | None
    statement: Totals | None
    may_write: bool
    may_dispatch: bool
    may_diagnose: bool
    may_quote: bool
    may_record_order: bool
    panels: list[Panel]


def case_sheet(request: HttpRequest, pk: int) -> CaseSheet:
    """The case `pk` as `request.user` sees it (404 when not visible)."""
    user = cast(User, request.user)
    case = case_for(user, pk)
    actors = cases_transitions.actors_of(user, case)
    may_dispatch = user.role in DISPATCHING_ROLES and (
        case.state == Case.State.VISIT_SCHEDULED or case.state in MOVE_TO_VISIT
    )
    quotes = list(case.quotes.select_related("created_by").prefetch_related("lines"))
    cover = charges.cover_of(case)
    return CaseSheet(
        case=case,
        moves=cases_transitions.allowed_for(user, case),
        timeline=timeline(case),
        readings=readings_of(case),
        visits=case.visits.prefetch_related("engineers"),
        attachments=case.attachments.all(),
        info_requests=case.info_requests.select_related("requested_by"),
        # Ranking engineers costs queries: only for who can dispatch, when a visit can be planned.
        suggestions=suggest_engineers(case, timezone.localdate())[:3] if may_dispatch else [],
        cover=cover,
        quotes=[(quote, charges.quote_totals(quote)) for quote in quotes],
        visit_refusal=charges.visit_refusal(case, quotes=quotes, cover=cover)
        if case.is_open
        else None,
        statement=charges.statement(case, quotes=quotes, cover=cover),
        may_write=bool(actors) or user.role == Role.ENGINEER,
        may_dispatch=may_dispatch,
        may_diagnose=case.is_open and may_diagnose(user, case),
        may_quote=case.is_open and bool(actors & QUOTE_WRITERS),
        may_record_order=bool(actors & RECORDERS),
        panels=extensions.case_panels.panels(request=request, case=case),
    )


@dataclass(frozen=True)
class PortalCaseSheet(Sheet):
    """The customer's case page: where it stands, visits, photos, quotes and signed reports.
    Internal notes and the engineer's findings stay inside the office."""

    case: Case
    visits: QuerySet[Visit]
    attachments: QuerySet[Attachment]
    quotes: list[tuple[Quote, Totals]]
    reports: QuerySet[RepairReport]
    open_requests: QuerySet[InfoRequest]
    panels: list[Panel]


def portal_case_sheet(request: HttpRequest, pk: int) -> PortalCaseSheet:
    """The case `pk` of the portal user's own customer (404 for any other)."""
    case = get_object_or_404(portal_cases(cast(User, request.user)), pk=pk)
    quotes = case.quotes.prefetch_related("lines").exclude(state=Quote.State.DRAFT)
    return PortalCaseSheet(
        case=case,
        visits=case.visits.prefetch_related("engineers"),
        attachments=case.attachments.all(),
        quotes=[(quote, charges.quote_totals(quote)) for quote in quotes],
        reports=case.reports.filter(engineer_signed_at__isnull=False),
        open_requests=case.info_requests.filter(answered_at__isnull=True),
        panels=extensions.portal_case_panels.panels(request=request, case=case),
    )
