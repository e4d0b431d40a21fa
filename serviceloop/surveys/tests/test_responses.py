"""Who reads the answers: the office's staff every response of its customers, headquarters
only those of contacts who agreed to be read abroad, another office none (404). The list
filters by campaign, customer, method and period; the survey form prints as a page and a
PDF with its total score and satisfaction."""

from datetime import date

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing_documents import fonts_not_embedded, pdf_text
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.service.testing import make_case
from serviceloop.surveys.models import Campaign, Response
from serviceloop.surveys.selectors.responses import ResponseFilters, response_list
from serviceloop.surveys.services.answers import Given

from .answer_world import recorded
from .campaign_world import short_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users, shanghai):
    customer = make_customer(shanghai, "C-0100", "上海曲轴有限公司")
    coordinator = users[Role.COORDINATOR]
    version = short_questionnaire()
    consenting = make_contact(customer, "李同意", consents_to_transfer_abroad=True)
    refusing = make_contact(customer, "王不同意")
    return {
        "customer": customer,
        "version": version,
        "agreed": recorded(coordinator, version, customer, contact=consenting),
        "refused": recorded(coordinator, version, customer, contact=refusing),
        "typed": recorded(coordinator, version, customer, name="陈纸面"),
    }


def _page(client, user, name, response):
    client.force_login(user)
    return client.get(reverse(name, args=[response.pk]))


def test_headquarters_reads_only_the_answers_of_contacts_who_agreed(client, users, world):
    hq = users[Role.HQ]
    assert _page(client, hq, "surveys:response_detail", world["agreed"]).status_code == 200
    assert _page(client, hq, "surveys:response_detail", world["refused"]).status_code == 404
    # A typed-in name agreed to nothing: headquarters does not read it either.
    assert _page(client, hq, "surveys:response_detail", world["typed"]).status_code == 404
    listed = client.get(reverse("surveys:response_list")).context["page"].object_list
    assert list(listed) == [world["agreed"]]


def test_the_office_reads_every_response_of_its_customers(client, users, world):
    response = client
    for answer in ("agreed", "refused", "typed"):
        page = _page(
            response, users[Role.ACCOUNT_MANAGER], "surveys:response_detail", world[answer]
        )
        assert page.status_code == 200


def test_another_office_gets_404_on_the_page_and_the_document(client, beijing, world):
    stranger = make_user(Role.MANAGER, username="beijing-manager", office=beijing)
    assert _page(client, stranger, "surveys:response_detail", world["agreed"]).status_code == 404
    assert _page(client, stranger, "surveys:response_document", world["agreed"]).status_code == 404
    listed = client.get(reverse("surveys:response_list")).context["page"].object_list
    assert list(listed) == []


def test_an_engineer_reads_no_answers(client, users, world):
    client.force_login(users[Role.ENGINEER])
    assert client.get(reverse("surveys:response_list")).status_code == 403


def test_the_list_filters_by_campaign_customer_method_and_period(users, shanghai, world):
    coordinator, version = users[Role.COORDINATOR], world["version"]
    other = make_customer(shanghai, "C-0200", "北京齿轮厂")
    campaign = Campaign.objects.create(
        office=shanghai, version=version, name="2026 年度调查", created_by=users[Role.MANAGER]
    )
    phoned = recorded(
        coordinator,
        version,
        other,
        name="周电话",
        method=Response.Method.PHONE,
        surveyed_on=date(2026, 3, 5),
        campaign=campaign,
    )

    def rows(**filters):
        return set(response_list(coordinator, ResponseFilters(**filters)))

    assert rows(campaign=campaign.pk) == {phoned}
    assert rows(customer=other.pk) == {phoned}
    assert rows(method=Response.Method.PHONE) == {phoned}
    assert rows(surveyed_from=date(2026, 3, 1), surveyed_to=date(2026, 3, 31)) == {phoned}
    assert rows(method=Response.Method.PAPER) == {world["agreed"], world["refused"], world["typed"]}


def test_the_survey_form_prints_with_its_score_and_satisfaction(client, users, shanghai, world):
    coordinator = users[Role.COORDINATOR]
    case = make_case(shanghai, customer=world["customer"], opened_by=coordinator)
    response = recorded(
        coordinator,
        world["version"],
        world["customer"],
        name="孙满意",
        case=case,
        interviewer=coordinator,
        scores={"A1": Given(score=2, importance=5), "C1": 9, "C3": Given(text="备件交期太长")},
    )
    client.force_login(users[Role.MANAGER])
    page = client.get(reverse("surveys:response_document", args=[response.pk]))
    assert page.status_code == 200
    scores = page.context["scores"]
    assert (scores.total, scores.maximum, scores.satisfaction) == (2, 5, 40.0)
    assert scores.recommend.score == 9
    pdf = client.get(reverse("surveys:response_document", args=[response.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for expected in ("客户服务满意度调查表", "孙满意", case.number, "备件交期太长", "40.0%"):
        assert expected in text
    assert fonts_not_embedded(pdf.content) == []
