"""Issue 23's journey: the manager reads a campaign's analysis in Chinese (the quadrant
chart and the index), opens a complaint from a low answer in one click, finds it on the home
page, and reads what drives satisfaction."""

from datetime import date

import pytest
from playwright.sync_api import expect

from serviceloop.accounts.models import User
from serviceloop.customers.testing import make_customer
from serviceloop.service.models import Complaint
from serviceloop.surveys.services.answers import Given
from serviceloop.surveys.tests.answer_world import recorded
from serviceloop.surveys.tests.campaign_world import draft, short_questionnaire

from .conftest import sign_in


@pytest.fixture
def answered(demo_users):
    manager = demo_users["manager"]
    coordinator = User.objects.filter(office=manager.office, role="coordinator").first()
    version = short_questionnaire("journey")
    campaign = draft(manager, version, name="2026 年度回访", opens_on=date(2026, 11, 1))
    answers = []
    for code, name, score, recommend in (
        ("C-0201", "上汽中博（上海）汽车零部件有限公司", 2, 3),
        ("C-0202", "常州精密轴承有限公司", 4, 9),
    ):
        customer = make_customer(manager.office, code, name)
        answers.append(
            recorded(
                coordinator or manager,
                version,
                customer,
                name="王建华",
                scores={"A1": Given(score=score, importance=5), "C1": recommend},
                campaign=campaign,
            )
        )
    return campaign, answers[0]


def test_the_manager_opens_a_complaint_from_a_low_answer_in_one_click(
    page, live_server, answered, csp_violations
):
    campaign, low = answered
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/surveys/campaigns/{campaign.pk}/analysis/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_test_id("quadrant-chart")).to_be_visible()
    expect(page.get_by_test_id("overall-index")).not_to_have_text("—")

    page.goto(f"{live_server.url}/surveys/responses/{low.pk}/")
    expect(page.get_by_test_id("open-complaint")).to_have_count(2)  # A1 at 2, C1 at 3
    page.get_by_test_id("answer-A1").get_by_test_id("open-complaint").click()
    expect(page.get_by_test_id("complaint-answer")).to_contain_text("A1")
    complaint = Complaint.objects.get()
    assert (complaint.source, complaint.customer.code) == ("survey", "C-0201")

    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("home-complaint")).to_have_count(1)
    page.goto(f"{live_server.url}/surveys/campaigns/{campaign.pk}/drivers/")
    expect(page.get_by_test_id("drivers-method")).to_be_visible()
    assert csp_violations == []
