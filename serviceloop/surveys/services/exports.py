"""A campaign's answers and results as .xlsx, written by the project's tabular writer.

The raw answers take the columns of the answers import (services.import_columns): one row
a respondent, one column a question code and one `<code>_importance` where importance is
asked, so the file reads back into the import unchanged. The results are one long table
(level, code, …) that a spreadsheet pivots: items, dimensions, the overall index, CSI, NPS.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.core.tabular.columns import Column, in_column_order
from serviceloop.core.tabular.writing import write_xlsx

from ..models import Campaign, Question
from ..selectors.analysis import CampaignAnalysis
from ..selectors.exports import AnswerTable, Given, answer_table
from .import_columns import COLUMNS, question_columns, questions_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Workbook:
    content: bytes
    filename: str
    rows: int


def _sheet(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", text)[:31] or "Sheet"


def _filename(campaign: Campaign, what: str) -> str:
    return f"survey-{campaign.pk}-{what}-{timezone.localdate().isoformat()}.xlsx"


# --- Raw answers -------------------------------------------------------------------------


def raw_answers(campaign: Campaign, user: User) -> Workbook:
    table = answer_table(campaign, user)
    columns = [*COLUMNS, *question_columns(table.version)]
    rows = list(_answer_rows(table, campaign))
    content = write_xlsx(
        columns, rows, sheet_title=_sheet(_("Answers")), help_title=_sheet(_("Columns"))
    )
    return Workbook(content, _filename(campaign, "answers"), len(rows))


def _answer_rows(table: AnswerTable, campaign: Campaign):
    version = table.version
    questions = questions_of(version)
    columns = [*COLUMNS, *question_columns(version)]
    for response in table.responses:
        values = {
            "questionnaire": f"{version.questionnaire.code}/{version.number}",
            "campaign": campaign.name,
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
        for question in questions:
            given = table.answers.get((response.pk, question.pk))
            values[question.code] = _cell(question, given)
            if question.asks_importance:
                importance = given.importance if given else None
                values[f"{question.code}_importance"] = importance
        yield in_column_order(columns, values)


def _cell(question: Question, given: Given | None) -> object:
    if given is None:
        return None
    if question.is_scaled:
        return "N/A" if given.not_applicable else given.score
    if question.kind == Question.Kind.TEXT:
        return given.text
    return "; ".join(given.choices)


# --- Results -----------------------------------------------------------------------------


def _column(code: str, label: Any, help_text: Any) -> Column:
    """A column whose label and help are translated when shown (lazy texts)."""
    return Column(code, label, help_text)


RESULT_COLUMNS = [
    _column(
        "level",
        gettext_lazy("Level"),
        gettext_lazy("item, dimension, overall (index), csi or nps."),
    ),
    _column("code", gettext_lazy("Code"), gettext_lazy("The question's or dimension's code.")),
    _column("label", gettext_lazy("Label"), gettext_lazy("The question or the dimension.")),
    _column("dimension", gettext_lazy("Dimension"), gettext_lazy("An item's dimension.")),
    _column("n", gettext_lazy("Answers"), gettext_lazy("How many answered (respondents).")),
    _column(
        "mean",
        gettext_lazy("Mean"),
        gettext_lazy(
            "An item's mean score; a dimension's index (the mean over its respondents of "
            "their mean over its items); CSI 0–100; NPS −100…100."
        ),
    ),
    _column("sd", gettext_lazy("Standard deviation"), gettext_lazy("Sample (n − 1).")),
    _column("importance", gettext_lazy("Importance"), gettext_lazy("Mean importance, 1–5.")),
    _column("quadrant", gettext_lazy("Quadrant"), gettext_lazy("Importance–performance.")),
    _column("alpha", gettext_lazy("Cronbach's alpha"), gettext_lazy("Empty: too few answers.")),
    _column(
        "distribution",
        gettext_lazy("Distribution"),
        gettext_lazy("score: count; … An NPS row: promoters; passives; detractors (%)."),
    ),
]


def results(analysis: CampaignAnalysis, quadrant_names: dict[str, str]) -> Workbook:
    rows = [
        [_rounded(value) for value in in_column_order(RESULT_COLUMNS, values)]
        for values in _result_rows(analysis, quadrant_names)
    ]
    content = write_xlsx(
        RESULT_COLUMNS, rows, sheet_title=_sheet(_("Results")), help_title=_sheet(_("Columns"))
    )
    return Workbook(content, _filename(analysis.campaign, "results"), len(rows))


def _rounded(value: object) -> object:
    return round(value, 3) if isinstance(value, float) else value


def _blank(**values) -> dict:
    return {column.code: None for column in RESULT_COLUMNS} | values


def _result_rows(analysis: CampaignAnalysis, quadrant_names: dict[str, str]):
    for item in analysis.items:
        summary = item.performance
        yield _blank(
            level="item",
            code=item.code,
            label=item.text,
            dimension=item.dimension,
            n=summary.n,
            mean=summary.mean,
            sd=summary.sd,
            importance=item.importance.mean if item.importance else None,
            quadrant=quadrant_names.get(item.quadrant or "", ""),
            distribution="; ".join(f"{k}: {v}" for k, v in sorted(summary.distribution.items())),
        )
    for dimension in analysis.dimensions:
        yield _blank(
            level="dimension",
            code=dimension.code,
            label=dimension.label,
            n=dimension.respondents,
            mean=dimension.index,
            importance=dimension.importance,
            alpha=dimension.alpha,
        )
    yield _blank(level="overall", n=analysis.respondents, mean=analysis.overall)
    yield _blank(level="csi", n=analysis.respondents, mean=analysis.csi)
    nps = analysis.nps
    shares = (nps.promoters, nps.passives, nps.detractors)
    yield _blank(
        level="nps",
        n=nps.n,
        mean=nps.score,
        distribution="" if nps.n == 0 else "; ".join(f"{share:.1f}" for share in shares),
    )
