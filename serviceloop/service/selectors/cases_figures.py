"""A customer's key figures for its profile record (客户档案记录表): cases per year, P1
stops, mean time to restore, first-time fix and hours of stopped line; the feedback scores
its contacts gave. One query each, whatever the number of cases."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from ..models import Case, FeedbackResponse, Visit


@dataclass(frozen=True)
class CaseFigures:
    """One year's figures (`year` None: every year together)."""

    year: int | None
    cases: int
    stops: int  # P1: production stopped
    restore_hours: float | None  # mean, from opening to restored, of the resolved cases
    first_time_fix: float | None  # % of the cases resolved with a visit that needed only one
    downtime_hours: float


class _Row(NamedTuple):
    opened_at: datetime
    resolved_at: datetime | None
    priority: str
    line_down_at: datetime | None
    line_up_at: datetime | None
    visits: int


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def _figures(year: int | None, rows: list[_Row]) -> CaseFigures:
    restored = [_hours(row.opened_at, row.resolved_at) for row in rows if row.resolved_at]
    visited = [row.visits for row in rows if row.resolved_at and row.visits]
    stopped = [
        _hours(r.line_down_at, r.line_up_at) for r in rows if r.line_down_at and r.line_up_at
    ]
    return CaseFigures(
        year=year,
        cases=len(rows),
        stops=sum(1 for row in rows if row.priority == Case.Priority.P1),
        restore_hours=round(sum(restored) / len(restored), 1) if restored else None,
        first_time_fix=round(100 * visited.count(1) / len(visited)) if visited else None,
        downtime_hours=round(sum(stopped), 1),
    )


def case_figures(cases: QuerySet[Case]) -> list[CaseFigures]:
    """Newest year first, then the total. Years are those of the cases' opening, in the
    reader's time zone; cancelled visits do not count."""
    rows = cases.order_by().annotate(
        visit_count=Count("visits", filter=~Q(visits__state=Visit.State.CANCELLED))
    )
    fields = ("opened_at", "resolved_at", "priority", "line_down_at", "line_up_at", "visit_count")
    every = [_Row(*values) for values in rows.values_list(*fields)]
    by_year: dict[int, list[_Row]] = defaultdict(list)
    for row in every:
        by_year[timezone.localtime(row.opened_at).year].append(row)
    years = [_figures(year, by_year[year]) for year in sorted(by_year, reverse=True)]
    return [*years, _figures(None, every)]


@dataclass(frozen=True)
class FeedbackScores:
    """The mean of each score (1 to 5) over the answers received, and how often the
    problem was solved (%)."""

    answers: int
    means: list[tuple[str, float]]
    solved: float | None


def feedback_scores(cases: QuerySet[Case]) -> FeedbackScores:
    answers = FeedbackResponse.objects.filter(request__case__in=cases)
    means = answers.aggregate(
        answers=Count("pk"),
        solved=Count("pk", filter=Q(solved=True)),
        **{name: Avg(name) for name in FeedbackResponse.SCORES},
    )
    fields = {field.name: field for field in FeedbackResponse._meta.fields}
    return FeedbackScores(
        answers=means["answers"],
        means=[
            (str(fields[name].verbose_name), round(means[name], 1))
            for name in FeedbackResponse.SCORES
            if means[name] is not None
        ],
        solved=round(100 * means["solved"] / means["answers"]) if means["answers"] else None,
    )
