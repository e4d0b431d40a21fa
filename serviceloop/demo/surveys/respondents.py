"""One demo respondent's answers, drawn from what the customer lived through.

Each rating is a latent score — the item's mean (profiles.PART_A), the customer's and the
person's mood, a shared effect per dimension (so a dimension's items hang together and its
Cronbach's alpha is real), the customer's waits for parts and P1 breakdowns — plus noise,
rounded and cut to the scale: Likert answers bunch around the mean and pile up at the top,
never uniform. Part B follows the Part A mean, the recommendation follows Part B.
"""

import random
from dataclasses import dataclass

from . import profiles

Answer = tuple[int | None, int | None, bool, str]  # score, importance, N/A, text


@dataclass(frozen=True)
class Who:
    """What drives one respondent's answers."""

    mood: float  # the customer's and the person's, on the 1–5 scale
    parts_wait: float  # 0 (never waited) to 1 (waited weeks)
    p1_cases: int  # production-stop cases in the year before the campaign
    order: int  # the campaign: 0 the oldest
    engineer: str  # username of the engineer the customer met last
    language: str
    skips_importance: bool  # answers no importance at all (paper forms, hurried readers)


def _cut(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _responsiveness(p1_cases: int) -> float:
    """Customers whose line stopped often judge the response harder."""
    return 0.3 - 0.15 * min(p1_cases, 6)


def part_a(rng: random.Random, who: Who, dimensions: dict[str, str]) -> dict[str, Answer]:
    shared = {dimension: rng.gauss(0, 0.42) for dimension in set(dimensions.values())}
    importance_bias = rng.gauss(0, 0.3)
    answers: dict[str, Answer] = {}
    for code, (mean, importance_mean, not_applicable) in profiles.PART_A.items():
        if code not in dimensions:
            continue
        if rng.random() < 0.012:  # skipped
            continue
        importance = None
        if not who.skips_importance and rng.random() > 0.02:
            importance = _cut(importance_mean + importance_bias + rng.gauss(0, 0.55), 1, 5)
        if rng.random() < not_applicable:
            answers[code] = (None, None, True, "")
            continue
        latent = (
            mean
            + who.mood
            + shared[dimensions[code]]
            - profiles.PARTS_WAIT_WEIGHT.get(code, 0.0) * who.parts_wait
            + profiles.IMPROVING.get(code, 0.0) * who.order
            + rng.gauss(0, 0.5)
        )
        if code in profiles.RESPONSIVENESS:
            latent += _responsiveness(who.p1_cases)
        answers[code] = (_cut(latent, 1, 5), importance, False, "")
    return answers


def part_b_c(rng: random.Random, who: Who, a: dict[str, Answer]) -> dict[str, Answer]:
    """Overall satisfaction (1–10), the recommendation (0–10), buying again (1–5)."""
    scores = [score for score, _i, _na, _t in a.values() if score is not None]
    performance = sum(scores) / len(scores) if scores else 3.5
    # Parts waits weigh on the overall judgement beyond the items that name them.
    base = 1 + (performance - 1) * 9 / 4 + 0.6 * who.mood - 1.1 * who.parts_wait
    answers: dict[str, Answer] = {}
    for code, offset in profiles.PART_B.items():
        answers[code] = (_cut(base + offset + rng.gauss(0, 0.7), 1, 10), None, False, "")
    overall = base + profiles.PART_B["B1"]
    answers["C1"] = (_cut(overall + 0.55 + rng.gauss(0, 1.2), 0, 10), None, False, "")
    again = performance + 0.3 + 0.4 * who.mood - 0.3 * who.parts_wait + rng.gauss(0, 0.55)
    answers["C2"] = (_cut(again, 1, 5), None, False, "")
    return answers


def _lowest_dimension(a: dict[str, Answer], dimensions: dict[str, str]) -> str:
    sums: dict[str, list[int]] = {}
    for code, (score, _i, _na, _t) in a.items():
        if score is not None:
            sums.setdefault(dimensions[code], []).append(score)
    means = {dim: sum(s) / len(s) for dim, s in sums.items() if dim in profiles.TOPIC_OF}
    return min(sorted(means), key=lambda dim: means[dim]) if means else "SPP"


def comment(rng: random.Random, who: Who, a: dict[str, Answer], dimensions: dict[str, str]) -> str:
    """The respondent's one thing to improve first, in the respondent's language when the
    demo has it in that language."""
    assurance = [a[c][0] for c in ("A11", "A14") if c in a and a[c][0] is not None]
    if who.parts_wait > 0.3 and rng.random() < 0.75:
        topic = "parts_wait"
    elif who.order >= 2 and rng.random() < 0.25:
        topic = "parts_better"
    elif assurance and min(assurance) == 5 and rng.random() < 0.5:
        topic = f"praise_{who.engineer}" if who.engineer.startswith("engineer") else "praise"
        if who.language == "en":
            topic = "praise"
    else:
        topic = profiles.TOPIC_OF[_lowest_dimension(a, dimensions)]
    pool = profiles.COMMENTS[topic]
    if who.language == "en":
        pool = [texts for texts in pool if texts[1]] or pool
    zh, en = rng.choice(pool)
    return en if who.language == "en" and en else zh


def answers_of(
    rng: random.Random, who: Who, dimensions: dict[str, str], comments: float
) -> dict[str, Answer]:
    """Every answer of one respondent, by question code; `comments` is the chance of a
    written answer to C3."""
    a = part_a(rng, who, dimensions)
    answers = a | part_b_c(rng, who, a)
    if rng.random() < comments:
        answers["C3"] = (None, None, False, comment(rng, who, a, dimensions))
    return answers
