"""SLA deadlines of a case: the policy for its coverage and priority, on its office's calendar.

Clocks pause only while the case waits for the customer; waiting for parts is our delay.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from serviceloop.accounts.models import Office
from serviceloop.equipment.models import Contract
from serviceloop.equipment.selectors import coverage_at

from ..models import CalendarDay, Case, Pause, SlaPolicy
from ..selectors.sla import alert_moments
from ..tasks import check_case_clocks
from .sla_calendar import WorkingCalendar, calendar_for
from .sla_clocks import deadline

State = Case.State


def office_calendar(office: Office, years: list[int]) -> WorkingCalendar:
    """Public holidays of the office's country, and the days its manager entered (调休)."""
    days = CalendarDay.objects.filter(office=office, day__year__in=years)
    return calendar_for(
        time_zone=office.time_zone,
        country=office.country,
        years=years,
        extra_holidays=[d.day for d in days if d.kind == CalendarDay.Kind.DAY_OFF],
        make_up_days=[d.day for d in days if d.kind == CalendarDay.Kind.WORKING_DAY],
    )


def coverage_for(case: Case) -> str:
    """The policy's coverage: warranty, the contract's level, or none."""
    if case.unit is None:
        return SlaPolicy.Coverage.NONE
    coverage = coverage_at(case.unit, case.opened_at, office=case.office)
    if coverage.in_warranty:
        return SlaPolicy.Coverage.WARRANTY
    if coverage.under_contract:
        kinds = {contract.kind for contract in coverage.contracts}
        if Contract.Kind.PREMIUM in kinds:
            return SlaPolicy.Coverage.PREMIUM
        if Contract.Kind.BASIC in kinds:
            return SlaPolicy.Coverage.BASIC
        return SlaPolicy.Coverage.WARRANTY
    return SlaPolicy.Coverage.NONE


def _hours(value: Decimal | None) -> timedelta | None:
    return None if value is None else timedelta(hours=float(value))


def plan(case: Case) -> Case:
    """Chooses the case's policy and sets its three deadlines from the opening time."""
    policy = SlaPolicy.objects.filter(
        office_id=case.office_id, coverage=coverage_for(case), priority=case.priority
    ).first()
    case.sla_policy = policy
    if policy is None:
        case.first_response_due = case.on_site_due = case.restore_due = None
    else:
        _set_deadlines(case, policy)
    case.save(update_fields=["sla_policy", "first_response_due", "on_site_due", "restore_due"])
    schedule_checks(case)
    return case


def schedule_checks(case: Case) -> None:
    """Asks the worker to look at the case at each warning time and deadline (after commit,
    so nothing is scheduled for a case that was rolled back)."""
    now = timezone.now()
    moments = [moment for moment in alert_moments(case) if moment > now]

    def enqueue() -> None:
        for moment in moments:
            check_case_clocks.using(run_after=moment).enqueue(case.pk)

    transaction.on_commit(enqueue)


def _set_deadlines(case: Case, policy: SlaPolicy) -> None:
    year = timezone.localdate(case.opened_at).year
    calendar = office_calendar(case.office, [year, year + 1]) if policy.business_hours else None
    pauses = list(case.pauses.values_list("started_at", "ended_at")) if case.pk else []
    now = timezone.now()
    for field, hours in (
        ("first_response_due", policy.first_response_hours),
        ("on_site_due", policy.on_site_hours),
        ("restore_due", policy.restore_hours),
    ):
        target = _hours(hours)
        due = (
            None if target is None else deadline(calendar, case.opened_at, target, pauses, now=now)
        )
        setattr(case, field, due)


def on_state_change(case: Case, before: str) -> None:
    """Waiting for the customer opens a pause; leaving it ends the pause and moves the deadlines."""
    now = timezone.now()
    if case.state == State.WAITING_CUSTOMER and before != State.WAITING_CUSTOMER:
        Pause.objects.create(case=case, started_at=now)
    elif before == State.WAITING_CUSTOMER and case.state != State.WAITING_CUSTOMER:
        Pause.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
        if case.sla_policy is not None:
            _set_deadlines(case, case.sla_policy)
            case.save(update_fields=["first_response_due", "on_site_due", "restore_due"])
            schedule_checks(case)
