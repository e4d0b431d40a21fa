"""What drives satisfaction: each responding customer's satisfaction in a campaign beside
the service it was actually given in the 12 months before the campaign, and how strongly
each service figure goes with it.

The method (stated on the page):
- a respondent's satisfaction is the mean of its answered rating items, each rescaled to
  0–100 ((score − lowest) ÷ (highest − lowest) × 100); a customer's, the mean over its
  respondents;
- a customer's service figures are taken over its cases opened in the window (cancelled
  cases left out), in wall-clock time from the case's opening: mean hours to the first
  response, to the engineer on site, to the restore; the share of its resolved cases with
  visits that needed one visit (first-time fix); mean days a case waited for parts
  (0 for a case that never did), from the cases' timelines;
- per figure, Spearman's rank correlation between the customers' figure and their
  satisfaction, over the customers who have both, and not below MIN_CUSTOMERS of them.
Three queries, whatever the campaign's size.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import User
from serviceloop.service.models import Case, CaseEvent, Visit

from .. import statistics as stats
from ..models import Answer, Campaign, Question
from .responses import responses_for

StrOrPromise = str | Promise
MIN_CUSTOMERS = 8
WINDOW = timedelta(days=365)
# |rho| below these reads as no, weak, moderate link; above the last, strong.
NO_LINK, WEAK, MODERATE = 0.1, 0.3, 0.5
WAITING_PARTS = Case.State.WAITING_PARTS.value


@dataclass(frozen=True)
class Figure:
    code: str
    label: StrOrPromise
    unit: StrOrPromise
    higher_is_better: bool


FIGURES = (
    Figure("first_response", gettext_lazy("First response time"), gettext_lazy("hours"), False),
    Figure("on_site", gettext_lazy("On-site arrival time"), gettext_lazy("hours"), False),
    Figure("restore", gettext_lazy("Time to restore"), gettext_lazy("hours"), False),
    Figure("first_time_fix", gettext_lazy("First-time fix rate"), "%", True),
    Figure("parts_wait", gettext_lazy("Days waiting for parts"), gettext_lazy("days"), False),
)


@dataclass(frozen=True)
class Driver:
    figure: Figure
    n: int  # customers with both the figure and a satisfaction
    rho: float | None  # None: not enough data, or one side does not vary
    enough: bool
    mean: float | None  # the figure's mean over those customers
    rank: int | None = None  # 1: moves satisfaction most

    @property
    def reading(self) -> str:
        if not self.enough:
            return _(
                "Not enough data: %(n)s customers have this figure and a satisfaction; "
                "at least %(minimum)s are needed."
            ) % {"n": self.n, "minimum": MIN_CUSTOMERS}
        if self.rho is None:
            return _("No reading: the figure or the satisfaction is the same for everyone.")
        strength = abs(self.rho)
        if strength < NO_LINK:
            return _("No link between this figure and satisfaction.")
        word = (
            _("weak") if strength < WEAK else _("moderate") if strength < MODERATE else _("strong")
        )
        better_goes_up = (self.rho > 0) == self.figure.higher_is_better
        if better_goes_up:
            return _(
                "The better this figure, the more satisfied the customers (a %(word)s link)."
            ) % {"word": word}
        return _(
            "The better this figure, the less satisfied the customers (a %(word)s link): "
            "something else these customers share may matter more."
        ) % {"word": word}


@dataclass(frozen=True)
class CustomerRow:
    customer_id: int
    satisfaction: float
    figures: dict[str, float | None]


@dataclass(frozen=True)
class Drivers:
    since: date
    until: date  # the window's end, not included
    customers: int  # responding customers with a satisfaction
    drivers: list[Driver]  # in FIGURES order
    minimum: int = MIN_CUSTOMERS

    @property
    def ranked(self) -> list[Driver]:
        return sorted((d for d in self.drivers if d.rank), key=lambda d: d.rank or 0)

    @property
    def strongest(self) -> Driver | None:
        ranked = self.ranked
        return ranked[0] if ranked and abs(ranked[0].rho or 0) >= NO_LINK else None


def reference_day(campaign: Campaign) -> date:
    """When the campaign asked: its opening day, else its launch, else its creation."""
    if campaign.opens_on:
        return campaign.opens_on
    moment = campaign.launched_at or campaign.created_at
    return timezone.localdate(moment)


def drivers(campaign: Campaign, user: User) -> Drivers:
    until = reference_day(campaign)
    since = until - WINDOW
    satisfaction = customer_satisfaction(campaign, user)
    figures = service_figures(list(satisfaction), since, until)
    rows = [
        CustomerRow(pk, score, figures.get(pk, {})) for pk, score in sorted(satisfaction.items())
    ]
    return Drivers(since, until, len(rows), correlate(rows))


def correlate(rows: list[CustomerRow]) -> list[Driver]:
    """Each figure's Spearman rho with satisfaction, ranked by its size."""
    found = []
    for figure in FIGURES:
        pairs: list[tuple[float, float]] = []
        for row in rows:
            value = row.figures.get(figure.code)
            if value is not None:
                pairs.append((value, row.satisfaction))
        enough = len(pairs) >= MIN_CUSTOMERS
        rho = stats.spearman([x for x, _ in pairs], [y for _, y in pairs]) if enough else None
        mean = sum(x for x, _ in pairs) / len(pairs) if pairs else None
        found.append(Driver(figure, len(pairs), rho, enough, mean))
    order = sorted((d for d in found if d.rho is not None), key=lambda d: -abs(d.rho or 0))
    ranks = {d.figure.code: place for place, d in enumerate(order, start=1)}
    return [Driver(d.figure, d.n, d.rho, d.enough, d.mean, ranks.get(d.figure.code)) for d in found]


def customer_satisfaction(campaign: Campaign, user: User) -> dict[int, float]:
    """Customer pk → mean over its respondents of their rescaled rating means (0–100)."""
    responses = responses_for(user).filter(campaign=campaign)
    answers = Answer.objects.filter(
        response__in=responses, score__isnull=False, question__kind=Question.Kind.RATING
    ).values_list(
        "response_id",
        "response__customer_id",
        "score",
        "question__scale_min",
        "question__scale_max",
    )
    by_response: dict[int, list[float]] = defaultdict(list)
    customer_of: dict[int, int] = {}
    for response_id, customer_id, score, low, high in answers:
        # Not null (filtered above); a rating's scale goes up (a constraint).
        given = float(score)  # type: ignore[arg-type]
        by_response[response_id].append((given - low) / (high - low) * 100)
        customer_of[response_id] = customer_id
    by_customer: dict[int, list[float]] = defaultdict(list)
    for response_id, scores in by_response.items():
        by_customer[customer_of[response_id]].append(sum(scores) / len(scores))
    return {pk: sum(means) / len(means) for pk, means in by_customer.items()}


def _hours(start: datetime, end: datetime | None) -> float | None:
    return (end - start).total_seconds() / 3600 if end is not None else None


def _mean(values: list[float | None]) -> float | None:
    given = [value for value in values if value is not None]
    return sum(given) / len(given) if given else None


def service_figures(
    customers: list[int], since: date, until: date
) -> dict[int, dict[str, float | None]]:
    """Customer pk → its figures over its cases opened from `since` to before `until`."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    end = timezone.make_aware(datetime.combine(until, time.min))
    cases = (
        Case.objects.filter(customer_id__in=customers, opened_at__gte=start, opened_at__lt=end)
        .exclude(state=Case.State.CANCELLED)
        .order_by()
        .annotate(visit_count=Count("visits", filter=~Q(visits__state=Visit.State.CANCELLED)))
        .values_list(
            "pk",
            "customer_id",
            "opened_at",
            "first_response_at",
            "on_site_at",
            "resolved_at",
            "visit_count",
        )
    )
    rows = list(cases)
    waits = parts_waiting_days([row[0] for row in rows], end)
    by_customer: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_customer[row[1]].append(row)
    figures = {}
    for customer_id, own in by_customer.items():
        fixed = [
            visits == 1 for _pk, _c, _o, _f, _s, resolved, visits in own if resolved and visits
        ]
        figures[customer_id] = {
            "first_response": _mean([_hours(row[2], row[3]) for row in own]),
            "on_site": _mean([_hours(row[2], row[4]) for row in own]),
            "restore": _mean([_hours(row[2], row[5]) for row in own]),
            "first_time_fix": 100 * sum(fixed) / len(fixed) if fixed else None,
            "parts_wait": _mean([waits.get(row[0], 0.0) for row in own]),
        }
    return figures


def parts_waiting_days(case_ids: list[int], end: datetime) -> dict[int, float]:
    """Case pk → days spent in "waiting for parts", from its timeline's moves into and out
    of that state; a wait still running counts up to `end`."""
    moves = (
        CaseEvent.objects.filter(case_id__in=case_ids, kind=CaseEvent.Kind.TRANSITION, at__lt=end)
        .filter(Q(data__target=WAITING_PARTS) | Q(data__source=WAITING_PARTS))
        .order_by("case_id", "at", "pk")
        .values_list("case_id", "at", "data")
    )
    days: dict[int, float] = defaultdict(float)
    waiting_since: dict[int, datetime] = {}
    for case_id, at, data in moves:
        if data.get("target") == WAITING_PARTS:
            waiting_since.setdefault(case_id, at)
        elif case_id in waiting_since:
            days[case_id] += (min(at, end) - waiting_since.pop(case_id)).total_seconds() / 86400
    for case_id, began in waiting_since.items():
        days[case_id] += max((end - began).total_seconds(), 0) / 86400
    return dict(days)
