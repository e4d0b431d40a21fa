"""The answers of many respondents as columns, for the analysis (selectors.analysis).

One values_list query loads the scores and importances of a set of responses' scaled
questions into one column a question, one row a respondent; everything the analysis
shows is computed from these columns in Python, so the number of queries never depends
on the number of respondents.

Large campaigns are remembered in Django's cache: submitted answers never change (a link
response takes no answers once sent, a paper one is recorded in one transaction), so the
set of submitted responses read — its count, Σpk, Σpk² and latest submission — identifies
what the results were computed from. A new, withdrawn or newly readable response changes
the key; nothing has to be invalidated. What is remembered holds no text in the reader's
language (the results translate when read), so one entry serves every language; a task
computes it again after each new response (tasks.remember_campaign_analysis).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, F, Max, QuerySet, Sum

from .. import statistics as stats
from ..models import Answer, Question, Response, Section

# Below this many respondents the analysis takes a few milliseconds: not worth a cache
# entry (and never a stale one).
CACHE_FROM = 500
CACHE_SECONDS = 24 * 3600
# In every key: bump it when what is remembered changes shape, so that a deploy never
# unpickles the previous release's results from a shared cache.
KEY_VERSION = 2

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
    # Every answer of the responses, the few text and choice ones skipped below: also
    # filtering on the questions makes SQLite probe its (response, question) index once a
    # pair, 155,000 probes for 5,000 respondents, instead of reading each response's
    # answers in a row. No ordering: Answer's Meta ordering would join and sort for nothing.
    rows = (
        Answer.objects.filter(response_id__in=responses.values("pk"))
        .order_by()
        .values_list("response_id", "question_id", "score", "importance")
    )
    scores, importances = matrix.scores, matrix.importances
    for response_id, question_id, score, importance in rows:
        n = position.get(response_id)
        column = scores.get(question_id)
        if n is not None and column is not None:
            column[n] = score
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


class Respondent(NamedTuple):
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
    nobody: list = [None] * len(matrix.respondents)
    items = [q for q in questions if is_quality(q)]
    overall = row_means([matrix.column(q) for q in items]) or nobody
    # Whether each score is in the bottom two points, then each respondent's codes so
    # flagged: map() and compress() walk the 5,000 × 20 scores in C, not in a Python loop.
    codes = [q.code for q in items]
    flags = [
        list(map({q.scale_min, q.scale_min + 1}.__contains__, matrix.column(q))) for q in items
    ]
    bottom = [tuple(compress(codes, row)) for row in zip(*flags, strict=True)]
    if not items:
        bottom = [()] * len(matrix.respondents)
    part_b = [q for q in questions if is_overall(q)]
    csi: list[float | None] = nobody
    if part_b:
        # statistics.csi of the respondent's row alone: their unweighted mean, rescaled.
        low, high = part_b[0].scale_min, part_b[0].scale_max
        means = row_means([matrix.column(q) for q in part_b])
        csi = [None if m is None else stats.rescaled(m, low, high) for m in means]
    recommend = recommend_question(questions)
    scores = matrix.column(recommend) if recommend else nobody
    return {
        pk: Respondent(overall[n], csi[n], scores[n], bottom[n])
        for n, pk in enumerate(matrix.respondents)
    }


def headline(respondents: list[Respondent]) -> tuple[float | None, float | None, stats.Nps]:
    """Overall index, CSI and NPS of these respondents."""
    return (
        stats.mean([r.overall for r in respondents]),
        stats.mean([r.csi for r in respondents]),
        stats.nps([r.recommend for r in respondents]),
    )


def identity(responses: QuerySet[Response]) -> str | None:
    """What results computed from these responses are remembered under (the module's
    docstring), in one query; None when they are fewer than CACHE_FROM."""
    stamp = responses.order_by().aggregate(
        n=Count("pk"), total=Sum("pk"), squares=Sum(F("pk") * F("pk")), last=Max("submitted_at")
    )
    if stamp["n"] < CACHE_FROM:
        return None
    return hashlib.sha256("|".join(str(v) for v in stamp.values()).encode()).hexdigest()


def _key(name: str, identity: str) -> str:
    return f"surveys.analysis.v{KEY_VERSION}.{name}.{identity}"


def remembered(name: str, identity: str | None, compute: Callable[[], object]):
    """compute(), kept in the cache under `identity` (see identity()); computed every time
    when that is None."""
    if identity is None:
        return compute()
    found = cache.get(_key(name, identity))
    if found is None:
        found = compute()
        cache.set(_key(name, identity), found, CACHE_SECONDS)
    return found


def remember(name: str, identity: str | None, value: object) -> None:
    """Keeps `value` as remembered() would have (a result computed along with another)."""
    if identity is not None:
        cache.set(_key(name, identity), value, CACHE_SECONDS)
