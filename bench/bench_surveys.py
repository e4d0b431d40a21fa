"""Times the analysis of a campaign of 5,000 respondents on the standard questionnaire.

Builds its own temporary SQLite database (no demo data needed), answers every question of
the standard questionnaire for 5,000 respondents with bulk_create, then prints median and
95th percentile and the SQL queries of the analysis selectors and pages, both computed
from the answers (cache emptied before each run) and as remembered between responses
(selectors.answer_matrix). Goal (issue 23): a campaign's analysis under 200 ms. Not a test.
"""

import random
import time
from datetime import date, timedelta

from common import setup_django, timed

setup_django()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from serviceloop.accounts.models import Role  # noqa: E402
from serviceloop.accounts.testing import make_office, make_user  # noqa: E402
from serviceloop.customers.models import Customer  # noqa: E402
from serviceloop.customers.testing import make_customer  # noqa: E402
from serviceloop.surveys.models import Answer, Campaign, Question, Response  # noqa: E402
from serviceloop.surveys.selectors.analysis import (  # noqa: E402
    analyse,
    breakdown,
    comments,
    trend,
)
from serviceloop.surveys.standard import install_standard_questionnaire  # noqa: E402

RUNS = 20
RESPONDENTS = 5_000
CUSTOMERS = 250
GOAL_MS = 200
Kind = Question.Kind


def build() -> tuple[Campaign, object]:
    """The office, its manager, 250 customers and a closed campaign of 5,000 responses,
    every scaled question scored (about 3 % left blank or N/A) and one text in ten."""
    office = make_office("bench")
    manager = make_user(Role.MANAGER, username="bench-manager", office=office)
    version = install_standard_questionnaire().versions.get()
    grades, industries = list(Customer.Grade.values), list(Customer.Industry.values)
    customers = [
        make_customer(
            office,
            f"C-{n:04d}",
            f"客户{n}",
            grade=grades[n % len(grades)],
            industry=industries[n % len(industries)],
        )
        for n in range(CUSTOMERS)
    ]
    campaign = Campaign.objects.create(
        office=office,
        version=version,
        name="基准测试",
        state=Campaign.State.CLOSED,
        created_by=manager,
    )
    questions = list(version.questions.all())
    rng = random.Random(2026)
    now = timezone.now()
    with transaction.atomic():
        responses = Response.objects.bulk_create(
            Response(
                version=version,
                campaign=campaign,
                customer=customers[n % CUSTOMERS],
                method=Response.Method.PAPER,
                surveyed_on=date(2026, 11, 1) + timedelta(days=n % 20),
                submitted_at=now,
            )
            for n in range(RESPONDENTS)
        )
        answers = []
        for response in responses:
            for question in questions:
                if question.kind == Kind.TEXT:
                    if rng.random() < 0.1:
                        answers.append(
                            Answer(response=response, question=question, text="备件太慢")
                        )
                    continue
                if rng.random() < 0.03:
                    answers.append(
                        Answer(
                            response=response,
                            question=question,
                            not_applicable=question.allows_not_applicable,
                        )
                    )
                    continue
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        score=rng.randint(question.scale_min, question.scale_max),
                        importance=rng.randint(1, 5) if question.asks_importance else None,
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=10_000)
    return campaign, manager


def respond_and_run_worker(campaign: Campaign, manager) -> None:
    """One more respondent's paper form, recorded through the service as staff record it
    (its commit queues the campaign's analysis task), then the task worker run until its
    queue is empty, as `manage.py db_worker` does in production."""
    from serviceloop.surveys.services.answers import Given, Respondent, record_paper_response

    number = Response.objects.filter(campaign=campaign).count() + 1
    rng = random.Random(number)
    questions = campaign.version.questions.exclude(kind=Kind.TEXT)
    record_paper_response(
        by=manager,
        version=campaign.version,
        respondent=Respondent(
            customer=Customer.objects.filter(office_id=campaign.office_id).first(),
            surveyed_on=date(2026, 11, 21),
            method=Response.Method.PAPER,
            name=f"新受访者{number}",
            campaign=campaign,
        ),
        answers={
            q: Given(
                score=rng.randint(q.scale_min, q.scale_max),
                importance=rng.randint(1, 5) if q.asks_importance else None,
            )
            for q in questions
        },
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def after_new_response(call, campaign: Campaign, manager, runs: int) -> tuple[float, float, int]:
    """Median and 95th percentile of `call` timed right after a new response each run (the
    worker having run; neither is timed), and the queries of one more such call."""
    import statistics

    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(runs):
        respond_and_run_worker(campaign, manager)
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    respond_and_run_worker(campaign, manager)
    with CaptureQueriesContext(connection) as queries:
        call()
    return statistics.median(timings), statistics.quantiles(timings, n=20)[-1], len(queries)


def main() -> None:
    print(f"ServiceLoop surveys bench — database: {connection.vendor}, {RUNS} runs each")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    campaign, manager = build()
    print(
        f"{RESPONDENTS:,} respondents, {Answer.objects.count():,} answers built "
        f"in {time.perf_counter() - start:.1f} s"
    )
    print(f"  {'what':<56} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")

    def row(name: str, call, goal: float | None = None, fresh: bool = False) -> None:
        if fresh:
            median, p95, queries = after_new_response(call, campaign, manager, RUNS)
        else:
            median, p95, *_, queries = timed(call, runs=RUNS)
        verdict = ""
        if goal is not None:
            verdict = "  ok" if median < goal else f"  over the {goal:.0f} ms goal"
        print(f"  {name:<56} {median:>10.1f} {p95:>8.1f} {queries:>8}{verdict}")

    def cold(call):
        def run():
            cache.clear()
            return call()

        return run

    questionnaire = campaign.version.questionnaire
    # Computed from the answers every time (the cache emptied before each run)...
    row("analyse(), computed", cold(lambda: analyse(campaign, manager)), GOAL_MS)
    # ...and as the pages meet it: the first call after a new response, which the task
    # worker has computed again (tasks.remember_campaign_analysis).
    new = "after a new response (warmed by the task)"
    row(f"analyse(), {new}", lambda: analyse(campaign, manager), GOAL_MS, fresh=True)
    row("breakdown by grade, computed", cold(lambda: breakdown(campaign, "grade", manager)))
    row("breakdown by grade, remembered", lambda: breakdown(campaign, "grade", manager))
    row("breakdown by engineer, remembered", lambda: breakdown(campaign, "engineer", manager))
    row("comments (one respondent in ten wrote)", lambda: comments(campaign, manager))
    row("trend, computed", cold(lambda: trend(questionnaire, manager)))
    row("trend, remembered", lambda: trend(questionnaire, manager))
    client = Client()
    client.force_login(manager)
    for name, url, args in [
        ("analysis page", "surveys:campaign_analysis", [campaign.pk]),
        ("trend page", "surveys:questionnaire_trend", [questionnaire.pk]),
    ]:
        try:
            path = reverse(url, args=args)
        except NoReverseMatch:
            print(f"  {name}: not there yet ({url}), skipped")
            continue

        def page(path=path) -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        row(f"{name}, computed", cold(page), GOAL_MS)
        row(f"{name}, {new}", page, GOAL_MS, fresh=True)


if __name__ == "__main__":
    main()
