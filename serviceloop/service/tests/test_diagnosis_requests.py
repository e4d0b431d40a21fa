"""Asking the customer for readings and photos by a one-time link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from serviceloop.core.links import token_hash
from serviceloop.service.models import Case, CaseEvent, InfoRequest, Pause
from serviceloop.service.services import diagnosis as services

SITE = "https://service.example.cn/"


# --- Asking the customer ----------------------------------------------------------------


@pytest.mark.django_db
@override_settings(SITE_URL=SITE)
def test_the_assignee_asking_parks_the_case_and_mails_the_link(case, engineer, ask):
    assert case.first_response_at is None
    request, token = ask(engineer, case)
    case.refresh_from_db()
    assert request.tags == ["Q_ps", "alarm"] and request.wants_photos
    assert request.requested_by == engineer and request.answered_at is None
    assert request.token_hash == token_hash(token) and token not in request.token_hash
    assert case.state == Case.State.WAITING_CUSTOMER
    assert case.resume_state == Case.State.REMOTE_DIAGNOSIS
    assert Pause.objects.filter(case=case, ended_at__isnull=True).count() == 1
    assert case.first_response_at is not None
    event = case.events.get(kind=CaseEvent.Kind.REQUEST)
    assert event.actor == engineer and event.data["request"] == request.pk
    (sent,) = mail.outbox
    assert sent.to == ["wang@example.cn"]
    assert case.number in sent.subject
    assert f"{SITE}request/{token}/" in sent.body


@pytest.mark.django_db
def test_asking_keeps_a_first_response_already_given(case, engineer, ask):
    answered_at = timezone.now() - timedelta(hours=3)
    Case.objects.filter(pk=case.pk).update(first_response_at=answered_at)
    ask(engineer, case)
    case.refresh_from_db()
    assert case.first_response_at == answered_at


@pytest.mark.django_db
def test_a_coordinator_asking_sends_the_link_but_the_case_keeps_working(case, coordinator, ask):
    request, token = ask(coordinator, case)
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert not Pause.objects.filter(case=case).exists()
    assert case.events.filter(kind=CaseEvent.Kind.REQUEST, actor=coordinator).exists()
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    assert services.request_for_token(token) == request


@pytest.mark.django_db
def test_the_assignee_may_ask_without_parking_the_case(case, engineer, ask):
    _request, token = ask(engineer, case, wait=False, email="")
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert not Pause.objects.filter(case=case).exists()
    assert mail.outbox == []
    assert services.request_for_token(token) is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"tags": ["Q_ps", "oil_level"]}, id="unknown reading"),
        pytest.param({"tags": [], "wants_photos": False}, id="nothing asked"),
        pytest.param({"message": "   "}, id="empty message"),
    ],
)
def test_a_request_that_asks_nothing_clear_is_refused(case, engineer, ask, fields):
    with pytest.raises(ValidationError):
        ask(engineer, case, **fields)
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert not InfoRequest.objects.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.REQUEST).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_closed_case_takes_no_request(case, engineer, ask):
    Case.objects.filter(pk=case.pk).update(state=Case.State.CLOSED)
    with pytest.raises(ValidationError):
        ask(engineer, case)
    assert not InfoRequest.objects.exists()
