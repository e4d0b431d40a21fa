"""Answered case feedback (the service app's 售后服务质量反馈表) for the analysis tests."""

import hashlib
from datetime import date, datetime

from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.service.models import Case, FeedbackRequest, FeedbackResponse
from serviceloop.service.testing import make_case
from serviceloop.surveys.selectors import case_feedback


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def answer(
    users, office, scores, *, solved=True, on=date(2026, 2, 10), engineer=None, consents=True
):
    """A closed case of `office` and its answered feedback: scores = (response speed,
    competence, attitude, communication, safety, overall)."""
    number = FeedbackResponse.objects.count()
    customer = make_customer(office, f"C-{office.pk}-{number:03d}", f"客户{number}")
    contact = make_contact(customer, f"联系人{number}", consents_to_transfer_abroad=consents)
    case = make_case(
        office,
        customer=customer,
        reporter=contact,
        opened_by=users[Role.COORDINATOR],
        assignee=engineer,
        state=Case.State.CLOSED,
        closed_at=_at(on),
        resolution="更换流量开关",
    )
    request = FeedbackRequest.objects.create(
        case=case,
        contact=contact,
        token_hash=hashlib.sha256(f"cf-{number}".encode()).hexdigest(),
        expires_at=_at(on),
        used_at=_at(on),
    )
    fields = dict(zip(case_feedback.ITEMS, scores, strict=True))
    response = FeedbackResponse.objects.create(request=request, solved=solved, **fields)
    FeedbackResponse.objects.filter(pk=response.pk).update(received_at=_at(on))
    return response
