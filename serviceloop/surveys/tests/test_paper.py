"""Paper answers typed in by staff: the form records the respondent, how and by whom they
were asked, the linked case and every answer; a refused form comes back as typed (decision
0013) and its one-time key saves once (decision 0011)."""

from datetime import date

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.service.testing import make_case
from serviceloop.surveys.models import Response

from .campaign_world import short_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(users, shanghai):
    customer = make_customer(shanghai, "C-0300", "无锡齿轮有限公司")
    other = make_customer(shanghai, "C-0301", "常州轴承厂")
    coordinator = users[Role.COORDINATOR]
    return {
        "version": short_questionnaire(),
        "customer": customer,
        "case": make_case(shanghai, customer=customer, opened_by=coordinator),
        "others_case": make_case(shanghai, customer=other, opened_by=coordinator),
    }


def _filled(paper, **changes) -> dict:
    data = {
        "customer": paper["customer"].pk,
        "respondent_name": "钱维修",
        "respondent_department": "设备部",
        "respondent_title": "主管",
        "surveyed_on": "2026-11-20",
        "method": Response.Method.PHONE,
        "case": paper["case"].number,
        "A1_score": "2",
        "A1_importance": "5",
        "C1_score": "6",
        "D1_choices": "R0",
        "D2_choices": ["S0", "S1"],
        "C3_text": "希望备件库存更充足",
    }
    return with_form_key(data, **changes)


def _url(paper):
    return reverse("surveys:paper_form", args=[paper["version"].pk])


def test_a_typed_in_paper_form_records_every_answer(client, users, paper):
    coordinator = users[Role.COORDINATOR]
    client.force_login(coordinator)
    shown = client.get(_url(paper)).context["form"]
    assert shown["interviewer"].value() == coordinator.pk  # whoever types it in, by default
    assert shown["method"].value() == Response.Method.PAPER
    page = client.post(_url(paper), _filled(paper, interviewer=coordinator.pk))
    response = Response.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("surveys:response_detail", args=[response.pk])
    assert (response.respondent_name, response.respondent_department) == ("钱维修", "设备部")
    assert response.surveyed_on == date(2026, 11, 20)
    assert response.method == Response.Method.PHONE
    assert response.case == paper["case"]
    assert response.interviewer == coordinator
    assert response.recorded_by == coordinator and response.submitted_at is not None
    answers = {a.question.code: a for a in response.answers.all()}
    assert (answers["A1"].score, answers["A1"].importance, answers["C1"].score) == (2, 5, 6)
    assert [c.code for c in answers["D1"].choices.all()] == ["R0"]
    assert sorted(c.code for c in answers["D2"].choices.all()) == ["S0", "S1"]
    assert answers["C3"].text == "希望备件库存更充足"


def test_a_refused_paper_form_shows_again_with_everything_typed(client, users, paper):
    client.force_login(users[Role.COORDINATOR])
    data = _filled(paper, case=paper["others_case"].number)
    page = client.post(_url(paper), data)
    assert page.status_code == 200
    assert Response.objects.count() == 0
    form = page.context["form"]
    assert form.errors["case"]  # the reason stands at the field it is about
    html = page.content.decode()
    for typed in ("钱维修", "设备部", "希望备件库存更充足", paper["others_case"].number):
        assert typed in html
    assert form["A1_score"].value() == "2" and form["D2_choices"].value() == ["S0", "S1"]
    # Corrected, the same form (the same one-time key) saves.
    fixed = client.post(_url(paper), {**data, "case": paper["case"].number})
    assert fixed.status_code == 302 and Response.objects.count() == 1


def test_a_paper_form_sent_twice_records_one_response(client, users, paper):
    client.force_login(users[Role.COORDINATOR])
    data = _filled(paper)
    client.post(_url(paper), data)
    again = client.post(_url(paper), data)
    assert again.status_code == 302
    assert Response.objects.count() == 1


def test_the_same_respondent_on_the_same_day_is_refused(client, users, paper):
    client.force_login(users[Role.COORDINATOR])
    client.post(_url(paper), _filled(paper))
    page = client.post(_url(paper), _filled(paper))
    assert page.status_code == 200 and page.context["form"].errors["respondent_name"]
    assert Response.objects.count() == 1


def test_an_account_manager_may_read_but_not_type_in_answers(client, users, paper):
    client.force_login(users[Role.ACCOUNT_MANAGER])
    assert client.get(_url(paper)).status_code == 403
