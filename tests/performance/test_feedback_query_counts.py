"""The feedback list, the customer record's feedback section, a case page and a case's
feedback form run the same number of SQL queries for few and for many answers (issue 22),
for the office's manager and for headquarters (who reads only consenting contacts)."""

import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, Complaint, FeedbackRequest, FeedbackResponse, Visit
from serviceloop.service.testing import make_case


class Answers:
    """One customer whose closed cases each got an answer; every case had a visit with two
    engineers, every other contact agreed to be read abroad, every third answer a complaint."""

    def __init__(self, office, users):
        self.office, self.users = office, users
        self.customer = make_customer(office, "C-0900", "反馈客户有限公司")
        self.unit = make_unit(self.customer, "IH-FB-1")
        self.cases: list[Case] = []

    def grow_to(self, rows: int) -> None:
        now = timezone.now()
        for n in range(len(self.cases), rows):
            contact = make_contact(
                self.customer, f"联系人{n}", consents_to_transfer_abroad=n % 2 == 0
            )
            case = make_case(
                self.office,
                customer=self.customer,
                unit=self.unit,
                reporter=contact,
                opened_by=self.users[Role.COORDINATOR],
                assignee=self.users[Role.ENGINEER],
                state=Case.State.CLOSED,
                closed_at=now - timedelta(days=n),
                resolution="更换流量开关",
            )
            visit = Visit.objects.create(
                case=case, planned_start=now, planned_by=self.users[Role.COORDINATOR]
            )
            visit.engineers.add(self.users[Role.ENGINEER], self.users[Role.MANAGER])
            request = FeedbackRequest.objects.create(
                case=case,
                contact=contact,
                token_hash=hashlib.sha256(f"fb-{n}".encode()).hexdigest(),
                expires_at=now,
                used_at=now,
            )
            response = FeedbackResponse.objects.create(
                request=request,
                response_speed=2 + n % 4,
                competence=4,
                attitude=5,
                communication=4,
                safety=5,
                solved=True,
                overall=3 + n % 3,
                comment=f"意见{n}",
            )
            if n % 3 == 0:
                Complaint.objects.create(
                    customer=self.customer,
                    case=case,
                    feedback=response,
                    source=Complaint.Source.FEEDBACK,
                    description=response.comment,
                )
            self.cases.append(case)


PAGES = {
    "feedback list": lambda a: reverse("service:feedback_list"),
    "feedback list, filtered": lambda a: (
        reverse("service:feedback_list")
        + f"?customer=C-0900&at_most=4&with_comment=on&engineer={a.users[Role.ENGINEER].pk}"
    ),
    "customer record": lambda a: reverse("records:customer_record", args=[a.customer.pk]),
    "case page": lambda a: reverse("service:case_detail", args=[a.cases[0].pk]),
    "feedback form": lambda a: reverse("service:feedback_document", args=[a.cases[0].pk]),
}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MANAGER, Role.HQ])
@pytest.mark.parametrize("page_name", PAGES)
def test_feedback_pages_run_the_same_queries_for_3_and_30_answers(
    client, users, shanghai, page_name, role
):
    answers = Answers(shanghai, users)
    client.force_login(users[role])
    counts = []
    for rows in (3, 30):
        answers.grow_to(rows)
        counts.append(_count(client, PAGES[page_name](answers)))
    print(f"{page_name} ({role}): {counts[0]} queries for 3 answers, {counts[1]} for 30")
    assert counts[0] == counts[1]
