"""What drives satisfaction: the service each customer was given in the 12 months before the
campaign against its satisfaction, Spearman's rho per figure, checked against ranks
computed by hand.

The world: eight customers, one respondent each, A1 at 5 5 4 4 3 3 2 1 (satisfaction 100
100 75 75 50 50 25 0; its ranks, ties at the mean: 7.5 7.5 5.5 5.5 3.5 3.5 2 1, mean 4.5,
Σd² = 40.5).
- First response 1…8 hours (ranks 1…8, Σd² = 42): Σd·d = −40.5, so
  rho = −40.5 / √(42 × 40.5) = −√(40.5 / 42) = −0.98198.
- Time to restore 5 3 8 1 7 2 6 4 hours: Σd·d = −5, rho = −5 / √(42 × 40.5) = −0.12123.
- Days waiting for parts 0 0 0 0 0 0 2 4 (ranks 3.5 ×6, 7, 8; Σd² = 24.5): Σd·d = −24.5,
  rho = −√(24.5 / 40.5) = −0.77778.
- On site: five customers only, below the minimum of 8; first-time fix: no visits at all.
"""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.service.models import Case, CaseEvent
from serviceloop.service.testing import make_case
from serviceloop.surveys.selectors.drivers import (
    MIN_CUSTOMERS,
    CustomerRow,
    correlate,
    drivers,
    parts_waiting_days,
)

from .answer_world import recorded
from .campaign_world import draft, short_questionnaire

OPENS = date(2026, 11, 1)
SCORES = [5, 5, 4, 4, 3, 3, 2, 1]
FIRST_RESPONSE = [1, 2, 3, 4, 5, 6, 7, 8]
RESTORE = [5, 3, 8, 1, 7, 2, 6, 4]
PARTS_DAYS = [0, 0, 0, 0, 0, 0, 2, 4]


def _at(day: date, hours: float = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9)) + timedelta(hours=hours)


def _waited(case, start: datetime, end: datetime | None) -> None:
    CaseEvent.objects.create(
        case=case,
        kind="transition",
        at=start,
        data={"source": "on_site", "target": "waiting_parts"},
    )
    if end is not None:
        CaseEvent.objects.create(
            case=case,
            kind="transition",
            at=end,
            data={"source": "waiting_parts", "target": "on_site"},
        )


@pytest.fixture
def world(shanghai, users):
    version = short_questionnaire("drivers")
    campaign = draft(users[Role.MANAGER], version, opens_on=OPENS)
    opened = date(2026, 6, 1)
    for index, score in enumerate(SCORES):
        customer = make_customer(shanghai, f"C-D{index}", f"客户{index}")
        recorded(
            users[Role.COORDINATOR],
            version,
            customer,
            name=f"受访者{index}",
            scores={"A1": score},
            campaign=campaign,
        )
        case = make_case(
            shanghai,
            customer=customer,
            opened_by=users[Role.COORDINATOR],
            opened_at=_at(opened),
            first_response_at=_at(opened, FIRST_RESPONSE[index]),
            resolved_at=_at(opened, RESTORE[index]),
            on_site_at=_at(opened, 3) if index < 5 else None,
        )
        if PARTS_DAYS[index] == 2:
            _waited(case, _at(opened, 1), _at(opened, 1 + 48))
        if PARTS_DAYS[index] == 4:
            # Still waiting when the campaign opened: counted up to the window's end.
            _waited(case, _at(OPENS) - timedelta(hours=9 + 96), None)
        if index == 0:
            # Thirteen months before the campaign: outside the window, it changes nothing.
            make_case(
                shanghai,
                customer=customer,
                opened_by=users[Role.COORDINATOR],
                opened_at=_at(OPENS - timedelta(days=400)),
                first_response_at=_at(OPENS - timedelta(days=400), 100),
            )
            # Cancelled: left out.
            make_case(
                shanghai,
                customer=customer,
                state=Case.State.CANCELLED,
                opened_by=users[Role.COORDINATOR],
                opened_at=_at(opened),
                first_response_at=_at(opened, 500),
            )
    return campaign


@pytest.mark.django_db
def test_each_figure_is_correlated_with_satisfaction_as_computed_by_hand(users, world):
    result = drivers(world, users[Role.MANAGER])
    by_code = {driver.figure.code: driver for driver in result.drivers}
    assert (result.since, result.until, result.customers) == (OPENS - timedelta(days=365), OPENS, 8)
    assert by_code["first_response"].rho == pytest.approx(-((40.5 / 42) ** 0.5))
    assert by_code["restore"].rho == pytest.approx(-5 / (42 * 40.5) ** 0.5)
    assert by_code["parts_wait"].rho == pytest.approx(-((24.5 / 40.5) ** 0.5))
    assert by_code["parts_wait"].mean == pytest.approx(6 / 8)
    assert by_code["first_response"].mean == pytest.approx(4.5)
    assert [by_code[code].n for code in ("first_response", "on_site", "first_time_fix")] == [
        8,
        5,
        0,
    ]


@pytest.mark.django_db
def test_the_figures_are_ranked_by_the_size_of_rho_and_too_few_customers_read_so(users, world):
    result = drivers(world, users[Role.MANAGER])
    assert [d.figure.code for d in result.ranked] == ["first_response", "parts_wait", "restore"]
    assert result.strongest.figure.code == "first_response"
    on_site = next(d for d in result.drivers if d.figure.code == "on_site")
    assert (on_site.enough, on_site.rho, on_site.rank) == (False, None, None)
    assert str(MIN_CUSTOMERS) in on_site.reading


@pytest.mark.django_db
def test_the_drivers_page_states_the_method_and_the_numbers(client, users, world):
    client.force_login(users[Role.MANAGER])
    response = client.get(reverse("surveys:campaign_drivers", args=[world.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="drivers-method"' in html
    assert "-0.98" in html or "-0,98" in html
    strongest = response.context["result"].strongest
    assert str(strongest.figure.label) in html


def _rows(pairs, code="first_time_fix"):
    return [CustomerRow(pk, sat, {code: value}) for pk, (value, sat) in enumerate(pairs)]


def test_below_eight_customers_there_is_not_enough_data():
    found = correlate(_rows([(x, 10.0 * x) for x in range(7)]))
    fix = next(d for d in found if d.figure.code == "first_time_fix")
    assert (fix.n, fix.enough, fix.rho) == (7, False, None)


def test_a_better_first_time_fix_with_more_satisfaction_reads_so():
    found = correlate(_rows([(x, 10.0 * x) for x in range(8)]))
    fix = next(d for d in found if d.figure.code == "first_time_fix")
    assert fix.rho == pytest.approx(1.0) and fix.rank == 1
    said = gettext("The better this figure, the more satisfied the customers (a %(word)s link).")
    assert fix.reading == said % {"word": gettext("strong")}


def test_a_figure_the_same_for_everyone_has_no_rho():
    found = correlate(_rows([(50.0, 10.0 * x) for x in range(8)]))
    fix = next(d for d in found if d.figure.code == "first_time_fix")
    assert fix.enough and fix.rho is None and fix.rank is None


@pytest.mark.django_db
def test_a_wait_for_parts_is_counted_from_going_in_to_coming_out(shanghai, users):
    case = make_case(shanghai, opened_by=users[Role.COORDINATOR])
    start = _at(date(2026, 5, 1))
    _waited(case, start, start + timedelta(days=1, hours=12))
    _waited(case, start + timedelta(days=3), start + timedelta(days=4))
    assert parts_waiting_days([case.pk], _at(date(2026, 11, 1))) == {case.pk: pytest.approx(2.5)}
