"""A case reopened and closed again is asked again: each closing has its own link, the newest
works, an earlier one answered stays with its answer and an earlier one unanswered expires."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.service.models import Case, FeedbackRequest, FeedbackResponse
from serviceloop.service.services import cases
from serviceloop.service.services import feedback as services

from .feedback_builders import close, resolved_case

ANSWERS = {
    "response_speed": "4",
    "competence": "5",
    "attitude": "5",
    "communication": "4",
    "safety": "5",
    "solved": "True",
    "overall": "4",
    "comment": "",
}


def _reopen_and_solve_again(case: Case, users) -> None:
    """The manager reopens the case; the engineer solves it again from the office."""
    manager, engineer, coordinator = (
        users[Role.MANAGER],
        users[Role.ENGINEER],
        users[Role.COORDINATOR],
    )
    case.refresh_from_db()
    case = cases.reopen_case(by=manager, case=case, version=case.version, reason="报警又出现")
    case = cases.start_remote_diagnosis(by=coordinator, case=case, version=case.version)
    cases.resolve_remotely(by=engineer, case=case, version=case.version, resolution="更换流量开关")


@pytest.fixture
def reopened(shanghai, users, django_capture_on_commit_callbacks):
    """A case answered after its first closing, then reopened and solved again."""
    case = resolved_case(shanghai, users, assignee=users[Role.ENGINEER])
    with django_capture_on_commit_callbacks(execute=True):
        first = close(case, users)
    services.submit_feedback(token=first, answers={**ANSWERS, "overall": 2, "solved": False})
    _reopen_and_solve_again(case, users)
    return case, first


@pytest.mark.django_db
def test_closing_a_reopened_case_again_mails_a_new_link_that_works(
    client, users, reopened, django_capture_on_commit_callbacks
):
    case, first = reopened
    with django_capture_on_commit_callbacks(execute=True):
        second = close(case, users)
    assert second != first
    assert f"/feedback/{second}/" in mail.outbox[-1].body
    page = client.get(reverse("feedback", args=[second]))
    assert page.status_code == 200 and case.number in page.content.decode()
    thanks = client.post(reverse("feedback", args=[second]), ANSWERS)
    assert 'data-testid="feedback-thanks"' in thanks.content.decode()
    assert FeedbackResponse.objects.filter(request__case=case).count() == 2


@pytest.mark.django_db
def test_the_first_link_still_says_used_and_keeps_its_answer(client, users, reopened):
    case, first = reopened
    close(case, users)
    old = client.get(reverse("feedback", args=[first]))
    assert old.status_code == 404 and 'data-testid="feedback-closed"' in old.content.decode()
    refused = client.post(reverse("feedback", args=[first]), ANSWERS)
    assert refused.status_code == 404
    oldest, newest = FeedbackRequest.objects.filter(case=case).order_by("created_at", "pk")
    assert oldest.response.overall == 2 and not oldest.response.solved
    assert newest.used_at is None and newest.is_open


@pytest.mark.django_db
def test_an_unanswered_link_expires_when_the_case_is_closed_again(client, shanghai, users):
    case = resolved_case(shanghai, users, assignee=users[Role.ENGINEER])
    first = close(case, users)
    _reopen_and_solve_again(case, users)
    second = close(case, users)
    assert client.get(reverse("feedback", args=[first])).status_code == 404
    assert client.get(reverse("feedback", args=[second])).status_code == 200
    with pytest.raises(ValidationError) as refused:
        services.submit_feedback(token=first, answers=ANSWERS)
    assert refused.value.code == services.LINK_CLOSED
    assert not FeedbackResponse.objects.exists()


@pytest.mark.django_db
def test_each_closing_asks_the_reporter_of_the_case(shanghai, users):
    case = resolved_case(shanghai, users)
    close(case, users)
    asked = FeedbackRequest.objects.get(case=case)
    assert asked.contact == case.reporter and asked.sent_to == "wang@example.cn"
