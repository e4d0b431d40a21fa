"""One click from a low survey answer opens one complaint, pre-filled and linked to it."""

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.testing import form_keys_in, with_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.service.models import Complaint
from serviceloop.surveys.models import ComplaintFromAnswer
from serviceloop.surveys.services.complaints import complaint_from_answer

from .answer_world import recorded
from .campaign_world import short_questionnaire


@pytest.fixture
def customer(shanghai, users):
    return make_customer(shanghai, "C-S1", "甲公司", account_manager=users[Role.ACCOUNT_MANAGER])


@pytest.fixture
def version(db):
    return short_questionnaire("complaints")


def _response(users, version, customer, **scores):
    scores.setdefault("A1", 4)  # required
    return recorded(users[Role.COORDINATOR], version, customer, name="李工", scores=scores)


def _click(client, response, code, key=None):
    answer = response.answers.get(question__code=code)
    url = reverse("surveys:answer_complaint", args=[response.pk, answer.pk])
    return client.post(url, {"form_key": key} if key else with_form_key())


def _buttons(client, response) -> str:
    page = client.get(reverse("surveys:response_detail", args=[response.pk]))
    return page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scores", "offered"),
    [
        ({"A1": 2, "C1": 8}, {"A1"}),
        ({"A1": 1, "C1": 6}, {"A1", "C1"}),
        ({"A1": 3, "C1": 0}, {"C1"}),
        ({"A1": 5, "C1": 7}, set()),
    ],
)
def test_the_button_is_offered_beside_an_item_at_1_or_2_and_a_recommendation_of_0_to_6(
    client, users, version, customer, scores, offered
):
    response = _response(users, version, customer, **scores)
    client.force_login(users[Role.MANAGER])
    html = _buttons(client, response)
    for code in ("A1", "C1"):
        answer = response.answers.get(question__code=code)
        url = reverse("surveys:answer_complaint", args=[response.pk, answer.pk])
        assert (url in html) == (code in offered), code


@pytest.mark.django_db
def test_one_click_opens_the_complaint_pre_filled_and_linked_to_the_answer(
    client, users, version, customer
):
    response = _response(users, version, customer, A1=2)
    client.force_login(users[Role.COORDINATOR])
    clicked = _click(client, response, "A1")
    complaint = Complaint.objects.get()
    assert clicked["Location"] == reverse("service:complaint_detail", args=[complaint.pk])
    assert (complaint.customer, complaint.source) == (customer, Complaint.Source.SURVEY)
    assert "A1" in complaint.description and "工程师能迅速到达现场。" in complaint.description
    assert "2" in complaint.description
    link = ComplaintFromAnswer.objects.get()
    assert (link.complaint, link.response, link.question.code) == (complaint, response, "A1")
    assert complaint.owner == users[Role.MANAGER]
    # The response page now links the complaint instead of offering a second one.
    html = _buttons(client, response)
    assert reverse("service:complaint_detail", args=[complaint.pk]) in html
    assert 'data-testid="open-complaint"' not in html
    # The complaint's page names the answer it came from.
    page = client.get(clicked["Location"]).content.decode()
    assert reverse("surveys:response_detail", args=[response.pk]) in page


@pytest.mark.django_db
def test_a_double_click_opens_one_complaint(client, users, version, customer):
    response = _response(users, version, customer, A1=1)
    client.force_login(users[Role.MANAGER])
    key = form_keys_in(client.get(reverse("surveys:response_detail", args=[response.pk])))[0]
    first = _click(client, response, "A1", key)
    second = _click(client, response, "A1", key)
    assert Complaint.objects.count() == 1
    assert second["Location"] == first["Location"]


@pytest.mark.django_db
def test_a_second_click_from_another_page_finds_the_same_complaint(
    client, users, version, customer
):
    response = _response(users, version, customer, C1=3)
    client.force_login(users[Role.MANAGER])
    first = _click(client, response, "C1")
    second = _click(client, response, "C1")  # a new key: the page was opened again
    assert Complaint.objects.count() == 1 and ComplaintFromAnswer.objects.count() == 1
    assert second["Location"] == first["Location"]


@pytest.mark.django_db
def test_an_answer_at_3_or_more_opens_no_complaint(client, users, version, customer):
    response = _response(users, version, customer, A1=3, C1=7)
    client.force_login(users[Role.MANAGER])
    for code in ("A1", "C1"):
        refused = _click(client, response, code)
        assert refused["Location"] == reverse("surveys:response_detail", args=[response.pk])
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_an_account_manager_opens_one_for_its_own_customer_only(
    client, shanghai, users, version, customer
):
    own = _response(users, version, customer, A1=2)
    someone_elses = _response(users, version, make_customer(shanghai, "C-S2"), A1=2)
    client.force_login(users[Role.ACCOUNT_MANAGER])
    assert 'data-testid="open-complaint"' not in _buttons(client, someone_elses)
    assert _click(client, someone_elses, "A1").status_code == 403
    assert 'data-testid="open-complaint"' in _buttons(client, own)
    assert _click(client, own, "A1").status_code == 302
    assert Complaint.objects.get().customer == customer


@pytest.mark.django_db
def test_the_printed_survey_form_has_no_complaint_buttons(client, users, version, customer):
    response = _response(users, version, customer, A1=1)
    client.force_login(users[Role.MANAGER])
    printed = client.get(reverse("surveys:response_document", args=[response.pk]))
    assert 'data-testid="open-complaint"' not in printed.content.decode()


@pytest.mark.django_db
def test_the_description_quotes_the_item_in_the_respondents_language(users, version, customer):
    response = _response(users, version, customer, A1=2)
    response.language = "en"
    response.save(update_fields=["language"])
    answer = response.answers.select_related("question").get(question__code="A1")
    complaint = complaint_from_answer(by=users[Role.MANAGER], answer=answer)
    assert "An engineer reaches our site quickly." in complaint.description
