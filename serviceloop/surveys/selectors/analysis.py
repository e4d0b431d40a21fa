"""A campaign's submitted answers as statistics (domain-reference §6.3, issue 23).

What is read: the responses `responses_for(user)` lets the user read (the office's; for
headquarters only contacts who consent to transfer abroad) with a `submitted_at` — a link
still being answered counts nowhere. Answers come in one `values_list()` query as columns
(selectors.answer_matrix), so the number of queries never depends on the number of
respondents; large campaigns' results are remembered (answer_matrix.remembered), in no
language: the labels and question texts below translate when read.

How the answers are read, by the section's dimension and the question's kind:
- "quality" items: rating questions of the service dimensions (TAN … TRN and OTHER, i.e.
  Part A). A dimension's index is the mean over respondents of each respondent's mean of
  the dimension's items they scored; the overall index the same over all quality items;
  importance likewise over the importance ratings. N/A and unanswered count in neither.
- CSI: the rating items of the OVR dimension (Part B), statistics.csi on their scale.
- NPS: the first "recommend" question (C1).
- IPA: the items that ask importance, at (mean importance, mean performance); the
  cross-hairs at the grand means of the plotted items' means.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.customers.models import Customer
from serviceloop.service.models import Case

from .. import statistics as stats
from ..models import Answer, Campaign, Question, Questionnaire, Response, Section
from ..models.texts import in_language
from . import answer_matrix as am
from .campaigns import campaigns_for
from .responses import responses_for

Dimension = Section.Dimension
Kind = Question.Kind
BREAKDOWNS = ("grade", "industry", "province", "engineer")


@dataclass(frozen=True)
class ItemResult:
    question_id: int
    code: str
    text_zh: str
    text_en: str
    text_es: str
    dimension: str
    kind: str
    scale_min: int
    scale_max: int
    performance: stats.Summary
    importance: stats.Summary | None  # None when the question does not ask importance
    quadrant: str | None = None  # one of statistics.QUADRANTS when it is an IPA point

    @property
    def text(self) -> str:
        return in_language(self, "text")


@dataclass(frozen=True)
class DimensionResult:
    code: str
    items: list[str]
    index: float | None
    importance: float | None
    respondents: int  # who scored at least one of its items
    alpha: float | None  # None: "too few answers" (statistics.cronbach_alpha)
    alpha_rows: int  # complete rows alpha was computed on

    @property
    def label(self) -> str:
        return str(Dimension(self.code).label)


@dataclass(frozen=True)
class IpaPoint:
    code: str
    importance: float
    performance: float
    quadrant: str


@dataclass
class CampaignAnalysis:
    campaign: Campaign
    respondents: int
    items: list[ItemResult] = field(default_factory=list)
    dimensions: list[DimensionResult] = field(default_factory=list)
    overall: float | None = None
    csi: float | None = None
    nps: stats.Nps = stats.NO_NPS
    ipa: list[IpaPoint] = field(default_factory=list)
    cross_importance: float | None = None
    cross_performance: float | None = None

    def item(self, code: str) -> ItemResult | None:
        return next((item for item in self.items if item.code == code), None)

    def dimension(self, code: str) -> DimensionResult | None:
        return next((row for row in self.dimensions if row.code == code), None)


@dataclass(frozen=True)
class TrendPoint:
    campaign: Campaign
    respondents: int
    overall: float | None
    csi: float | None
    nps: float | None
    dimensions: dict[str, float | None]


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    respondents: int
    overall: float | None
    csi: float | None
    nps: float | None


@dataclass(frozen=True)
class Comment:
    response_id: int
    customer: str
    surveyed_on: date
    code: str  # the text question's code (C3)
    text: str
    overall: float | None  # the respondent's mean over the quality items
    recommend: int | None
    low_items: list[str]  # codes scored in the bottom two points of their scale


def _submitted(user: User, campaigns: list[int]) -> QuerySet[Response]:
    return responses_for(user).filter(campaign_id__in=campaigns)


def _dimensions(matrix: am.Matrix, questions: list[Question]) -> list[DimensionResult]:
    by_dimension: dict[str, list[Question]] = defaultdict(list)
    for question in questions:
        if am.is_quality(question):
            by_dimension[question.section.dimension].append(question)
    results = []
    for code, items in by_dimension.items():
        columns = [matrix.column(q) for q in items]
        means = am.row_means(columns)
        complete = [row for row in zip(*columns, strict=True) if None not in row]
        results.append(
            DimensionResult(
                code=code,
                items=[q.code for q in items],
                index=stats.mean(means),
                importance=stats.mean(am.row_means([matrix.importance(q) for q in items])),
                respondents=len(means) - means.count(None),
                # Alpha drops incomplete rows itself: given the complete ones only, it
                # finds the same rows, and alpha_rows is their count.
                alpha=stats.cronbach_alpha(complete),
                alpha_rows=len(complete),
            )
        )
    return results


def _analysis(campaign: Campaign, matrix: am.Matrix, questions, figures) -> CampaignAnalysis:
    """The analysis of the matrix; `figures`: answer_matrix.per_respondent of it."""
    scaled = [q for q in questions if q.is_scaled]
    performance = {q.pk: stats.describe(matrix.column(q)) for q in scaled}
    importance = {q.pk: stats.describe(matrix.importance(q)) for q in scaled if q.asks_importance}
    plotted = [
        q
        for q in scaled
        if q.pk in importance
        and performance[q.pk].mean is not None
        and importance[q.pk].mean is not None
    ]
    cross_importance = stats.mean([importance[q.pk].mean for q in plotted])
    cross_performance = stats.mean([performance[q.pk].mean for q in plotted])
    quadrants = {
        q.pk: stats.quadrant(
            importance[q.pk].mean, performance[q.pk].mean, cross_importance, cross_performance
        )
        for q in plotted
    }
    items = [
        ItemResult(
            question_id=q.pk,
            code=q.code,
            text_zh=q.text_zh,
            text_en=q.text_en,
            text_es=q.text_es,
            dimension=q.section.dimension,
            kind=q.kind,
            scale_min=q.scale_min,
            scale_max=q.scale_max,
            performance=performance[q.pk],
            importance=importance.get(q.pk),
            quadrant=quadrants.get(q.pk),
        )
        for q in scaled
    ]
    overall, csi, nps = am.headline(list(figures.values()))
    return CampaignAnalysis(
        campaign=campaign,
        respondents=len(matrix.respondents),
        items=items,
        dimensions=_dimensions(matrix, questions),
        overall=overall,
        csi=csi,
        nps=nps,
        ipa=[
            IpaPoint(q.code, mean_i, mean_p, quadrants[q.pk])
            for q in plotted
            if (mean_i := importance[q.pk].mean) is not None
            and (mean_p := performance[q.pk].mean) is not None
        ],
        cross_importance=cross_importance,
        cross_performance=cross_performance,
    )


def analyse(campaign: Campaign, user: User) -> CampaignAnalysis:
    """The campaign's analysis over the responses the user may read: four queries (one
    when a large campaign's results are remembered)."""
    responses = _submitted(user, [campaign.pk])
    identity = am.identity(responses)

    def compute() -> CampaignAnalysis:
        matrix, questions = _matrix(campaign, responses)
        figures = am.per_respondent(matrix, questions)
        # What breakdown() and comments() read on the same page, from the same answers:
        # remembered now rather than loaded again.
        am.remember("respondents", identity, figures)
        return _analysis(campaign, matrix, questions, figures)

    return replace(am.remembered("analyse", identity, compute), campaign=campaign)


def _matrix(campaign: Campaign, responses: QuerySet[Response]):
    respondents = list(responses.order_by("pk").values_list("pk", flat=True))
    questions = am.questions_of([campaign.version_id])
    return am.load(responses, respondents, questions), questions


def _respondents(campaign: Campaign, responses: QuerySet[Response]) -> dict:
    """{response pk: answer_matrix.Respondent} of the campaign's readable responses."""

    def compute() -> dict:
        return am.per_respondent(*_matrix(campaign, responses))

    return am.remembered("respondents", am.identity(responses), compute)


def trend(questionnaire: Questionnaire, user: User) -> list[TrendPoint]:
    """Overall index, CSI, NPS and dimension indexes of each of the questionnaire's
    campaigns the user sees, oldest first (five queries; two when remembered). Each campaign
    is read with its own version's questions; dimensions compare by code across versions."""
    campaigns = list(
        campaigns_for(user)
        .filter(version__questionnaire=questionnaire)
        .order_by("created_at", "pk")
    )
    responses = _submitted(user, [c.pk for c in campaigns])
    figures = am.remembered(
        "trend", am.identity(responses), lambda: _trend_figures(campaigns, responses)
    )
    points = []
    for campaign in campaigns:
        respondents, overall, csi, nps, dimensions = figures.get(
            campaign.pk, (0, None, None, None, {})
        )
        points.append(TrendPoint(campaign, respondents, overall, csi, nps, dimensions))
    return points


def _trend_figures(campaigns: list[Campaign], responses: QuerySet[Response]) -> dict:
    by_campaign: dict[int, list[int]] = defaultdict(list)
    for pk, campaign_id in responses.order_by("pk").values_list("pk", "campaign_id"):
        by_campaign[campaign_id].append(pk)
    questions = am.questions_of({c.version_id for c in campaigns})
    everyone = [pk for pks in by_campaign.values() for pk in pks]
    matrix = am.load(responses, everyone, questions)
    figures = {}
    for campaign in campaigns:
        asked = [q for q in questions if q.version_id == campaign.version_id]
        theirs = matrix.of(by_campaign.get(campaign.pk, []))
        overall, csi, nps = am.headline(list(am.per_respondent(theirs, asked).values()))
        dimensions = {row.code: row.index for row in _dimensions(theirs, asked)}
        figures[campaign.pk] = (len(theirs.respondents), overall, csi, nps.score, dimensions)
    return figures


def _engineers(rows) -> dict[int, tuple[str, str]]:
    """{response pk: (engineer pk, name)}: the assignee of the case the response is linked
    to, else of the customer's most recent case opened on or before the survey date (the
    engineer the respondent last met); ("", "") when there is none."""
    cases = (
        Case.objects.filter(
            customer_id__in={row["customer_id"] for row in rows}, assignee__isnull=False
        )
        .order_by("opened_at", "pk")
        .values_list("pk", "customer_id", "opened_at", "assignee_id", "assignee__full_name")
    )
    by_pk, by_customer = {}, defaultdict(list)
    for pk, customer_id, opened_at, assignee_id, name in cases:
        by_pk[pk] = (str(assignee_id), name)
        by_customer[customer_id].append((opened_at.date(), (str(assignee_id), name)))
    found = {}
    for row in rows:
        engineer = by_pk.get(row["case_id"])
        if engineer is None:
            before = [e for day, e in by_customer[row["customer_id"]] if day <= row["surveyed_on"]]
            engineer = before[-1] if before else ("", "")
        found[row["pk"]] = engineer
    return found


def breakdown(campaign: Campaign, by: str, user: User) -> list[Group]:
    """Overall index, CSI and NPS per customer grade, industry, province or engineer (see
    _engineers), largest group first. Constant queries: the groups are read fresh, the
    respondents' figures may be remembered."""
    if by not in BREAKDOWNS:
        raise ValueError(by)
    responses = _submitted(user, [campaign.pk]).order_by()
    if by == "engineer":
        rows = list(responses.values("pk", "case_id", "customer_id", "surveyed_on"))
        engineers = _engineers(rows)
        keyed = [(row["pk"], *engineers[row["pk"]]) for row in rows]
    elif by == "province":
        keyed = list(
            responses.values_list("pk", "customer__province_id", "customer__province__name")
        )
    else:
        choices = Customer.Grade.choices if by == "grade" else Customer.Industry.choices
        labels = {key: str(label) for key, label in choices}
        keyed = [
            (pk, key, labels.get(key, ""))
            for pk, key in responses.values_list("pk", f"customer__{by}")
        ]
    figures = _respondents(campaign, responses)
    unknown = _("No case before the survey") if by == "engineer" else _("Not known")
    members: dict[tuple[str, str], list[am.Respondent]] = defaultdict(list)
    for pk, key, label in keyed:
        if pk in figures:
            members[(key or "", label or unknown)].append(figures[pk])
    groups = []
    for (key, label), respondents in members.items():
        overall, csi, nps = am.headline(respondents)
        groups.append(Group(key, label, len(respondents), overall, csi, nps.score))
    return sorted(groups, key=lambda group: (-group.respondents, group.label))


def comments(campaign: Campaign, user: User) -> list[Comment]:
    """The written answers, each with the respondent's mean over the Part A items, the
    recommendation and the items scored in the bottom two points, newest survey first
    (four queries, seven when the respondents' figures are not remembered)."""
    responses = _submitted(user, [campaign.pk])
    text_questions = Question.objects.filter(version_id=campaign.version_id, kind=Kind.TEXT)
    texts = dict(text_questions.values_list("pk", "code"))
    written: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for response_id, question_id, text in (
        Answer.objects.filter(response_id__in=responses.values("pk"), question_id__in=texts)
        .exclude(text="")
        .order_by("question__position", "question_id")
        .values_list("response_id", "question_id", "text")
    ):
        if text.strip():
            written[response_id].append((texts[question_id], text.strip()))
    rows = (
        responses.filter(pk__in=written)
        .order_by("-surveyed_on", "-pk")
        .values_list("pk", "surveyed_on", "customer__code", "customer__name_zh")
    )
    figures = _respondents(campaign, responses)
    return [
        Comment(
            response_id=pk,
            customer=f"{code} {name}",
            surveyed_on=surveyed_on,
            code=question_code,
            text=text,
            overall=figures[pk].overall,
            recommend=figures[pk].recommend,
            low_items=list(figures[pk].low),
        )
        for pk, surveyed_on, code, name in rows
        for question_code, text in written[pk]
    ]
