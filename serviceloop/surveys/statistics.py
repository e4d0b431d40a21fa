"""Statistics of survey answers: pure Python, no Django, no numpy.

Every function takes plain lists (``None`` = not answered) so that the selectors can
feed them straight from ``values()`` rows and the tests can check them by hand. The
formulas are the ones of domain-reference §6.3 and are stated in each docstring; the
analysis page repeats them to the reader.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

# Below this many complete rows Cronbach's alpha swings too much to be shown
# (the page says "too few answers"). Ten is the floor the office can reach in one
# campaign; domain-reference §6.3 asks for 30–50 when piloting a new scale.
MIN_RESPONDENTS = 10

CONCENTRATE = "concentrate"
KEEP_UP = "keep_up"
LOW_PRIORITY = "low_priority"
OVERKILL = "overkill"
QUADRANTS = (CONCENTRATE, KEEP_UP, LOW_PRIORITY, OVERKILL)


@dataclass(frozen=True)
class Summary:
    """Count, mean, sample standard deviation and distribution of one item's answers."""

    n: int
    mean: float | None
    sd: float | None
    distribution: dict[int, int] = field(default_factory=dict)
    missing: int = 0


@dataclass(frozen=True)
class Nps:
    """Net promoter score: shares in percent and score = %promoters − %detractors."""

    n: int
    promoters: float | None
    passives: float | None
    detractors: float | None
    score: float | None


NO_NPS = Nps(0, None, None, None, None)


@dataclass(frozen=True)
class Ols:
    """Least-squares fit y = b0 + b1·x1 + … + bk·xk on the complete rows."""

    n: int
    coefficients: list[float]  # [b0 (intercept), b1, …, bk]
    r_squared: float | None


def _answered(values) -> list:
    return [v for v in values if v is not None]


def _moments(answered) -> tuple[int, float | None, float | None]:
    """n, mean and sample variance of answered values, counted by distinct value (answers
    take few values, so 5,000 scores are a handful of products)."""
    return _moments_of(Counter(answered))


def _moments_of(counts: Counter) -> tuple[int, float | None, float | None]:
    n = counts.total()
    if n == 0:
        return 0, None, None
    centre = math.fsum(x * c for x, c in counts.items()) / n
    if n < 2:
        return n, centre, None
    spread = math.fsum(c * (x - centre) ** 2 for x, c in counts.items())
    return n, centre, spread / (n - 1)


def mean(values) -> float | None:
    """Arithmetic mean of the answered values: Σx / n; None when n = 0."""
    answered = _answered(values)
    return math.fsum(answered) / len(answered) if answered else None


def variance(values) -> float | None:
    """Sample variance of the answered values: Σ(x − x̄)² / (n − 1); None when n < 2."""
    return _moments(_answered(values))[2]


def describe(values) -> Summary:
    """Summary of one item.

    n = answered values; missing = values that are None; mean = Σx / n (None when
    n = 0); sd = √(Σ(x − x̄)² / (n − 1)), the sample standard deviation (None when
    n < 2); distribution = how many answers gave each whole score, ascending.
    """
    # One counting pass serves the moments, the distribution and the missing count.
    counts = Counter(values)
    missing = counts.pop(None, 0)
    n, centre, var = _moments_of(counts)
    distribution: dict[int, int] = {}
    for value, count in sorted(counts.items()):
        distribution[round(value)] = distribution.get(round(value), 0) + count
    return Summary(
        n=n,
        mean=centre,
        sd=None if var is None else math.sqrt(var),
        distribution=distribution,
        missing=missing,
    )


def rescaled(value, low, high) -> float:
    """A mean score on the low–high scale as 0–100: (x − low) / (high − low) × 100 (one
    respondent's CSI, unweighted, is their mean of the B items rescaled)."""
    return (value - low) / (high - low) * 100


def csi(rows, low=1, high=10, weights=None) -> float | None:
    """Customer satisfaction index 0–100 (ACSI-like, domain-reference §6.3).

    For each respondent (row of the B items): the weighted mean of the answered items,
    x̄ᵣ = Σ wᵢxᵢ / Σ wᵢ over the answered i only, rescaled to (x̄ᵣ − low) / (high − low)
    × 100; then CSI = the mean of these over the respondents who answered at least one
    item. Weights are equal unless given (one per column). None when nobody answered.
    """
    per_respondent = []
    for row in rows:
        row_weights = weights or [1] * len(row)
        pairs = [(w, x) for w, x in zip(row_weights, row, strict=True) if x is not None]
        total_weight = math.fsum(w for w, _ in pairs)
        if not pairs or total_weight == 0:
            continue
        weighted = math.fsum(w * x for w, x in pairs) / total_weight
        per_respondent.append(rescaled(weighted, low, high))
    return mean(per_respondent)


def nps(scores) -> Nps:
    """Net promoter score of 0–10 answers (Reichheld 2003; domain-reference §6.3).

    Promoters answer 9–10, passives 7–8, detractors 0–6; each share is
    count / n × 100 over the n answered; score = %promoters − %detractors
    (−100 … 100). All fields but n are None when n = 0.
    """
    answered = _answered(scores)
    n = len(answered)
    if n == 0:
        return NO_NPS
    promoters = sum(1 for s in answered if s >= 9) * 100 / n
    detractors = sum(1 for s in answered if s <= 6) * 100 / n
    passives = 100 - promoters - detractors
    return Nps(n, promoters, passives, detractors, promoters - detractors)


def cronbach_alpha(matrix, minimum=MIN_RESPONDENTS) -> float | None:
    """Cronbach's alpha of the items (columns) of a scale, rows = respondents.

    Listwise deletion: only rows with every item answered count. With k items,
    σᵢ² the sample variance of item i and σₜ² the sample variance of the row totals:
    α = k / (k − 1) × (1 − Σσᵢ² / σₜ²). None ("too few answers") when fewer than
    ``minimum`` complete rows (and never fewer than 2), fewer than 2 items, or σₜ² = 0.
    """
    complete = [row for row in matrix if None not in row]
    if len(complete) < max(minimum, 2) or not complete:
        return None
    k = len(complete[0])
    if k < 2:
        return None
    # Complete rows hold no None: their columns and totals go straight to the moments.
    item_variances = [_moments(column)[2] for column in zip(*complete, strict=True)]
    total_variance = _moments(list(map(sum, complete)))[2]
    if not total_variance:
        return None
    return k / (k - 1) * (1 - math.fsum(v or 0.0 for v in item_variances) / total_variance)


def quadrant(importance, performance, cross_importance, cross_performance) -> str:
    """Importance–performance quadrant (Martilla & James 1977).

    High importance = importance ≥ cross_importance, high performance = performance ≥
    cross_performance (a point on a cross-hair counts as high). High I, low P:
    "concentrate"; high I, high P: "keep_up"; low I, low P: "low_priority"; low I,
    high P: "overkill".
    """
    important = importance >= cross_importance
    performing = performance >= cross_performance
    if important:
        return KEEP_UP if performing else CONCENTRATE
    return OVERKILL if performing else LOW_PRIORITY


def _pairs(xs, ys):
    return [(x, y) for x, y in zip(xs, ys, strict=True) if x is not None and y is not None]


def pearson(xs, ys) -> float | None:
    """Pearson correlation over the pairs where both are answered.

    r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²); None when fewer than 3 pairs
    or either side does not vary.
    """
    pairs = _pairs(xs, ys)
    if len(pairs) < 3:
        return None
    mx = math.fsum(x for x, _ in pairs) / len(pairs)
    my = math.fsum(y for _, y in pairs) / len(pairs)
    sxy = math.fsum((x - mx) * (y - my) for x, y in pairs)
    sxx = math.fsum((x - mx) ** 2 for x, _ in pairs)
    syy = math.fsum((y - my) ** 2 for _, y in pairs)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def ranks(values) -> list[float]:
    """Ranks 1…n of the values, ties given the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1
        for position in range(start, end + 1):
            result[order[position]] = shared
        start = end + 1
    return result


def spearman(xs, ys) -> float | None:
    """Spearman rank correlation: Pearson's r of the ranks (ties at mean rank) of the
    pairs where both are answered; None as for ``pearson``."""
    pairs = _pairs(xs, ys)
    if len(pairs) < 3:
        return None
    return pearson(ranks([x for x, _ in pairs]), ranks([y for _, y in pairs]))


def _solve(a, b):
    """Solve a·x = b by Gaussian elimination with partial pivoting; None if singular."""
    size = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(m[r][col]))
        if abs(m[pivot][col]) < 1e-12:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(size):
            if r != col:
                factor = m[r][col] / m[col][col]
                m[r] = [v - factor * p for v, p in zip(m[r], m[col], strict=True)]
    return [m[i][size] / m[i][i] for i in range(size)]


def ols(y, columns) -> Ols | None:
    """Ordinary least squares of y on the columns, with an intercept.

    Rows with any value missing are left out. Coefficients b solve the normal
    equations (XᵀX) b = Xᵀy with X = [1, x1, …, xk]; R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)².
    None when there are not more complete rows than coefficients or XᵀX is singular
    (a column constant or a copy of another).
    """
    rows = [
        (target, [1.0, *xs])
        for target, *xs in zip(y, *columns, strict=True)
        if target is not None and all(x is not None for x in xs)
    ]
    width = len(columns) + 1
    if len(rows) <= width:
        return None
    xtx = [[math.fsum(x[i] * x[j] for _, x in rows) for j in range(width)] for i in range(width)]
    xty = [math.fsum(x[i] * target for target, x in rows) for i in range(width)]
    b = _solve(xtx, xty)
    if b is None:
        return None
    targets = [target for target, _ in rows]
    centre = math.fsum(targets) / len(targets)
    total = math.fsum((t - centre) ** 2 for t in targets)
    residual = math.fsum(
        (t - math.fsum(bi * xi for bi, xi in zip(b, x, strict=True))) ** 2 for t, x in rows
    )
    return Ols(len(rows), b, None if total == 0 else 1 - residual / total)
