"""Complaints from any source and the drivers of satisfaction (issue 23) run the same number
of SQL queries for few and for many rows: the complaint list (with time to close), the
manager's home (its open complaints), a response page offering complaints beside its low
answers, and a campaign's drivers page (customers, their cases and their timelines)."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.service.models import Complaint
from serviceloop.service.services.feedback_complaints import open_complaint
from serviceloop.service.testing import make_case
from serviceloop.surveys.models import Question, Section
from serviceloop.surveys.services.complaints import complaint_from_answer
from serviceloop.surveys.tests.answer_world import recorded
from serviceloop.surveys.tests.campaign_world import draft, short_questionnaire


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _complaints(manager, customer, count: int) -> None:
    for n in range(count):
        complaint = open_complaint(
            by=manager, customer=customer, source="phone", description=f"{n}"
        )
        if n % 2:
            Complaint.objects.filter(pk=complaint.pk).update(
                state="closed", closed_at=timezone.now()
            )


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["service:complaint_list", "core:home"])
def test_the_complaint_list_and_the_home_run_constant_queries(client, shanghai, users, page):
    customer = make_customer(shanghai)
    manager = users[Role.MANAGER]
    client.force_login(manager)
    _complaints(manager, customer, 3)
    few = _queries(client, reverse(page))
    _complaints(manager, customer, 27)
    assert _queries(client, reverse(page)) == few


def _many_ratings(version, count: int) -> None:
    """More rating items in the version's first section (A2, A3, ...)."""
    section = Section.objects.filter(version=version).order_by("position").first()
    for n in range(count):
        Question.objects.create(
            version=version,
            section=section,
            code=f"A{n + 2}",
            position=10 + n,
            text_zh=f"题目{n}",
            text_en=f"Item {n}",
        )


@pytest.mark.django_db
def test_the_response_page_with_complaint_buttons_runs_constant_queries(client, shanghai, users):
    customer = make_customer(shanghai)
    coordinator = users[Role.COORDINATOR]
    client.force_login(users[Role.MANAGER])
    counts = []
    for index, items in enumerate((2, 20)):
        version = short_questionnaire(f"buttons-{items}")
        _many_ratings(version, items)
        scores = {"A1": 1, "C1": 2, **{f"A{n + 2}": 1 + n % 5 for n in range(items)}}
        response = recorded(coordinator, version, customer, name=f"受访者{index}", scores=scores)
        for answer in response.answers.select_related("question")[: items // 2]:
            if answer.score is not None and answer.score <= 2:
                complaint_from_answer(by=users[Role.MANAGER], answer=answer)
        counts.append(_queries(client, reverse("surveys:response_detail", args=[response.pk])))
    assert counts[0] == counts[1]


def _at(day: date, hours: float = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 9)) + timedelta(hours=hours)


@pytest.mark.django_db
def test_the_drivers_page_runs_constant_queries(client, shanghai, users):
    version = short_questionnaire("drivers-queries")
    campaign = draft(users[Role.MANAGER], version, opens_on=date(2026, 11, 1))
    client.force_login(users[Role.MANAGER])
    url = reverse("surveys:campaign_drivers", args=[campaign.pk])
    counts = []
    for start, stop in ((0, 3), (3, 12)):
        for n in range(start, stop):
            customer = make_customer(shanghai, f"C-{n:04d}", f"客户{n}")
            recorded(
                users[Role.COORDINATOR],
                version,
                customer,
                name=f"受访者{n}",
                scores={"A1": 1 + n % 5},
                campaign=campaign,
            )
            opened = date(2026, 6, 1)
            make_case(
                shanghai,
                customer=customer,
                opened_by=users[Role.COORDINATOR],
                opened_at=_at(opened),
                first_response_at=_at(opened, n + 1),
                resolved_at=_at(opened, 2 * n + 3),
            )
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]
