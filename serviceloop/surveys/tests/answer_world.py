"""Builders for the paper, import and response tests: responses recorded through the
service, as staff record them."""

from datetime import date

from serviceloop.surveys.models import Response, Version
from serviceloop.surveys.services.answers import Given, Respondent, record_paper_response


def recorded(
    by, version: Version, customer, *, contact=None, name="", scores=None, **fields
) -> Response:
    """A paper response with `scores` ({code: Given or a score}); A1 at 4 by default."""
    questions = {question.code: question for question in version.questions.all()}
    given = {
        questions[code]: value if isinstance(value, Given) else Given(score=value)
        for code, value in (scores or {"A1": 4}).items()
    }
    fields.setdefault("surveyed_on", date(2026, 11, 2))
    fields.setdefault("method", Response.Method.PAPER)
    respondent = Respondent(customer=customer, contact=contact, name=name, **fields)
    return record_paper_response(by=by, version=version, respondent=respondent, answers=given)
