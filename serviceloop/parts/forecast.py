"""Stocking-policy maths for spare parts with intermittent demand (pure Python, no Django).

Input is a part's monthly demand history: quantities issued per calendar month, oldest
first. Spare-part demand is intermittent — most months show nothing, then one or a few
pieces go at once — and for such series simple exponential smoothing or a moving average
decays towards zero after every empty month and jumps after every issue.

Croston (1972) smooths two series instead, updated only in months with demand: the size
of a demand, z, and the number of months between demands, p; the demand rate per month is
z / p. Syntetos and Boylan (2001, 2005) showed that this ratio is positively biased (the
expectation of 1/p is not 1/E[p]) and that multiplying it by (1 − α/2) nearly removes
the bias: the Syntetos–Boylan Approximation, SBA. SBA is what `recommend` uses. `croston`
and `tsb` (Teunter, Syntetos & Babai 2011, which also decays after months without demand)
are kept for comparison and for the tests.

The rate becomes a policy through the demand over the replenishment lead time, taken as
Poisson with mean μ = rate × lead time: the reorder point is the smallest stock whose
expected fill rate reaches the target. For repairable parts, Palm's theorem sizes the
pool of good spares that circulates through the repair loop.

References: J. D. Croston, "Forecasting and stock control for intermittent demands",
Operational Research Quarterly 23(3), 289–303 (1972). A. A. Syntetos & J. E. Boylan,
"The accuracy of intermittent demand estimates", International Journal of Forecasting
21(2), 303–314 (2005). R. H. Teunter, A. A. Syntetos & M. Z. Babai, "Intermittent demand:
linking forecasting to inventory obsolescence", EJOR 214(3), 606–615 (2011).
C. C. Sherbrooke, "Optimal Inventory Modeling of Systems", 2nd ed., Kluwer (2004), ch. 2.
"""

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

DAYS_PER_MONTH = 30.4375  # 365.25 / 12: the history is monthly, lead times are in days.
# HQ ships consolidated orders once a month and a replenishment takes weeks, so an order
# that covers three months of demand keeps the number of shipments (and customs
# declarations) per part low without tying up much stock in slow movers.
LOT_MONTHS = 3

INSTALLED_BASE = "installed_base"
SBA = "sba"


def _sizes_and_intervals(history: Sequence[float]) -> tuple[list[float], list[int]]:
    """The non-zero demands and the months from the previous demand to each of them; the
    first interval counts from the start of the history (the first month is month 1)."""
    sizes: list[float] = []
    intervals: list[int] = []
    last = 0
    for month, demand in enumerate(history, start=1):
        if demand > 0:
            sizes.append(float(demand))
            intervals.append(month - last)
            last = month
    return sizes, intervals


def _check_smoothing(*constants: float) -> None:
    if not all(0 < c <= 1 for c in constants):
        raise ValueError("smoothing constants must be in (0, 1]")


def croston(history: Sequence[float], alpha: float = 0.1) -> float:
    """Croston's demand rate per period, z / p.

    Initialisation (as in R's forecast::croston, Hyndman et al.): z starts at the first
    non-zero demand and p at the first interval, counted from the start of the history
    (a first demand in month 3 gives p = 3). Each later demand then updates both:
    z ← z + α(d − z), p ← p + α(interval − p). Months without demand change nothing.
    Empty history or no demand at all: 0.0.
    """
    _check_smoothing(alpha)
    sizes, intervals = _sizes_and_intervals(history)
    if not sizes:
        return 0.0
    z, p = sizes[0], float(intervals[0])
    for size, interval in zip(sizes[1:], intervals[1:], strict=True):
        z += alpha * (size - z)
        p += alpha * (interval - p)
    return z / p


def sba(history: Sequence[float], alpha: float = 0.1) -> float:
    """Syntetos–Boylan Approximation: Croston's rate corrected for its bias, (1 − α/2) z/p."""
    return (1 - alpha / 2) * croston(history, alpha)


def tsb(history: Sequence[float], alpha: float = 0.1, beta: float = 0.1) -> float:
    """Teunter–Syntetos–Babai rate, π · z: π, the probability of a demand in a month, is
    smoothed every month (towards 1 after a demand, towards 0 after an empty month, with β);
    z, the demand size, only in months with demand (with α).

    Initialisation, matching `croston`: at the first demand z is that demand and π is one
    over the first interval (a first demand in month 3 gives π = 1/3); the updates start
    with the month after. Empty history or no demand at all: 0.0.
    """
    _check_smoothing(alpha, beta)
    sizes, intervals = _sizes_and_intervals(history)
    if not sizes:
        return 0.0
    first = intervals[0]  # the 1-based month of the first demand
    z, probability = sizes[0], 1 / first
    for demand in history[first:]:
        if demand > 0:
            probability += beta * (1 - probability)
            z += alpha * (demand - z)
        else:
            probability -= beta * probability
    return probability * z


def _poisson_pmf(k: int, mu: float) -> float:
    # In logarithms, so that a large μ (e^−μ underflows past μ ≈ 745) still works.
    return math.exp(k * math.log(mu) - mu - math.lgamma(k + 1))


def poisson_cdf(k: int, mu: float) -> float:
    """P(N ≤ k) for N Poisson with mean mu: Σ_{i=0..k} e^−μ μ^i / i!."""
    if k < 0:
        return 0.0
    if mu <= 0:
        return 1.0
    return min(1.0, math.fsum(_poisson_pmf(i, mu) for i in range(k + 1)))


def _covered(mu: float) -> Iterator[tuple[float, float]]:
    """(E[min(D, S)], P(D > S)) for S = 0, 1, 2, …: each step adds P(D > S).

    P(D > 0) is −expm1(−μ), exact even for a tiny μ where 1 − e^−μ rounds to 0; later tails
    subtract one probability at a time and never go below 0.
    """
    covered, tail, stock = 0.0, -math.expm1(-mu), 0
    while True:
        yield covered, tail
        covered += tail
        stock += 1
        tail = max(0.0, tail - _poisson_pmf(stock, mu))


def fill_rate(stock: int, mu: float) -> float:
    """Expected fill rate of base-stock level S = `stock` against Poisson lead-time demand D
    of mean μ, the share of demand met from the shelf:

        fill rate = 1 − E[(D − S)⁺] / E[D] = E[min(D, S)] / μ = Σ_{j=0..S−1} P(D > j) / μ

    (E[min(D, S)] = Σ_{j<S} P(D > j), a finite sum, so no infinite tail is truncated).
    1.0 when μ == 0: there is no demand to miss. 0.0 for S ≤ 0 when μ > 0.
    """
    if mu <= 0:
        return 1.0
    covered, _tail = next(islice(_covered(mu), max(stock, 0), None))
    return min(1.0, covered / mu)


def reorder_point(mu: float, target: float) -> int:
    """The smallest S ≥ 0 with fill_rate(S, mu) ≥ target, for Poisson lead-time demand."""
    if not 0 <= target < 1:
        raise ValueError("the target fill rate must be in [0, 1)")
    if mu <= 0:
        return 0
    # The same running sum as fill_rate, so the two never disagree by a rounding error.
    for stock, (covered, tail) in enumerate(_covered(mu)):
        # A tail of 0 means every demand is covered, whatever rounding left in the ratio.
        if min(1.0, covered / mu) >= target or (stock > 0 and tail == 0.0):
            return stock
    raise AssertionError("unreachable: the fill rate tends to 1")


def pool_size(rate_per_day: float, turnaround_days: float, target: float) -> tuple[int, float]:
    """Good spares a repair loop needs, and the probability they achieve.

    Palm's theorem: when failures arrive as a Poisson process of rate λ and each repair
    takes a mean time T (any distribution), the number of units in repair at a random
    moment is Poisson with mean λT. A pool of s spares has no backorder as long as that
    pipeline does not exceed s, so (as in Sherbrooke's METRIC) the pool is the smallest s
    with P(pipeline ≤ s) = poisson_cdf(s, λT) ≥ target. Returns (s, P(pipeline ≤ s)).
    """
    if not 0 <= target < 1:
        raise ValueError("the target availability must be in [0, 1)")
    mean = max(rate_per_day, 0.0) * max(turnaround_days, 0.0)
    size = 0
    while (achieved := poisson_cdf(size, mean)) < target:
        size += 1
    return size, achieved


@dataclass(frozen=True)
class Recommendation:
    rate: float  # demand per month
    source: str  # INSTALLED_BASE or SBA
    total_demand: int  # sum of the history
    demand_count: int  # months with demand
    lead_time_demand: float  # μ = rate × lead time in days / DAYS_PER_MONTH
    reorder_point: int
    min_quantity: int
    max_quantity: int
    fill_rate: float  # achieved at the reorder point


def recommend(
    history: Sequence[int],
    *,
    lead_time_days: float,
    target_fill_rate: float,
    installed_positions: int,
    fleet_rate_per_position: float | None = None,
    critical: bool = False,
) -> Recommendation:
    """Min, reorder point and max for one part in one warehouse."""
    demand_count = sum(1 for demand in history if demand > 0)
    # Two demands are the fewest from which Croston/SBA learns an interval between demands;
    # with fewer, what the fleet uses per installed position times the positions this
    # office's machines have is the better guess. Own history, once it exists, wins: it
    # is this office's real usage, whatever the fleet average says.
    if demand_count < 2 and fleet_rate_per_position and installed_positions > 0:
        rate, source = fleet_rate_per_position * installed_positions, INSTALLED_BASE
    else:
        # SBA of one demand is that demand over its interval; of none, 0.0 (nothing known).
        rate, source = sba(history), SBA
    mu = rate * max(lead_time_days, 0) / DAYS_PER_MONTH
    point = reorder_point(mu, target_fill_rate)
    if critical and installed_positions > 0:
        # A critical part stops a line when it fails: order while one is still on the
        # shelf, however rare its demand.
        point = max(point, 1)
    # Nothing used and nothing at the reorder point: nothing is stocked (max 0). Otherwise
    # max sits one economic lot above the reorder point (min ≤ reorder point ≤ max are
    # database constraints).
    lot = max(1, round(rate * LOT_MONTHS)) if (rate > 0 or point > 0) else 0
    return Recommendation(
        rate=rate,
        source=source,
        total_demand=int(sum(history)),
        demand_count=demand_count,
        lead_time_demand=mu,
        reorder_point=point,
        # The safety floor: at or below it an order must go out.
        min_quantity=point,
        max_quantity=point + lot,
        fill_rate=fill_rate(point, mu),
    )
