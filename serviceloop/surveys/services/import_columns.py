"""The columns of the survey-answers file (services.imports): the respondent's columns,
the question columns of a version, the empty template of a version and the export."""

import re
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.columns import Column, choices_help, in_column_order
from serviceloop.core.tabular.parsers import DATE_HELP
from serviceloop.core.tabular.writing import write_xlsx

from ..models import Question, Response, Version
from ..selectors.questionnaires import questionnaires_for, version_numbered
from ..selectors.responses import response_list
from .answers import IMPORTANCE, TYPED_METHODS

NOT_APPLICABLE = frozenset({"n/a", "na", "不适用", "-"})
METHODS = [(Response.Method.IMPORT.value, Response.Method.IMPORT.label)] + [
    (value, label) for value, label in Response.Method.choices if value in TYPED_METHODS
]


def _column(code: str, label: Any, help_text: Any, *, required: bool = False) -> Column:
    """A column whose label and help are translated when shown (lazy texts)."""
    return Column(code, label, help_text, required=required)


COLUMNS = [
    _column(
        "questionnaire",
        gettext_lazy("Questionnaire"),
        gettext_lazy(
            "Its code and version, e.g. standard/1; the code alone: the newest version. The "
            "other columns are its questions' codes (A1, A1_importance…): download the "
            "template of a version from the page “Record paper answers”."
        ),
        required=True,
    ),
    _column("campaign", gettext_lazy("Campaign"), gettext_lazy("Optional: the campaign's name.")),
    _column(
        "customer",
        gettext_lazy("Customer"),
        gettext_lazy("The customer's code, or its Chinese or Latin name."),
        required=True,
    ),
    _column("contact", gettext_lazy("Contact"), gettext_lazy("A contact's full name, if any.")),
    _column(
        "respondent",
        gettext_lazy("Respondent"),
        gettext_lazy("The respondent's name when they are no contact of the customer."),
    ),
    _column("department", gettext_lazy("Department"), gettext_lazy("Text.")),
    _column("title", gettext_lazy("Title"), gettext_lazy("Text.")),
    _column("survey_date", gettext_lazy("Survey date"), DATE_HELP, required=True),
    _column(
        "method",
        gettext_lazy("Survey method"),
        format_lazy("{} {}", choices_help(METHODS), gettext_lazy("Empty: import.")),
    ),
    _column(
        "interviewer",
        gettext_lazy("Interviewer"),
        gettext_lazy("Username or full name of someone of your office."),
    ),
    _column("case_number", gettext_lazy("Linked case"), gettext_lazy("The case number, if any.")),
]
STATIC = {column.code for column in COLUMNS}


def fold(text: str) -> str:
    return " ".join(text.split()).lower()


def find_version(user: User, text: str) -> Version | None:
    """`code/2` or `code` (the newest version) among the questionnaires the user sees."""
    code, _slash, number = text.strip().partition("/")
    questionnaire = questionnaires_for(user).filter(code__iexact=code.strip()).first()
    if questionnaire is None or (number and not number.strip().isdigit()):
        return None
    return version_numbered(questionnaire, int(number) if number else None)


def questions_of(version: Version) -> list[Question]:
    return [q for section in version.sections.all() for q in section.questions.all()]


# --- The template of a version, and the export -------------------------------------------


def question_columns(version: Version) -> list[Column]:
    columns = []
    for question in questions_of(version):
        if question.is_scaled:
            scale = _("A whole number from %(low)s to %(high)s.") % {
                "low": question.scale_min,
                "high": question.scale_max,
            }
            if question.allows_not_applicable:
                scale += " " + _("N/A: not applicable.")
        elif question.kind == Question.Kind.TEXT:
            scale = _("Text.")
        else:
            labels = "; ".join(
                f"{choice.code} ({choice.label})" for choice in question.choices.all()
            )
            scale = _("One of: %(values)s.") % {"values": labels}
            if question.kind == Question.Kind.MULTIPLE:
                scale += " " + _("Several separated by “;”.")
        columns.append(Column(question.code, question.text, scale))
        if question.asks_importance:
            importance = _("Importance, a whole number from %(low)s to %(high)s.") % {
                "low": IMPORTANCE.start,
                "high": IMPORTANCE.stop - 1,
            }
            columns.append(Column(f"{question.code}_importance", question.text, importance))
    return columns


def answer_template(version: Version) -> bytes:
    """An empty .xlsx with every column of this version and a help sheet saying what to
    write in each (the questionnaire column: this version's `code/number`)."""
    questionnaire = Column(
        "questionnaire",
        str(version.questionnaire.title),
        _("Write %(value)s in every row.")
        % {"value": f"{version.questionnaire.code}/{version.number}"},
        required=True,
    )
    columns = [questionnaire, *COLUMNS[1:], *question_columns(version)]
    return write_xlsx(
        columns, [], sheet_title=_sheet(_("Answers")), help_title=_sheet(_("Columns"))
    )


def _sheet(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", text)[:31] or "Sheet"


def export_queryset(user: User, params: QueryDict) -> QuerySet[Response]:
    return response_list(user)


def export_rows(user: User, responses: QuerySet[Response]) -> Iterator[list[object]]:
    """Who answered, how and when (the answers themselves are the analysis's export)."""
    for response in responses:
        values = {
            "questionnaire": f"{response.version.questionnaire.code}/{response.version.number}",
            "campaign": response.campaign.name if response.campaign else "",
            "customer": response.customer.code,
            "contact": response.contact.full_name if response.contact else "",
            "respondent": "" if response.contact else response.respondent_name,
            "department": response.respondent_department,
            "title": response.respondent_title,
            "survey_date": response.surveyed_on,
            "method": response.method,
            "interviewer": response.interviewer.username if response.interviewer else "",
            "case_number": response.case.number if response.case else "",
        }
        yield in_column_order(COLUMNS, values)
