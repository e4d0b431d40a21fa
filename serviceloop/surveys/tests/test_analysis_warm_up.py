"""After each new response the task worker computes the campaign's analysis again
(tasks.remember_campaign_analysis), so that the readers' next page reads it from the cache:
one run waits per campaign however many answers come in, and what it leaves in the cache
counts the newest response, for the office and for headquarters alike, and serves readers
of every language."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.surveys import tasks
from serviceloop.surveys.models import Answer, Question, Response, Section
from serviceloop.surveys.selectors import analysis, answer_matrix
from serviceloop.surveys.services import answers

from .answer_world import recorded
from .campaign_world import draft
from .test_analysis import ANSWERS, small_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users, shanghai, monkeypatch):
    # Three respondents stand for a campaign large enough to be remembered.
    monkeypatch.setattr(answer_matrix, "CACHE_FROM", 2)
    version = small_questionnaire()
    customer = make_customer(shanghai, "C-A", "甲公司")
    return {
        "version": version,
        "campaign": draft(users[Role.MANAGER], version, name="2026 年度"),
        "customer": customer,
        "agreeing": make_contact(customer, "赵同意", consents_to_transfer_abroad=True),
        "coordinator": users[Role.COORDINATOR],
        "manager": users[Role.MANAGER],
        "hq": users[Role.HQ],
    }


def respond(world, key: str, campaign=None, **fields) -> Response:
    return recorded(
        world["coordinator"],
        world["version"],
        world["customer"],
        name=key,
        scores=ANSWERS[key],
        campaign=campaign or world["campaign"],
        **fields,
    )


def waiting(campaign):
    return DBTaskResult.objects.filter(
        task_path=tasks.remember_campaign_analysis.module_path,
        status=TaskResultStatus.READY,
        args_kwargs__kwargs__campaign_id=campaign.pk,
    )


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_recorded_responses_queue_one_analysis_a_campaign_while_it_waits(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        respond(world, "r1")
    with django_capture_on_commit_callbacks(execute=True):
        respond(world, "r2")
    assert waiting(world["campaign"]).count() == 1

    later = draft(world["manager"], world["version"], name="2027 年度")
    with django_capture_on_commit_callbacks(execute=True):
        respond(world, "r3", campaign=later)
    assert waiting(later).count() == 1
    assert waiting(world["campaign"]).count() == 1


def test_a_link_response_queues_the_analysis_when_it_is_sent(
    world, django_capture_on_commit_callbacks
):
    response = Response.objects.create(
        version=world["version"],
        campaign=world["campaign"],
        customer=world["customer"],
        method=Response.Method.LINK,
        surveyed_on=date(2026, 11, 4),
    )
    Answer.objects.create(
        response=response, question=Question.objects.get(code="R1"), score=4, importance=5
    )
    assert not waiting(world["campaign"]).exists()  # still being answered

    with django_capture_on_commit_callbacks(execute=True):
        answers.submit(response)
    assert waiting(world["campaign"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_leaves_the_analysis_with_the_newest_response_in_the_cache(world):
    campaign, manager, hq = world["campaign"], world["manager"], world["hq"]
    respond(world, "r1")
    respond(world, "r2", contact=world["agreeing"])
    respond(world, "r3", contact=world["agreeing"], surveyed_on=date(2026, 11, 3))
    cache.clear()

    run_worker()
    assert queries(lambda: analysis.analyse(campaign, manager)) == 1  # read from the cache
    assert analysis.analyse(campaign, manager).respondents == 3
    assert queries(lambda: analysis.analyse(campaign, hq)) == 1
    assert analysis.analyse(campaign, hq).respondents == 2  # r2 and r3: the contact agreed
    assert queries(lambda: analysis.trend(world["version"].questionnaire, manager)) == 2

    respond(world, "r1", surveyed_on=date(2026, 11, 5))
    run_worker()
    assert queries(lambda: analysis.analyse(campaign, manager)) == 1
    newest = analysis.analyse(campaign, manager)
    assert newest.respondents == 4
    # r1 twice, r2, r3 over R1 R2 S1: (11/3 + 2 + 4 + 11/3) / 4
    assert newest.overall == pytest.approx((11 / 3 + 2 + 4 + 11 / 3) / 4)
    assert not waiting(campaign).exists()


def test_breakdown_and_comments_read_the_respondents_the_analysis_remembered(world):
    campaign, manager = world["campaign"], world["manager"]
    for key in ANSWERS:
        respond(world, key)
    cache.clear()
    analysis.analyse(campaign, manager)

    # Only the groups and the texts are read: no answer matrix (see analysis.comments).
    assert queries(lambda: analysis.breakdown(campaign, "grade", manager)) == 2
    assert queries(lambda: analysis.comments(campaign, manager)) == 4


def test_one_remembered_analysis_serves_readers_of_every_language(world):
    campaign, manager = world["campaign"], world["manager"]
    for key in ANSWERS:
        respond(world, key)
    cache.clear()
    with translation.override("zh-hans"):
        chinese = analysis.analyse(campaign, manager)
        assert chinese.item("R1").text == "问题 R1"
        reliability = str(Section.Dimension.RELIABILITY.label)

    with translation.override("en"):
        assert queries(lambda: analysis.analyse(campaign, manager)) == 1
        english = analysis.analyse(campaign, manager)
        assert english.item("R1").text == "Question R1"
        assert english.dimension("REL").label == str(Section.Dimension.RELIABILITY.label)
        assert english.dimension("REL").label != reliability
