"""A complaint opened in one click from a low survey answer: an item in the bottom two
points of its scale, or a recommendation of 0 to 6 (a detractor). The service app opens
the complaint; this app keeps which answer it came from."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.service.models import Complaint
from serviceloop.service.services.feedback_complaints import open_complaint

from ..models import Answer, ComplaintFromAnswer, Question, Response

# NPS: 0–6 is a detractor.
DETRACTOR_UP_TO = 6


def is_low(answer: Answer) -> bool:
    """Whether the answer may open a complaint (the response page's button)."""
    question = answer.question
    if answer.score is None:
        return False
    if question.kind == Question.Kind.RECOMMEND:
        return answer.score <= DETRACTOR_UP_TO
    return question.kind == Question.Kind.RATING and answer.score <= question.scale_min + 1


@transaction.atomic
def complaint_from_answer(*, by: User, answer: Answer) -> Complaint:
    """Opens the complaint of a low answer, pre-filled from it (customer, the survey as
    source, the item and its score quoted), or returns the one it already opened."""
    # The response row is the lock: two clicks at once open one complaint.
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("customer", "case")
        .get(pk=answer.response_id)
    )
    earlier = (
        ComplaintFromAnswer.objects.select_related("complaint")
        .filter(response=response, question_id=answer.question_id)
        .first()
    )
    if earlier is not None:
        return earlier.complaint
    if not is_low(answer):
        raise ValidationError(_("Only a low answer opens a complaint from the survey."))
    complaint = open_complaint(
        by=by,
        customer=response.customer,
        case=response.case
        if response.case and response.case.customer_id == response.customer_id
        else None,
        source=Complaint.Source.SURVEY,
        description=_describe(answer, response),
    )
    ComplaintFromAnswer.objects.create(
        complaint=complaint, response=response, question_id=answer.question_id
    )
    return complaint


def _describe(answer: Answer, response: Response) -> str:
    """The item and its score quoted in the respondent's language, and what they wrote."""
    question = answer.question
    with translation.override(response.language):
        said = _(
            "Survey of %(day)s, %(code)s “%(question)s”: %(score)s of %(lowest)s–%(highest)s."
        ) % {
            "day": response.surveyed_on.isoformat(),
            "code": question.code,
            "question": question.text,
            "score": answer.score,
            "lowest": question.scale_min,
            "highest": question.scale_max,
        }
    return f"{said}\n{answer.text}" if answer.text.strip() else said
