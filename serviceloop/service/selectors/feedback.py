"""Reads of the customers' feedback (售后服务质量反馈表) and of complaints.

Feedback is read by FEEDBACK_READERS on the cases they see (`cases_for`: the office's, an
account manager's own customers', every office's for admin and HQ). Headquarters abroad
reads an answer only when the contact who was asked agreed to be read abroad (China's
PIPL); an answer whose contact is unknown (the link shown on site to whoever stood there)
stays in the office too, as consent cannot be shown for it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import Least
from django.utils import timezone

from serviceloop.accounts.models import Role, User
from serviceloop.customers.models import Customer
from serviceloop.customers.selectors import customers_for, search_customers

from ..models import Case, Complaint, FeedbackRequest, FeedbackResponse, Visit
from ..permissions import FEEDBACK_READERS
from .cases import cases_for

# The customer record shows the latest answers; the feedback list has them all.
CUSTOMER_ANSWERS_SHOWN = 10
# Both relations read abroad only with the contact's consent.
READ_ABROAD = Q(contact__consents_to_transfer_abroad=True)
ANSWER_RELATIONS = (
    "request__case__customer",
    "request__case__assignee",
    "request__contact",
    "complaint",
)


def complaints_for(user: User) -> QuerySet[Complaint]:
    complaints = Complaint.objects.select_related("customer", "case", "owner")
    if user.sees_all_offices:
        return complaints
    if user.role in (Role.MANAGER, Role.COORDINATOR) and user.office_id is not None:
        return complaints.filter(customer__office_id=user.office_id)
    if user.role == Role.ACCOUNT_MANAGER:
        return complaints.filter(customer__account_manager=user)
    return complaints.none()


def _requests_for(user: User) -> QuerySet[FeedbackRequest]:
    if user.role not in FEEDBACK_READERS:
        return FeedbackRequest.objects.none()
    requests = FeedbackRequest.objects.filter(case__in=cases_for(user))
    return requests.filter(READ_ABROAD) if user.role == Role.HQ else requests


def _withheld_for(user: User, requests: QuerySet[FeedbackRequest]) -> int:
    """How many answered requests headquarters may not read (0 for anyone else)."""
    if user.role != Role.HQ:
        return 0
    return requests.filter(used_at__isnull=False).exclude(READ_ABROAD).count()


def answers_for(user: User) -> QuerySet[FeedbackResponse]:
    """The answers the user may read, newest first, with `lowest` (the lowest score)."""
    answers = FeedbackResponse.objects.filter(request__in=_requests_for(user))
    return (
        answers.select_related(*ANSWER_RELATIONS)
        .annotate(lowest=Least(*FeedbackResponse.SCORES))
        .order_by("-received_at", "-pk")
    )


def engineers_for(user: User) -> QuerySet[User]:
    """The engineers the feedback list filters by: the office's, or every office's."""
    engineers = User.objects.filter(role=Role.ENGINEER).order_by("full_name", "pk")
    if user.sees_all_offices:
        return engineers
    return engineers.filter(office_id=user.office_id) if user.office_id else engineers.none()


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_answers(
    user: User,
    answers: QuerySet[FeedbackResponse],
    *,
    since: date | None = None,
    until: date | None = None,
    customer: str = "",
    engineer: User | None = None,
    at_most: int | None = None,
    with_comment: bool = False,
) -> QuerySet[FeedbackResponse]:
    """The feedback list's filters: received in a period (both days included), customers
    found by name, pinyin or code, cases the engineer had (assigned, or on a visit), any
    score at or below `at_most`, a comment written."""
    if since:
        answers = answers.filter(received_at__gte=_day_start(since))
    if until:
        answers = answers.filter(received_at__lt=_day_start(until) + timedelta(days=1))
    if customer.strip():
        found = search_customers(customers_for(user), customer)
        answers = answers.filter(request__case__customer__in=found)
    if engineer is not None:
        served = Case.objects.filter(Q(assignee=engineer) | Q(visits__engineers=engineer))
        answers = answers.filter(request__case__in=served.values("pk"))
    if at_most is not None:
        answers = answers.filter(lowest__lte=at_most)  # type: ignore[misc]  # annotated above
    if with_comment:
        answers = answers.exclude(comment="")
    return answers


def withheld_answers(user: User) -> int:
    """The answers of the user's cases kept from headquarters (the list says how many)."""
    if user.role != Role.HQ:
        return 0
    return _withheld_for(user, FeedbackRequest.objects.filter(case__in=cases_for(user)))


def with_engineers(answers: list[FeedbackResponse]) -> list[FeedbackResponse]:
    """Each answer with `engineers`: who served its case (the assignee and the visits'
    engineers), in two queries for the whole page."""
    cases = {answer.request.case_id: answer.request.case for answer in answers}
    served: dict[int, dict[int, User]] = {pk: {} for pk in cases}
    for case in cases.values():
        if case.assignee is not None:
            served[case.pk][case.assignee.pk] = case.assignee
    visits = Visit.objects.filter(case_id__in=cases).prefetch_related("engineers")
    for visit in visits:
        for engineer in visit.engineers.all():
            served[visit.case_id][engineer.pk] = engineer
    for answer in answers:
        answer.engineers = list(served[answer.request.case_id].values())  # type: ignore[attr-defined]
    return answers


@dataclass(frozen=True)
class CaseFeedback:
    """A case's feedback requests the user may read (one each closing, newest first) and
    how many answered ones are kept from the user (headquarters without consent)."""

    requests: list[FeedbackRequest]
    withheld: int

    def as_context(self) -> dict[str, Any]:
        return {"feedback_requests": self.requests, "feedback_withheld": self.withheld}


def case_feedback(user: User, case: Case) -> CaseFeedback | None:
    """None for a user who does not read feedback: the case page shows no section."""
    if user.role not in FEEDBACK_READERS:
        return None
    requests = _requests_for(user).filter(case=case)
    shown = list(requests.select_related("contact", "response", "response__complaint"))
    return CaseFeedback(shown, _withheld_for(user, FeedbackRequest.objects.filter(case=case)))


@dataclass(frozen=True)
class CustomerFeedback:
    answers: list[FeedbackResponse]
    count: int
    overall: float | None
    withheld: int


def customer_feedback(user: User, customer: Customer) -> CustomerFeedback | None:
    """The customer record's section: the latest answers, how many and their mean overall
    score (three queries, four for headquarters, whatever the number of answers)."""
    if user.role not in FEEDBACK_READERS:
        return None
    answers = answers_for(user).filter(request__case__customer=customer)
    figures = answers.aggregate(count=Count("pk"), overall=Avg("overall"))
    customer_requests = FeedbackRequest.objects.filter(
        case__in=cases_for(user), case__customer=customer
    )
    return CustomerFeedback(
        answers=list(answers[:CUSTOMER_ANSWERS_SHOWN]),
        count=figures["count"],
        overall=figures["overall"],
        withheld=_withheld_for(user, customer_requests),
    )
