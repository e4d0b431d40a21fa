"""The service-quality feedback form (售后服务质量反馈表, SL-F-03) as its printed document
reads it (domain-reference §7.3; docs/decisions/0016-printed-documents.md): one case's, with
every answer its closings received, or blank, to be filled in by hand on paper.

A case's form is read by whoever reads its feedback on the case page (selectors/feedback.py:
the same roles, scoping and consent), in a fixed number of queries.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import User
from serviceloop.core.documents import DocumentForm

from ..models import Case, Complaint, FeedbackResponse, Visit
from .feedback import case_feedback

FEEDBACK_FORM = DocumentForm("SL-F-03", "售后服务质量反馈表", _("Service quality feedback form"))
TEMPLATE = "service/documents/feedback_form.html"
# The 1–5 scale as the form prints it, best first (评分标准: 满意 / 一般 / 不满意).
MARKS = (5, 4, 3, 2, 1)
# At or below: the item is named under "areas to improve".
TO_IMPROVE = 3


@dataclass(frozen=True)
class RatedItem:
    label: Any
    score: int | None

    @property
    def marks(self) -> list[bool]:
        return [self.score == mark for mark in MARKS]


@dataclass(frozen=True)
class Answer:
    """One answer as the form prints it: the rated items, what to improve, the comment and
    the follow-up (the complaint a poor answer opened, if any)."""

    response: FeedbackResponse
    items: list[RatedItem]
    to_improve: list[Any]
    complaint: Complaint | None


def _items(response: FeedbackResponse | None) -> list[RatedItem]:
    fields = {f.name: f for f in FeedbackResponse._meta.fields}
    return [
        RatedItem(fields[name].verbose_name, getattr(response, name) if response else None)
        for name in FeedbackResponse.SCORES
    ]


def _answer(response: FeedbackResponse) -> Answer:
    items = _items(response)
    to_improve = [
        item.label for item in items if item.score is not None and item.score <= TO_IMPROVE
    ]
    if not response.solved:
        to_improve.append(_("the problem is not solved"))
    # Read with the request (select_related): None when the answer opened no complaint.
    return Answer(response, items, to_improve, getattr(response, "complaint", None))


@dataclass(frozen=True)
class FeedbackDocument:
    case: Case | None
    contact_name: str
    phone: str
    engineers: list[User]
    answers: list[Answer]
    withheld: int
    blank_items: list[RatedItem] = field(default_factory=lambda: _items(None))

    def as_context(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "contact_name": self.contact_name,
            "phone": self.phone,
            "engineers": self.engineers,
            "answers": self.answers,
            "withheld": self.withheld,
            "blank_items": self.blank_items,
            "marks": MARKS,
            "number": self.number,
        }

    @property
    def number(self) -> str:
        return f"{self.case.number}-FB" if self.case else ""

    @property
    def filename(self) -> str:
        return f"{self.case.number}-feedback" if self.case else "feedback-form"


def _engineers(case: Case) -> list[User]:
    """Who served the case: its assignee, then the engineers of its visits."""
    served: dict[int, User] = {}
    if case.assignee is not None:
        served[case.assignee.pk] = case.assignee
    for visit in Visit.objects.filter(case=case).prefetch_related("engineers"):
        for engineer in visit.engineers.all():
            served.setdefault(engineer.pk, engineer)
    return list(served.values())


def feedback_document(user: User, case: Case) -> FeedbackDocument:
    """The form of a case the user reads the feedback of (the case read by `case_for`);
    answers oldest first, as the case was closed and answered."""
    feedback = case_feedback(user, case)
    requests = feedback.requests if feedback else []
    answered = [r for r in reversed(requests) if hasattr(r, "response")]
    asked = requests[0].contact if requests and requests[0].contact else case.reporter
    return FeedbackDocument(
        case=case,
        contact_name=asked.full_name if asked else case.reporter_name,
        phone=case.reporter_phone or (asked.mobile or asked.landline if asked else ""),
        engineers=_engineers(case),
        answers=[_answer(r.response) for r in answered],
        withheld=feedback.withheld if feedback else 0,
    )


def blank_feedback_document() -> FeedbackDocument:
    """The form for paper: every field left to be written in by hand."""
    return FeedbackDocument(
        case=None, contact_name="", phone="", engineers=[], answers=[], withheld=0
    )
