from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import CalendarDay, Case, Pause, SlaPolicy
from serviceloop.service.services import cases as services
from serviceloop.service.services.sla import coverage_for

FRIDAY_4PM_SHANGHAI = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def _policy(office, coverage, priority, *, business=True, first="4", on_site="16", restore="36"):
    return SlaPolicy.objects.create(
        office=office,
        coverage=coverage,
        priority=priority,
        business_hours=business,
        first_response_hours=Decimal(first),
        on_site_hours=Decimal(on_site),
        restore_hours=Decimal(restore),
    )


def _open(users, customer, unit, priority="P2"):
    return services.open_case(
        by=users[Role.COORDINATOR],
        customer=customer,
        unit=unit,
        channel="phone",
        kind="breakdown",
        priority=priority,
        symptom="功率上不去",
    )


@pytest.mark.django_db
def test_a_warranty_case_gets_the_warranty_policy_in_business_hours(users, shanghai, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: FRIDAY_4PM_SHANGHAI)
    customer = make_customer(shanghai)
    unit = make_unit(customer, final_acceptance_date=date(2026, 6, 1))
    _policy(shanghai, SlaPolicy.Coverage.WARRANTY, "P2")
    case = _open(users, customer, unit)
    assert case.number == "SR-2026-000001"
    assert coverage_for(case) == SlaPolicy.Coverage.WARRANTY
    # Friday 16:00 + 4 working hours (08:30–17:30) = Monday 11:00 Shanghai = 03:00 UTC.
    assert case.first_response_due == datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_stopped_line_out_of_coverage_runs_day_and_night(users, shanghai, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: FRIDAY_4PM_SHANGHAI)
    customer = make_customer(shanghai)
    unit = make_unit(customer, final_acceptance_date=date(2015, 1, 1))
    _policy(shanghai, SlaPolicy.Coverage.NONE, "P1", business=False, first="2")
    case = _open(users, customer, unit, priority="P1")
    assert case.first_response_due == FRIDAY_4PM_SHANGHAI + timedelta(hours=2)


@pytest.mark.django_db
def test_a_make_up_saturday_entered_by_the_manager_counts_as_a_working_day(
    users, shanghai, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: FRIDAY_4PM_SHANGHAI)
    CalendarDay.objects.create(office=shanghai, day=date(2026, 11, 28), kind="working_day")
    customer = make_customer(shanghai)
    unit = make_unit(customer, final_acceptance_date=date(2026, 6, 1))
    _policy(shanghai, SlaPolicy.Coverage.WARRANTY, "P2")
    case = _open(users, customer, unit)
    # 1.5 h on Friday, 2.5 h on Saturday from 08:30: 11:00 Saturday = 03:00 UTC.
    assert case.first_response_due == datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_waiting_for_the_customer_pauses_the_clock_and_waiting_for_parts_does_not(
    users, shanghai, monkeypatch
):
    clock = {"now": FRIDAY_4PM_SHANGHAI}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    customer = make_customer(shanghai)
    unit = make_unit(customer, final_acceptance_date=date(2026, 6, 1))
    _policy(shanghai, SlaPolicy.Coverage.WARRANTY, "P2", restore="36")
    case = _open(users, customer, unit)
    case = services.triage_case(
        by=users[Role.COORDINATOR],
        case=case,
        version=case.version,
        priority="P2",
        kind="breakdown",
        assignee=users[Role.ENGINEER],
    )
    due = case.restore_due
    case = services.wait_for_parts(by=users[Role.ENGINEER], case=case, version=case.version)
    clock["now"] += timedelta(days=1)
    case = services.resume(by=users[Role.ENGINEER], case=case, version=case.version)
    assert case.restore_due == due  # parts are our delay
    case = services.wait_for_customer(by=users[Role.ENGINEER], case=case, version=case.version)
    clock["now"] = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)  # Tuesday 10:00 Shanghai
    pause_start = clock["now"]
    clock["now"] = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # Wednesday 10:00: 9 working hours later
    Pause.objects.filter(case=case).update(started_at=pause_start)
    case = services.resume(by=users[Role.ENGINEER], case=case, version=case.version)
    assert case.restore_due == due + timedelta(days=1)
    assert case.state == Case.State.TRIAGED
