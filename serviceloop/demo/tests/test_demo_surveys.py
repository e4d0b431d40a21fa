"""The demo's satisfaction surveys: three closed campaigns whose answers tell the office's
story (spare parts low and important, the engineers' courtesy high), a campaign running
with part of its answers in, a draft; reproducible and loaded once."""

import time
from collections import defaultdict
from statistics import mean

import pytest
from django.core.management import call_command
from django.utils import timezone

from serviceloop.core.links import token_hash
from serviceloop.demo import surveys
from serviceloop.demo.surveys.writing import _waits
from serviceloop.surveys.models import Answer, Campaign, Invitation, Response
from serviceloop.surveys.selectors.campaigns import invitation_by_hash, rate_of
from serviceloop.surveys.services.campaigns import invitation_token

pytestmark = pytest.mark.django_db
State = Campaign.State


@pytest.fixture
def seeded(capsys):
    started = time.perf_counter()
    call_command("seed_demo")
    with capsys.disabled():
        print(f"\nseed_demo took {time.perf_counter() - started:.1f} s")


def _rows(campaign: Campaign) -> list[tuple]:
    return list(
        Answer.objects.filter(response__campaign=campaign, response__submitted_at__isnull=False)
        .exclude(question__code__startswith="C3")
        .values_list(
            "response_id",
            "response__customer_id",
            "question__code",
            "question__section__dimension",
            "score",
            "importance",
        )
    )


def _dimension_means(rows, part: int) -> dict[str, float]:
    """Per dimension of Part A, the mean over respondents of their mean (score: part 4,
    importance: part 5), as domain-reference §6.3 scores an index."""
    per = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row[2].startswith("A") and row[part] is not None:
            per[row[3]][row[0]].append(row[part])
    return {dim: mean(mean(v) for v in people.values()) for dim, people in per.items()}


def _item_means(rows) -> dict[str, float]:
    scores = defaultdict(list)
    for row in rows:
        if row[2].startswith("A") and row[4] is not None:
            scores[row[2]].append(row[4])
    return {code: mean(values) for code, values in scores.items()}


def test_closed_campaigns_say_spare_parts_are_weak_and_matter_and_engineers_are_courteous(
    seeded,
):
    """Also: customers whose cases waited for parts judge the whole service lower."""
    closed = list(Campaign.objects.filter(state=State.CLOSED).order_by("opens_on"))
    assert len(closed) == 3
    spare_parts = []
    for campaign in closed:
        rows = _rows(campaign)
        assert Response.objects.filter(campaign=campaign, submitted_at__isnull=False).count() >= 60
        performance, importance = _dimension_means(rows, 4), _dimension_means(rows, 5)
        assert min(performance, key=performance.get) == "SPP"
        assert max(importance, key=importance.get) == "SPP"
        items = sorted(_item_means(rows).items(), key=lambda item: -item[1])
        assert "A14" in [code for code, _m in items[:2]]
        assert {"A18", "A19"} <= {code for code, _m in items[-3:]}
        spare_parts.append(performance["SPP"])
        # Real Likert answers: most of the scale is used, the middle most.
        a18 = [row[4] for row in rows if row[2] == "A18" and row[4] is not None]
        assert max(set(a18), key=a18.count) in (2, 3) and len(set(a18)) >= 4
    assert spare_parts[-1] > spare_parts[0]

    waits = _waits(timezone.now())
    overall = defaultdict(list)
    for customer, score in Answer.objects.filter(
        question__code="B1", response__submitted_at__isnull=False
    ).values_list("response__customer_id", "score"):
        overall[customer].append(score)
    waited = [mean(s) for c, s in overall.items() if waits.get(c, 0) >= 10]
    others = [mean(s) for c, s in overall.items() if waits.get(c, 0) == 0]
    assert waited and others
    assert mean(waited) < mean(others) - 0.5


def test_running_campaign_is_partly_answered_and_answers_came_every_way(seeded):
    running = Campaign.objects.get(state=State.RUNNING)
    rate = rate_of(running)
    assert 20 <= rate.percent <= 60
    invitation = Invitation.objects.filter(campaign=running, answered_at__isnull=True).first()
    token = invitation_token(running, invitation.contact_id)
    assert invitation_by_hash(token_hash(token)) == invitation
    draft = Campaign.objects.get(state=State.DRAFT)
    assert not draft.invitations.exists() and draft.opens_on > running.opens_on

    # Most answered through the link; the coordinator typed in calls and paper forms;
    # some N/A, a few importances left out, comments in the customers' words.
    responses = Response.objects.filter(submitted_at__isnull=False)
    typed = responses.exclude(method=Response.Method.LINK)
    assert typed.exists() and not typed.filter(interviewer__isnull=True).exists()
    assert not typed.filter(recorded_by__isnull=True).exists()
    assert responses.filter(method=Response.Method.LINK).count() > 5 * typed.count()
    answers = Answer.objects.filter(response__in=responses)
    assert answers.filter(not_applicable=True).exists()
    rated = answers.filter(question__asks_importance=True, score__isnull=False)
    assert 0 < rated.filter(importance__isnull=True).count() < 0.1 * rated.count()
    comments = answers.filter(question__code="C3").exclude(text="")
    assert comments.filter(text__contains="西班牙").exists()
    assert comments.filter(text__contains="工").count() >= 3


def _fingerprint() -> list[tuple]:
    rows = Answer.objects.values_list(
        "response__campaign__name",
        "response__contact__full_name",
        "question__code",
        "score",
        "importance",
        "not_applicable",
        "text",
    )
    return sorted(rows, key=repr)


def test_demo_surveys_load_once_and_reset_rebuilds_the_same(seeded, capsys):
    answers = _fingerprint()
    call_command("seed_demo")
    assert Campaign.objects.count() == 5
    assert _fingerprint() == answers
    started, cpu = time.perf_counter(), time.process_time()
    surveys.reset()
    assert not Campaign.objects.exists() and not Response.objects.exists()
    surveys.load()
    with capsys.disabled():
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"\ndemo surveys reset and reloaded in {wall:.1f} s ({cpu:.1f} s of CPU)")
    assert _fingerprint() == answers
