"""The answers of many respondents as columns, for the analysis (selectors.analysis).

One values_list query loads the scores and importances of a set of responses' scaled
questions into one column a question, one row a respondent; everything the analysis
shows is computed from these columns in Python, so the number of queries never depends
on the number of respondents.

Large campaigns are remembered in Django's cache: submitted answers never change (a link
response takes no answers once sent, a paper one is recorded in one transaction), so the
set of submitted responses read — its count, Σpk, Σpk² and latest submission — identifies
what the results were computed from. A new, withdrawn or newly readable response changes
the key; nothing has to be invalidated.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Max, QuerySet, Sum
from django.utils.translation import get_language

from .. import statistics as stats
from ..models import Answer, Question, Response, Section

# Below this many respondents the analysis takes a few milliseconds: not worth a cache
# entry (and never a stale one).
CACHE_FROM = 500
CACHE_SECONDS = 24 * 3600

Dimension = Section.Dimension
# Dimensions that are not Part A: read as CSI, NPS/loyalty items, or text.
NOT_QUALITY = {Dimension.OVERALL, Dimension.LOYALTY, Dimension.OPEN}


def is_quality(question: Question) -> bool:
    """A Part A item: a rating question of a service-quality dimension."""
    return question.kind == Question.Kind.RATING and question.section.dimension not in NOT_QUALITY


def is_overall(question: Question) -> bool:
    """A Part B item (ACSI-style overall satisfaction), read into the CSI."""
    return question.kind == Question.Kind.RATING and question.section.dimension == "OVR"


def recommend_question(questions: list[Question]) -> Question | None:
    return next((q for q in questions if q.kind == Question.Kind.RECOMMEND), None)


def questions_of(version_ids) -> list[Question]:
    return list(
        Question.objects.filter(version_id__in=version_ids)
        .select_related("section")
        .order_by("version_id", "section__position", "position", "pk")
    )


@dataclass
class Matrix:
    """Scores and importances, one list a question, one position a respondent (None: not
    answered or not applicable)."""

    respondents: list[int]
    scores: dict[int, list] = field(default_factory=dict)
    importances: dict[int, list] = field(default_factory=dict)

    def column(self, question: Question) -> list:
        return self.scores.get(question.pk) or [None] * len(self.respondents)

    def importance(self, question: Question) -> list:
        return self.importances.get(question.pk) or [None] * len(self.respondents)

    def of(self, respondents: list[int]) -> "Matrix":
        """The same answers for some of the respondents only (a campaign, a group)."""
        position = {pk: n for n, pk in enumerate(self.respondents)}
        rows = [position[pk] for pk in respondents]
        return Matrix(
            respondents,
            {q: [column[n] for n in rows] for q, column in self.scores.items()},
            {q: [column[n] for n in rows] for q, column in self.importances.items()},
        )


def load(responses: QuerySet[Response], respondents: list[int], questions) -> Matrix:
    """The matrix of these respondents (pks of `responses`) over the scaled questions."""
    matrix = Matrix(respondents)
    scaled = [q.pk for q in questions if q.is_scaled]
    for pk in scaled:
        matrix.scores[pk] = [None] * len(respondents)
        matrix.importances[pk] = [None] * len(respondents)
    position = {pk: n for n, pk in enumerate(respondents)}
    # No ordering: Answer's Meta ordering would join and sort every answer for nothing.
    rows = (
        Answer.objects.filter(response_id__in=responses.values("pk"), question_id__in=scaled)
        .order_by()
        .values_list("response_id", "question_id", "score", "importance")
    )
    scores, importances = matrix.scores, matrix.importances
    for response_id, question_id, score, importance in rows:
        n = position.get(response_id)
        if n is not None:
            scores[question_id][n] = score
            importances[question_id][n] = importance
    return matrix


def row_means(columns: list[list]) -> list[float | None]:
    """Each respondent's mean of the values they gave across the columns."""
    means: list[float | None] = []
    for row in zip(*columns, strict=True):
        if None in row:
            given = [x for x in row if x is not None]
            means.append(sum(given) / len(given) if given else None)
        else:
            means.append(sum(row) / len(row))
    return means


@dataclass(frozen=True)
class Respondent:
    """What one respondent contributes to the headline figures: the mean of the Part A
    items they scored, their CSI (statistics.csi of their B items) and their 0–10
    recommendation. The campaign's (or a group's) figures are the mean of the first two
    and statistics.nps of the third. `low`: the Part A items they scored in the bottom
    two points of the scale (what a comment is read beside)."""

    overall: float | None
    csi: float | None
    recommend: int | None
    low: tuple[str, ...] = ()


def per_respondent(matrix: Matrix, questions: list[Question]) -> dict[int, Respondent]:
    items = [q for q in questions if is_quality(q)]
    quality = [matrix.column(q) for q in items]
    overall = row_means(quality) if quality else [None] * len(matrix.respondents)
    bottom: list[list[str]] = [[] for _ in matrix.respondents]
    for question, column in zip(items, quality, strict=True):
        for n, score in enumerate(column):
            if score is not None and score <= question.scale_min + 1:
                bottom[n].append(question.code)
    part_b = [q for q in questions if is_overall(q)]
    if part_b:
        low, high = part_b[0].scale_min, part_b[0].scale_max
        rows = zip(*(matrix.column(q) for q in part_b), strict=True)
        csi = [stats.csi([list(row)], low=low, high=high) for row in rows]
    else:
        csi = [None] * len(matrix.respondents)
    recommend = recommend_question(questions)
    scores = matrix.column(recommend) if recommend else [None] * len(matrix.respondents)
    return {
        pk: Respondent(overall[n], csi[n], scores[n], tuple(bottom[n]))
        for n, pk in enumerate(matrix.respondents)
    }


def headline(respondents: list[Respondent]) -> tuple[float | None, float | None, stats.Nps]:
    """Overall index, CSI and NPS of these respondents."""
    return (
        stats.mean([r.overall for r in respondents]),
        stats.mean([r.csi for r in respondents]),
        stats.nps([r.recommend for r in respondents]),
    )


def remembered(name: str, responses: QuerySet[Response], compute: Callable[[], object]):
    """compute(), kept in the cache under the identity of the responses it reads (see the
    module's docstring) when they are at least CACHE_FROM; one query when remembered."""
    stamp = responses.order_by().aggregate(
        n=Count("pk"), total=Sum("pk"), squares=Sum(F("pk") * F("pk")), last=Max("submitted_at")
    )
    if stamp["n"] < CACHE_FROM:
        return compute()
    identity = "|".join([name, get_language() or "", *(str(v) for v in stamp.values())])
    key = "surveys.analysis." + hashlib.sha256(identity.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found
