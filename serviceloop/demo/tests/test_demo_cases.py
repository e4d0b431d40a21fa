import re
import time
from collections import Counter

import pytest
from django.core.management import call_command

from serviceloop.service.models import Case, Complaint, RepairReport, Visit

State = Case.State
NUMBER = re.compile(r"^SR-(\d{4})-\d{6}$")


@pytest.fixture
def seeded(db):
    started = time.perf_counter()
    call_command("seed_demo")
    print(f"seed_demo took {time.perf_counter() - started:.1f} s")


def test_demo_cases_cover_every_state_with_reports_and_numbers(seeded):
    cases = list(Case.objects.values("pk", "number", "state", "opened_at"))
    assert 1300 <= len(cases) <= 1700
    states = Counter(case["state"] for case in cases)
    assert set(Case.OPEN_STATES) <= set(states)
    assert states[State.CLOSED] >= 0.7 * len(cases)
    numbers = [case["number"] for case in cases]
    assert len(set(numbers)) == len(numbers)
    assert all(NUMBER.match(number) for number in numbers)
    closed_with_visit = Case.objects.filter(state=State.CLOSED, visits__isnull=False).distinct()
    assert closed_with_visit.exists()
    signed = RepairReport.objects.filter(engineer_signed_at__isnull=False, customer_name__gt="")
    assert not closed_with_visit.exclude(reports__in=signed).exists()
    assert Visit.engineers.through.objects.count() >= Visit.objects.count()


def test_demo_complaints_come_from_unhappy_feedback_and_reseed_adds_nothing(seeded):
    complaints = list(Complaint.objects.select_related("feedback"))
    assert complaints
    assert all(c.feedback is not None and c.feedback.is_unhappy for c in complaints)
    assert any(c.state == Complaint.State.CLOSED for c in complaints)
    count = Case.objects.count()
    call_command("seed_demo")
    assert Case.objects.count() == count


def test_demo_reset_deletes_and_rebuilds_the_cases(seeded):
    call_command("seed_demo", reset=True)
    assert 1300 <= Case.objects.count() <= 1700


def test_demo_chargeable_visits_follow_an_approved_quote_and_diagnosis_asks_the_customer(seeded):
    from serviceloop.service.models import InfoRequest, Quote
    from serviceloop.service.selectors.charges import cover_of

    visited = Case.objects.filter(visits__isnull=False).distinct().select_related("unit")
    chargeable = [case for case in visited if cover_of(case).is_chargeable]
    assert len(chargeable) > 50
    approved = {
        quote.case_id: quote
        for quote in Quote.objects.filter(state=Quote.State.APPROVED, case__in=chargeable)
    }
    assert set(approved) == {case.pk for case in chargeable}
    for case in chargeable:
        dispatched = min(
            event.at
            for event in case.events.filter(kind="transition")
            if event.data.get("target") == State.VISIT_SCHEDULED
        )
        assert approved[case.pk].decided_at < dispatched
    waiting = Case.objects.filter(state=State.WAITING_CUSTOMER)
    assert InfoRequest.objects.filter(case__in=waiting, answered_at__isnull=True).exists()
    assert Case.objects.filter(remote_outcome=Case.RemoteOutcome.SOLVED).exists()
    assert Quote.objects.filter(state=Quote.State.SENT).exists()
