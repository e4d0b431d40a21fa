"""Which answers of a response may open a complaint, and which already did."""

from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import User
from serviceloop.service.services.feedback_complaints import may_open_complaint

from ..models import Answer, ComplaintFromAnswer, Response
from ..services.complaints import is_low


def mark_complaints(user: User, response: Response, answers: list[Answer]) -> bool:
    """Sets on each answer `low` (it may open a complaint) and `complaint_id` (the one it
    opened, or None), in one query; returns whether the user may open one for this
    response's customer."""
    opened = dict(
        ComplaintFromAnswer.objects.filter(response=response).values_list(
            "question_id", "complaint_id"
        )
    )
    for answer in answers:
        answer.low = is_low(answer)  # type: ignore[attr-defined]
        answer.complaint_id = opened.get(answer.question_id)  # type: ignore[attr-defined]
    return may_open_complaint(user, response.customer)


def complaint_source(complaint_pk: int) -> ComplaintFromAnswer | None:
    """The answer a complaint came from, with its response and question."""
    return (
        ComplaintFromAnswer.objects.select_related("response", "question")
        .filter(complaint_id=complaint_pk)
        .first()
    )


def answer_of(response: Response, answer_pk: int) -> Answer:
    """One answer of a response the user reads (`response_for`), with its question; 404
    for an answer of another response."""
    return get_object_or_404(
        Answer.objects.select_related("question").filter(response=response), pk=answer_pk
    )
