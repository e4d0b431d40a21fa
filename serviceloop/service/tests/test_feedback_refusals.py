"""The public feedback form: refused answers come back as typed, with the reason, and the
one-time link stays open until a valid answer is sent."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.service.models import Case, FeedbackRequest, FeedbackResponse
from serviceloop.service.services import feedback as services
from serviceloop.service.testing import make_case


def score_refused() -> str:
    # The public form speaks the site's language (Chinese) to a customer without a preference.
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Choose a score from 1 to 5.")


ANSWERS = {
    "response_speed": "4",
    "competence": "5",
    "attitude": "4",
    "communication": "3",
    "safety": "5",
    "solved": "True",
    "overall": "4",
    "comment": "工程师很专业，备件到得慢",
}


@pytest.fixture
def link(users, shanghai):
    case = make_case(
        shanghai,
        customer=make_customer(shanghai),
        state=Case.State.RESOLVED,
        resolution="换滤网",
        opened_by=users[Role.COORDINATOR],
    )
    _case, token = services.close_and_request_feedback(
        by=users[Role.COORDINATOR],
        case=case,
        version=case.version,
        root_cause="F01",
        billing="warranty",
    )
    return reverse("feedback", args=[token])


def checked(page: str, name: str, value: str) -> bool:
    return (
        f'name="{name}" value="{value}"' in page
        and "checked" in page.split(f'name="{name}" value="{value}"')[1].split(">")[0]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("score", ["0", "6", "10" + "0" * 25, "-1", "五"])
def test_an_out_of_range_score_comes_back_with_every_answer_and_the_reason(client, link, score):
    response = client.post(link, {**ANSWERS, "overall": score})
    page = response.content.decode()
    assert response.status_code == 200
    assert score_refused() in page
    assert "工程师很专业，备件到得慢" in page
    assert checked(page, "competence", "5") and checked(page, "communication", "3")
    assert checked(page, "solved", "True")
    assert not FeedbackResponse.objects.exists()
    assert FeedbackRequest.objects.get().used_at is None


@pytest.mark.django_db
def test_a_corrected_answer_after_a_refusal_is_recorded_once(client, link):
    client.post(link, {**ANSWERS, "overall": "6"})
    thanks = client.post(link, ANSWERS)
    assert thanks.status_code == 200
    assert FeedbackResponse.objects.get().overall == 4
    assert client.post(link, ANSWERS).status_code == 404


@pytest.mark.django_db
def test_full_width_digits_are_read_as_their_value(client, link):
    response = client.post(link, {**ANSWERS, "overall": "５", "safety": "　４　"})
    assert response.status_code == 200
    saved = FeedbackResponse.objects.get()
    assert (saved.overall, saved.safety) == (5, 4)


@pytest.mark.django_db
def test_a_full_width_score_stays_checked_when_another_answer_is_refused(client, link):
    response = client.post(link, {**ANSWERS, "overall": "５", "safety": "9"})
    page = response.content.decode()
    assert checked(page, "overall", "5")
    assert score_refused() in page
    assert not FeedbackResponse.objects.exists()


@pytest.mark.django_db
def test_a_missing_score_is_asked_for_at_its_field(client, link):
    answers = {key: value for key, value in ANSWERS.items() if key != "attitude"}
    response = client.post(link, answers)
    assert score_refused() in response.content.decode()
    assert not FeedbackResponse.objects.exists()
