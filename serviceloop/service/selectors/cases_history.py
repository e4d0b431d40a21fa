"""The unit's printed record file (客户设备记录档案表, form SL-F-05; decision 0016): its
data, contracts and whole history in time order: the record's own changes and moves, and
the service work on it (cases opened and resolved, visits, signed repair reports). Every
entry, no cap, in a fixed number of queries whatever the number of entries (the screen page
shows the latest ones). The office prints it from the unit's page, the customer from the
portal's."""

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.documents import DocumentForm
from serviceloop.core.history import history_entries
from serviceloop.equipment.extensions import unit_document_panels
from serviceloop.equipment.models import Unit
from serviceloop.equipment.selectors import contracts_of, coverage_of, moves_of, units_for

from ..models import Case, RepairReport, Visit
from .cases import cases_of, downtime_hours, portal_cases

UNIT_FILE = DocumentForm("SL-F-05", "客户设备记录档案表", gettext_lazy("Unit record file"))


@dataclass(frozen=True)
class UnitEvent:
    """One line of the unit's history: when, what happened, the case it belongs to (its
    number, or ""), what was written, and who did it."""

    when: datetime
    kind: str
    reference: str
    lines: list[str]
    who: str
    all_day: bool = False  # a move is dated by its day only


def _lines(*texts: str) -> list[str]:
    return [text for text in texts if text]


def _record_events(unit: Unit) -> list[UnitEvent]:
    """The record's changes: each says its new values (the old ones are the entries before
    it, all of them in the file)."""
    return [
        UnitEvent(
            when=entry.when,
            kind=capfirst(entry.kind),
            reference="",
            lines=[f"{capfirst(change.field)}: {change.new}" for change in entry.changes],
            who=entry.who,
        )
        for entry in history_entries(unit, limit=None)
    ]


def _move_events(unit: Unit) -> list[UnitEvent]:
    events = []
    for move in moves_of(unit):
        source = " / ".join(str(p) for p in (move.from_customer.name_zh, move.from_site) if p)
        target = " / ".join(str(p) for p in (move.to_customer.name_zh, move.to_site) if p)
        events.append(
            UnitEvent(
                when=timezone.make_aware(datetime.combine(move.moved_on, time(12))),
                kind=_("Moved"),
                reference="",
                lines=_lines(f"{source} → {target}", move.reason),
                who=str(move.moved_by) if move.moved_by else "",
                all_day=True,
            )
        )
    return events


def _case_events(cases: QuerySet[Case]) -> list[UnitEvent]:
    events = []
    for case in cases.select_related("opened_by", "assignee").order_by():
        heading = f"{case.get_kind_display()} · {case.priority} · {case.get_state_display()}"
        lines = _lines(heading, case.symptom)
        events.append(
            UnitEvent(case.opened_at, _("Case opened"), case.number, lines, str(case.opened_by))
        )
        if case.resolved_at:
            who = str(case.assignee) if case.assignee else ""
            lines = _lines(case.resolution)
            events.append(UnitEvent(case.resolved_at, _("Case resolved"), case.number, lines, who))
    return events


def _visit_events(cases: QuerySet[Case]) -> list[UnitEvent]:
    visits = (
        Visit.objects.filter(case__in=cases)
        .exclude(state=Visit.State.CANCELLED)
        .select_related("case")
        .prefetch_related("engineers")
    )
    return [
        UnitEvent(
            when=visit.arrived_at or visit.planned_start,
            kind=_("Visit"),
            reference=visit.case.number,
            lines=[str(visit.get_state_display())],
            who=", ".join(str(engineer) for engineer in visit.engineers.all()),
        )
        for visit in visits
    ]


def _report_events(cases: QuerySet[Case]) -> list[UnitEvent]:
    reports = RepairReport.objects.filter(
        case__in=cases, engineer_signed_at__isnull=False
    ).select_related("case", "engineer")
    return [
        UnitEvent(
            when=cast(datetime, report.engineer_signed_at),  # signed: filtered above
            kind=_("Repair report signed"),
            reference=report.case.number,
            lines=_lines(report.fault_found, report.actions),
            who=str(report.engineer),
        )
        for report in reports
    ]


def unit_history(unit: Unit, *, cases: QuerySet[Case], with_record: bool) -> list[UnitEvent]:
    """Oldest first. `cases`: the unit's cases the reader may see (the selector of the page
    that prints it). `with_record`: the record's changes and moves too, which stay inside
    the office (a move names the customer before; a change, internal notes)."""
    events = _case_events(cases) + _visit_events(cases) + _report_events(cases)
    if with_record:
        events += _record_events(unit) + _move_events(unit)
    return sorted(events, key=lambda event: event.when)


def unit_file(user: User, unit: Unit, *, for_customer: bool) -> dict[str, Any]:
    """What the record file prints of `unit` (fetched by the page's own selector,
    `equipment.selectors.unit_for`), as `user` may see it. `for_customer`: the portal's
    copy: the customer's own cases only, and nothing of the record's internal changes."""
    cases = portal_cases(user) if for_customer else cases_of(user)
    cases = cases.filter(unit=unit)
    return {
        "unit": unit,
        "coverage": coverage_of(unit, timezone.localdate()),
        "children": units_for(user).filter(parent=unit).select_related("model"),
        "contracts": contracts_of(user, unit),
        "history": unit_history(unit, cases=cases, with_record=not for_customer),
        "downtime": downtime_hours(cases),
        "panels": unit_document_panels.panels(unit=unit, for_customer=for_customer),
        "for_customer": for_customer,
    }
