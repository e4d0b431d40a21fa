import secrets
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.service.models import Case, Complaint, FeedbackRequest, FeedbackResponse
from serviceloop.service.services import feedback as services
from serviceloop.service.testing import make_case

GOOD = {
    "response_speed": "5",
    "competence": "5",
    "attitude": "5",
    "communication": "4",
    "safety": "5",
    "solved": "True",
    "overall": "5",
    "comment": "很好",
}


@pytest.fixture
def closed(users, shanghai, django_capture_on_commit_callbacks):
    customer = make_customer(shanghai)
    caller = make_contact(customer, "王建华", email="wang@example.cn")
    case = make_case(
        shanghai,
        customer=customer,
        reporter=caller,
        state=Case.State.RESOLVED,
        resolution="换滤网",
        opened_by=users[Role.COORDINATOR],
    )
    with django_capture_on_commit_callbacks(execute=True):
        case, token = services.close_and_request_feedback(
            by=users[Role.COORDINATOR],
            case=case,
            version=case.version,
            root_cause="F01",
            billing="warranty",
        )
    return case, token


@pytest.mark.django_db
def test_closing_mails_a_one_time_link_and_stores_only_its_hash(closed):
    case, token = closed
    assert case.state == Case.State.CLOSED
    request = FeedbackRequest.objects.get(case=case)
    assert token not in request.token_hash and len(token) >= 40
    assert f"/feedback/{token}/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["wang@example.cn"]


@pytest.mark.django_db
def test_the_link_works_once(client, closed):
    _case, token = closed
    url = reverse("feedback", args=[token])
    assert client.get(url).status_code == 200
    assert client.post(url, GOOD).status_code == 200
    assert FeedbackResponse.objects.count() == 1
    assert client.get(url).status_code == 404
    assert client.post(url, GOOD).status_code == 404
    assert FeedbackResponse.objects.count() == 1


@pytest.mark.django_db
def test_an_expired_or_tampered_link_opens_nothing(client, closed):
    _case, token = closed
    assert (
        client.get(
            reverse("feedback", args=[token[:-1] + ("A" if token[-1] != "A" else "B")])
        ).status_code
        == 404
    )
    FeedbackRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("feedback", args=[token])).status_code == 404


@pytest.mark.django_db
def test_none_of_ten_thousand_guessed_tokens_is_accepted(closed):
    accepted = sum(
        services.open_request(secrets.token_urlsafe(32)) is not None for _ in range(10_000)
    )
    print(f"guessed feedback tokens accepted: {accepted} of 10000")
    assert accepted == 0


@pytest.mark.django_db
@pytest.mark.parametrize("answer", [{"overall": "2"}, {"solved": "False"}, {"attitude": "1"}])
def test_a_low_score_or_not_solved_opens_a_complaint_for_the_manager(client, users, closed, answer):
    _case, token = closed
    client.post(reverse("feedback", args=[token]), {**GOOD, **answer, "comment": "工程师迟到"})
    complaint = Complaint.objects.get()
    assert complaint.owner == users[Role.MANAGER]
    assert complaint.description == "工程师迟到"


@pytest.mark.django_db
def test_a_good_score_opens_no_complaint(client, closed):
    _case, token = closed
    client.post(reverse("feedback", args=[token]), GOOD)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_complaint_closes_with_cause_action_and_confirmation(client, users, closed):
    from django.core.exceptions import ValidationError

    _case, token = closed
    client.post(reverse("feedback", args=[token]), {**GOOD, "overall": "1"})
    complaint = Complaint.objects.get()
    with pytest.raises(ValidationError):
        services.advance_complaint(by=users[Role.MANAGER], complaint=complaint, state="closed")
    done = services.advance_complaint(
        by=users[Role.MANAGER],
        complaint=complaint,
        state="closed",
        root_cause="派工延误",
        corrective_action="P1 当天派工",
        customer_confirmed=True,
    )
    assert done.closed_at is not None
