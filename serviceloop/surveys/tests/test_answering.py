"""The respondent's page /survey/<token>/: one section at a time, progress kept, a language
switch, answered once; used, expired, closed and tampered links; never the customer's name."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from serviceloop.core.testing import run_at_once
from serviceloop.surveys.models import Answer, Invitation, Response
from serviceloop.surveys.services import answers, campaigns
from serviceloop.surveys.services.answers import Given

from .campaign_world import (
    launched,
    manager_of,
    office_with_customers,
    short_questionnaire,
    token_sent_to,
)


@pytest.fixture
def world(shanghai):
    people = office_with_customers(shanghai)
    people["manager"] = manager_of(shanghai)
    people["version"] = short_questionnaire()
    people["campaign"] = launched(people["manager"], people["version"])
    people["token"] = token_sent_to("wang@a.cn")
    people["invitation"] = Invitation.objects.get(contact=people["wang"])
    return people


def url(token: str, **query) -> str:
    base = reverse("survey", args=[token])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def q(world, code: str) -> str:
    return f"q{world['version'].questions.get(code=code).pk}"


def first_section(world, score="4", importance="5", recommend="9") -> dict:
    return {
        q(world, "A1"): score,
        f"{q(world, 'A1')}_importance": importance,
        q(world, "C1"): recommend,
    }


def last_section(world) -> dict:
    d1 = world["version"].questions.get(code="D1")
    return {q(world, "D1"): str(d1.choices.first().pk), q(world, "C3"): "备件要快"}


def shows_no_customer(page) -> None:
    text = page.content.decode()
    for name in ("甲公司", "C-A", "乙公司"):
        assert name not in text


@pytest.mark.django_db
def test_answering_section_by_section_sends_the_answers_once(client, world):
    token = world["token"]
    page = client.get(url(token))
    assert page.status_code == 200
    assert "工程师能迅速到达现场。" in page.content.decode()
    shows_no_customer(page)

    moved = client.post(url(token, s=0), first_section(world))
    assert moved.status_code == 302 and "s=1" in moved["Location"]
    second = client.get(moved["Location"])
    assert "我们最需要优先改进的一点是什么?" in second.content.decode()
    done = client.post(url(token, s=1), {**last_section(world), "send": "1"})
    assert done.status_code == 302

    response = Response.objects.get()
    assert response.submitted_at is not None and response.method == Response.Method.LINK
    a1 = response.answers.get(question__code="A1")
    assert (a1.score, a1.importance) == (4, 5)
    assert response.answers.get(question__code="C3").text == "备件要快"
    assert response.answers.get(question__code="D1").choices.count() == 1
    world["invitation"].refresh_from_db()
    assert world["invitation"].answered_at is not None

    thanks = client.get(done["Location"])
    assert thanks.status_code == 200
    assert 'data-testid="survey-done"' in thanks.content.decode()
    shows_no_customer(thanks)


@pytest.mark.django_db
def test_progress_is_kept_when_the_link_is_opened_again(client, world):
    token = world["token"]
    client.post(url(token, s=0), first_section(world, score="2"))
    again = Client().get(url(token))  # another visit, another browser
    assert again.context["index"] == 1
    back = Client().get(url(token, s=0))
    assert back.context["form"][q(world, "A1")].value() == "2"
    response = Response.objects.get()
    assert response.submitted_at is None
    world["invitation"].refresh_from_db()
    assert world["invitation"].answered_at is None and world["invitation"].opened_at is not None


@pytest.mark.django_db
def test_the_page_speaks_the_invitations_language_and_switches(client, world):
    john = Invitation.objects.get(contact=world["john"])
    token = token_sent_to(john.sent_to)
    english = client.get(url(token))
    assert english["Content-Language"] == "en"
    assert "An engineer reaches our site quickly." in english.content.decode()
    chinese = client.get(url(token, lang="zh-hans"))
    assert "工程师能迅速到达现场。" in chinese.content.decode()
    # The language chosen is kept with the progress.
    client.post(url(token, s=0, lang="es"), first_section(world))
    assert Response.objects.get(invitation=john).language == "es"


@pytest.mark.django_db
def test_a_required_question_and_a_score_off_the_scale_are_refused(client, world):
    token = world["token"]
    refused = client.post(url(token, s=0), first_section(world, score=""))
    assert refused.status_code == 200
    with translation.override("zh-hans"):
        assert translation.gettext("This question needs an answer.") in refused.content.decode()
    off_scale = client.post(url(token, s=0), first_section(world, score="6"))
    assert off_scale.status_code == 200 and off_scale.context["form"].errors
    assert Answer.objects.count() == 0


@pytest.mark.django_db
def test_the_service_checks_scale_importance_and_not_applicable(world):
    invitation = world["invitation"]
    response = answers.start_response(invitation, "zh-hans")
    section = world["version"].sections.first()
    refusals = (
        {"A1": Given(score=6)},
        {"A1": Given(score=3, importance=0)},
        {"A1": Given(score=3), "C1": Given(not_applicable=True)},  # C1 has no N/A
        {"A1": Given(score=3, not_applicable=True)},
        {"A1": Given()},  # required
    )
    for data in refusals:
        with pytest.raises(ValidationError):
            answers.save_section(response, section, data)
    answers.save_section(response, section, {"A1": Given(not_applicable=True, importance=2)})
    saved = Answer.objects.get()
    assert (saved.score, saved.not_applicable, saved.importance) == (None, True, 2)


@pytest.mark.django_db
def test_a_used_link_cannot_answer_again(client, world):
    token = world["token"]
    client.post(url(token, s=0), first_section(world))
    client.post(url(token, s=1), {**last_section(world), "send": "1"})
    again = client.post(url(token, s=0), first_section(world, score="1"))
    assert again.status_code == 200
    assert 'data-testid="survey-done"' in again.content.decode()
    assert Answer.objects.get(question__code="A1").score == 4
    with pytest.raises(ValidationError):
        answers.submit(Response.objects.get())


@pytest.mark.django_db
def test_an_expired_link_and_a_closed_campaign_say_so(client, world):
    token = world["token"]
    Invitation.objects.filter(pk=world["invitation"].pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    expired = client.get(url(token))
    assert expired.status_code == 410
    assert 'data-testid="survey-closed"' in expired.content.decode()
    shows_no_customer(expired)

    other = token_sent_to("john@c.cn")
    campaigns.close(world["campaign"], world["manager"])
    closed = client.post(url(other, s=0), first_section(world))
    assert closed.status_code == 410
    assert Response.objects.count() == 0


@pytest.mark.django_db
def test_a_tampered_or_unknown_token_is_not_found(client, world):
    token = world["token"]
    tampered = token[:-1] + ("0" if token[-1] != "0" else "1")
    for bad in (tampered, "not-a-token", token.upper()):
        page = client.get(url(bad))
        assert page.status_code == 404
        shows_no_customer(page)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_make_one_response(shanghai):
    world = {"manager": manager_of(shanghai), **office_with_customers(shanghai)}
    world["version"] = short_questionnaire()
    launched(world["manager"], world["version"], {"grades": ["A"]})
    token = token_sent_to("wang@a.cn")
    Client().post(url(token, s=0), first_section(world))
    sending = {**last_section(world), "send": "1"}

    def send() -> int:
        return Client().post(url(token, s=1), sending).status_code

    outcomes = run_at_once(send, send)

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    # One sends and is redirected to its thanks; the other finds it answered.
    assert sorted(outcomes) in ([200, 302], [302, 302])
    assert Response.objects.count() == 1
    assert Response.objects.filter(submitted_at__isnull=False).count() == 1
    assert Answer.objects.filter(question__code="C3").count() == 1
