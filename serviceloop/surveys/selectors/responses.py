"""Reads of the survey responses, scoped to what the asking user may see.

Who sees a response:
- staff of an office (and the administrator): the submitted responses of the customers they
  see (`customers_for`: their office's customers), whoever the respondent;
- headquarters: only the responses of a *contact* who agreed to be read abroad
  (`consents_to_transfer_abroad`, China's PIPL). A response without a contact (a paper form
  with a typed respondent's name, an imported row naming no contact) holds a person's
  answers nobody asked about transfer: headquarters does not see it;
- anyone else (engineers, the warehouse, portal users): none.
A response outside these answers 404 on its page, never 403, so its existence stays hidden.
A link response still being answered (no `submitted_at`) is nobody's to read yet.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import Role, User
from serviceloop.customers.selectors import customers_for

from ..models import Answer, Question, Response
from ..permissions import ANSWER_READERS


def responses_for(user: User) -> QuerySet[Response]:
    """The submitted responses this user may read (the module's rule)."""
    if user.role not in ANSWER_READERS:
        return Response.objects.none()
    responses = Response.objects.filter(
        submitted_at__isnull=False, customer__in=customers_for(user)
    )
    if user.role == Role.HQ:
        responses = responses.filter(contact__consents_to_transfer_abroad=True)
    return responses


def response_for(user: User, pk: int) -> Response:
    """One response with its answers in question order; 404 when not the user's to read."""
    answers = Answer.objects.select_related("question", "question__section").prefetch_related(
        "choices"
    )
    return get_object_or_404(
        responses_for(user)
        .select_related(
            "version__questionnaire",
            "campaign",
            "customer",
            "contact",
            "interviewer",
            "case",
            "recorded_by",
        )
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=answers.order_by("question__section__position", "question__position"),
            )
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class ResponseFilters:
    """The list's filters, each optional; ids are the user's own choices' (others match
    nothing, since the list is scoped first)."""

    campaign: int | None = None
    customer: int | None = None
    method: str = ""
    surveyed_from: date | None = None
    surveyed_to: date | None = None


def response_list(user: User, filters: ResponseFilters = ResponseFilters()) -> QuerySet[Response]:
    """The list page's rows, newest survey first, with what each row shows in one query."""
    rows = responses_for(user).select_related(
        "version__questionnaire", "campaign", "customer", "contact", "interviewer", "case"
    )
    if filters.campaign:
        rows = rows.filter(campaign_id=filters.campaign)
    if filters.customer:
        rows = rows.filter(customer_id=filters.customer)
    if filters.method in Response.Method.values:
        rows = rows.filter(method=filters.method)
    if filters.surveyed_from:
        rows = rows.filter(surveyed_on__gte=filters.surveyed_from)
    if filters.surveyed_to:
        rows = rows.filter(surveyed_on__lte=filters.surveyed_to)
    return rows.order_by("-surveyed_on", "-pk")


# --- One respondent's scores (客户服务满意度调查表, domain-reference §7.6) ------------------

# The bands the form prints beside the satisfaction (满意 85–100, 一般 60–85, 不满意 0–60).
SATISFIED_FROM = 85
NEUTRAL_FROM = 60


@dataclass
class ResponseScores:
    """Total score and satisfaction % (score ÷ maximum × 100) over the rating items
    answered (N/A and unanswered items count in neither), the recommendation answer, and
    what to improve: the items rated in the bottom two points of their scale and the
    written answers."""

    total: int = 0
    maximum: int = 0
    recommend: Answer | None = None
    low_items: list[Answer] = field(default_factory=list)
    comments: list[Answer] = field(default_factory=list)

    @property
    def satisfaction(self) -> float | None:
        return round(self.total / self.maximum * 100, 1) if self.maximum else None

    @property
    def band(self) -> str:
        if self.satisfaction is None:
            return ""
        if self.satisfaction >= SATISFIED_FROM:
            return "satisfied"
        return "neutral" if self.satisfaction >= NEUTRAL_FROM else "dissatisfied"


def response_scores(answers: list[Answer]) -> ResponseScores:
    """The scores of a response's answers (prefetched with their questions)."""
    scores = ResponseScores()
    for answer in answers:
        question = answer.question
        if question.kind == Question.Kind.RECOMMEND:
            scores.recommend = answer
        elif question.kind == Question.Kind.TEXT and answer.text.strip():
            scores.comments.append(answer)
        elif question.kind == Question.Kind.RATING and answer.score is not None:
            scores.total += answer.score
            scores.maximum += question.scale_max
            if answer.score <= question.scale_min + 1:
                scores.low_items.append(answer)
    return scores
