"""Issue 23's journey: the manager opens a campaign's analysis in Chinese, sees the
importance–performance chart and the satisfaction index, goes from a written comment to
the respondent's answers and opens a complaint from a low answer in one click."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from serviceloop.service.models import Complaint
from serviceloop.surveys.selectors.analysis import analyse
from serviceloop.surveys.standard import install_standard_questionnaire
from serviceloop.surveys.tests.rated_world import rated_campaign
from serviceloop.surveys.views.analysis import QUADRANT_NAMES

from .conftest import sign_in


@pytest.fixture
def campaign(demo_users):
    # A transactional test empties the tables the data migration filled: install again.
    install_standard_questionnaire()
    manager = demo_users["manager"]
    return rated_campaign(manager, demo_users["coordinator"], manager.office, 12)


def test_the_manager_reads_the_analysis_and_opens_a_complaint_from_a_low_answer(
    page, live_server, demo_users, campaign, csp_violations
):
    analysis = analyse(campaign, demo_users["manager"])
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/surveys/campaigns/{campaign.pk}/")
    page.get_by_test_id("campaign-analysis").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_test_id("respondents")).to_have_text("12")
    expect(page.get_by_test_id("overall-index")).to_have_text(f"{analysis.overall:.2f}")
    expect(page.get_by_test_id("dimension-row")).to_have_count(9)
    chart = page.get_by_test_id("quadrant-chart").locator("svg")
    expect(chart).to_be_visible()
    with translation.override("zh-hans"):
        concentrate = str(QUADRANT_NAMES["concentrate"])
    expect(chart).to_contain_text(concentrate)
    expect(chart.locator(".chart-point.concentrate[data-code='A18']")).to_have_count(1)
    # The chart is drawn: its plotting area has a size, the points sit inside the drawing.
    assert chart.bounding_box()["width"] > 300

    # From a comment to the respondent's answers, then one click on the low answer.
    page.get_by_test_id("comment-response").first.click()
    low = page.get_by_test_id("answer-A18")
    expect(low).to_contain_text(re.compile(r"\b[12] / 5"))  # spare parts: scored low
    low.get_by_test_id("open-complaint").click()
    expect(page).to_have_url(f"{live_server.url}/cases/complaints/{Complaint.objects.get().pk}/")
    complaint = Complaint.objects.get()
    assert complaint.source == Complaint.Source.SURVEY
    assert complaint.customer.code.startswith(f"R-{campaign.pk}-")
    assert csp_violations == []
