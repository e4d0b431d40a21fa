"""The raw answers of a campaign as its .xlsx export reads them: who answered, and every
answer by respondent and question, in a fixed number of queries however many answered.

Answers and their ticked choices are read with a subquery of the scoped responses rather
than a prefetch: 5,000 respondents' answers would otherwise go to the database as a list
of 150,000 ids, more than SQLite takes in one statement.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from serviceloop.accounts.models import User

from ..models import Answer, Campaign, Choice, Question, Response, Section, Version
from .responses import responses_for


@dataclass(frozen=True)
class Given:
    score: int | None
    importance: int | None
    not_applicable: bool
    text: str
    choices: list[str] = field(default_factory=list)


@dataclass
class AnswerTable:
    version: Version  # with sections, questions and choices in order
    responses: list[Response]
    # (response id, question id) → what was given
    answers: dict[tuple[int, int], Given]


def answer_table(campaign: Campaign, user: User) -> AnswerTable:
    """The campaign's submitted responses the user may read (headquarters: only contacts
    who agreed to be read abroad), oldest first, with their answers."""
    questions = Question.objects.order_by("position", "pk").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
    )
    sections = Section.objects.order_by("position", "pk").prefetch_related(
        Prefetch("questions", queryset=questions)
    )
    version = (
        Version.objects.select_related("questionnaire")
        .prefetch_related(Prefetch("sections", queryset=sections))
        .get(pk=campaign.version_id)
    )
    scoped = responses_for(user).filter(campaign=campaign)
    responses = list(
        scoped.select_related("customer", "contact", "interviewer", "case").order_by(
            "surveyed_on", "pk"
        )
    )
    ticked: dict[tuple[int, int], list[str]] = {}
    through = Answer.choices.through.objects.filter(answer__response__in=scoped.values("pk"))
    for response_id, question_id, code in through.order_by(
        "answer__response_id", "answer__question_id", "choice__position", "choice__pk"
    ).values_list("answer__response_id", "answer__question_id", "choice__code"):
        ticked.setdefault((response_id, question_id), []).append(code)
    answers = {}
    rows = Answer.objects.filter(response__in=scoped.values("pk")).values_list(
        "response_id", "question_id", "score", "importance", "not_applicable", "text"
    )
    for response_id, question_id, score, importance, not_applicable, text in rows:
        key = (response_id, question_id)
        answers[key] = Given(score, importance, not_applicable, text, ticked.get(key, []))
    return AnswerTable(version=version, responses=responses, answers=answers)
