"""The case feedback of the service loop (售后服务质量反馈表, service app FeedbackResponse)
analysed with the survey statistics (issue 23).

Scope is the service app's: `answers_for` reads the cases the user sees, and headquarters
only the answers of contacts who agreed to be read abroad (China's PIPL). The answers of a
period are read in one query, whatever their number; every figure comes from
`statistics` on plain lists.

Index: for each answer, the mean of its five service items (response speed, competence,
attitude, communication, safety; not "overall"), then the mean of these over the answers.
The engineer of an answer is the assignee of its case (who owned the case when it closed);
visits' other engineers are not counted, so that each answer falls in one group.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.service.models import FeedbackResponse
from serviceloop.service.selectors.feedback import answers_for, filter_answers

from .. import statistics
from ..statistics import Summary

SERVICE_ITEMS = ("response_speed", "competence", "attitude", "communication", "safety")
ITEMS = (*SERVICE_ITEMS, "overall")
SCALE = range(1, 6)


@dataclass(frozen=True)
class Item:
    field: str
    label: str
    summary: Summary


@dataclass(frozen=True)
class Figures:
    """Index, overall mean and solved share of a group of answers."""

    respondents: int
    index: float | None
    overall: float | None
    solved: float | None  # percent of the answers saying "solved"


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int
    figures: Figures

    @property
    def label(self) -> str:
        return _("%(year)s Q%(quarter)s") % {"year": self.year, "quarter": self.number}


@dataclass(frozen=True)
class EngineerGroup:
    engineer_id: int | None
    name: str
    figures: Figures


@dataclass(frozen=True)
class CaseFeedbackAnalysis:
    since: date
    until: date
    figures: Figures
    items: list[Item]
    quarters: list[Quarter]
    engineers: list[EngineerGroup]


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 12 months: from the same day a year ago (28 February for 29 February)
    up to today, both included."""
    today = today or timezone.localdate()
    try:
        since = today.replace(year=today.year - 1)
    except ValueError:
        since = today.replace(year=today.year - 1, day=28)
    return since + timedelta(days=1), today


def _figures(rows: list[dict]) -> Figures:
    per_answer = [statistics.mean([row[name] for name in SERVICE_ITEMS]) for row in rows]
    solved = statistics.mean([100.0 if row["solved"] else 0.0 for row in rows])
    return Figures(
        respondents=len(rows),
        index=statistics.mean(per_answer),
        overall=statistics.mean([row["overall"] for row in rows]),
        solved=solved,
    )


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarters(rows: list[dict], since: date, until: date) -> list[Quarter]:
    """Every quarter of the period, those without answers too (a gap in the chart)."""
    grouped: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in rows:
        grouped[_quarter_of(timezone.localtime(row["received_at"]).date())].append(row)
    year, number = _quarter_of(since)
    last = _quarter_of(until)
    quarters = []
    while (year, number) <= last:
        quarters.append(Quarter(year, number, _figures(grouped.get((year, number), []))))
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
    return quarters


def _engineers(rows: list[dict]) -> list[EngineerGroup]:
    grouped: dict[int | None, list[dict]] = defaultdict(list)
    names: dict[int | None, str] = {None: _("No engineer assigned")}
    for row in rows:
        pk = row["request__case__assignee_id"]
        grouped[pk].append(row)
        if pk is not None:
            names[pk] = row["request__case__assignee__full_name"] or _("Engineer %(pk)s") % {
                "pk": pk
            }
    groups = [EngineerGroup(pk, names[pk], _figures(found)) for pk, found in grouped.items()]
    return sorted(groups, key=lambda g: (g.engineer_id is None, -g.figures.respondents, g.name))


def feedback_rows(user: User, since: date, until: date) -> list[dict]:
    """The answers the user may read received from `since` to `until` (both included): one
    query."""
    answers = filter_answers(user, answers_for(user), since=since, until=until)
    return list(
        answers.values(
            *ITEMS,
            "solved",
            "received_at",
            "request__case__assignee_id",
            "request__case__assignee__full_name",
        )
    )


def analyse(
    user: User, since: date | None = None, until: date | None = None
) -> CaseFeedbackAnalysis:
    """The period's analysis; the last 12 months unless said."""
    default_since, default_until = default_period()
    since, until = since or default_since, until or default_until
    rows = feedback_rows(user, since, until)
    items = [
        Item(
            name,
            str(getattr(FeedbackResponse._meta.get_field(name), "verbose_name", name)),
            statistics.describe([row[name] for row in rows]),
        )
        for name in ITEMS
    ]
    return CaseFeedbackAnalysis(
        since=since,
        until=until,
        figures=_figures(rows),
        items=items,
        quarters=_quarters(rows, since, until),
        engineers=_engineers(rows),
    )
