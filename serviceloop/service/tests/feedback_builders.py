"""Builders for the feedback tests: a case closed and answered through the services, as the
customer's link leaves it."""

from datetime import datetime

from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.service.models import Case, FeedbackResponse
from serviceloop.service.services import feedback as services
from serviceloop.service.testing import make_case

GOOD = {
    "response_speed": 5,
    "competence": 5,
    "attitude": 5,
    "communication": 4,
    "safety": 5,
    "solved": True,
    "overall": 5,
    "comment": "",
}


def resolved_case(office, users, *, customer=None, contact=None, **fields) -> Case:
    """A case solved and waiting to be closed; its reporter is `contact` (a new one with an
    e-mail address unless given)."""
    customer = customer or make_customer(office, f"C-{Case.objects.count() + 1:04d}")
    if contact is None:
        contact = make_contact(customer, "王建华", email="wang@example.cn")
    return make_case(
        office,
        customer=customer,
        reporter=contact,
        reporter_phone=contact.mobile,
        state=Case.State.RESOLVED,
        resolution=fields.pop("resolution", "清洗电源冷却水滤网，流量恢复 42 L/min"),
        opened_by=users[Role.COORDINATOR],
        **fields,
    )


def close(case: Case, users) -> str:
    """Closes the case as the coordinator does; the new link's token."""
    case.refresh_from_db()
    _closed, token = services.close_and_request_feedback(
        by=users[Role.COORDINATOR],
        case=case,
        version=case.version,
        root_cause="F01",
        billing="warranty",
    )
    return token


def answered(
    office, users, *, received: datetime | None = None, case: Case | None = None, **answers
) -> FeedbackResponse:
    """A case closed and its feedback answered with GOOD changed by `answers`; `received`
    dates the answer (the feedback list's period)."""
    case = case or resolved_case(office, users)
    response = services.submit_feedback(token=close(case, users), answers={**GOOD, **answers})
    if received is not None:
        FeedbackResponse.objects.filter(pk=response.pk).update(received_at=received)
        response.received_at = received
    return response


def at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 10, 0))
