"""Issue 22's journey: the manager builds a short questionnaire, launches a campaign to the
grade-A customers, a contact answers through the mailed link on a phone in Chinese, and the
campaign page's response rate moves while the manager watches."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from serviceloop.customers.testing import make_contact, make_customer

from .conftest import sign_in

PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"https?://\S+/survey/[A-Za-z0-9_-]+/")


@pytest.fixture
def customers(demo_users):
    office = demo_users["manager"].office
    key = make_customer(office, "C-0101", "上汽中博（上海）汽车零部件有限公司", grade="A")
    other = make_customer(office, "C-0102", "常州精密轴承有限公司", grade="C")
    for customer, name, email in ((key, "王建华", "wang@zhongbo.cn"), (other, "李强", "li@cz.cn")):
        make_contact(customer, name, email=email, consents_to_surveys=True, language="zh-hans")
    return key


def _build_questionnaire(page, url):
    page.goto(f"{url}/surveys/questionnaires/new/")
    page.fill("#id_code", "after-visit")
    page.fill("#id_title_zh", "服务回访")
    page.fill("#id_title_en", "After the visit")
    page.locator("form button.primary").click()
    _add_section(page, "RES", "响应性", "Responsiveness")
    page.locator("a[href*='/questions/new/']").first.click()
    page.fill("#id_code", "A9")
    page.locator("#id_kind").select_option("rating")
    page.fill("#id_text_zh", "产线停机时，工程师能迅速到达现场。")
    page.fill("#id_text_en", "When our line is down, an engineer reaches our site quickly.")
    page.check("#id_required")
    page.get_by_test_id("question-form").locator("button.primary").click()
    _add_section(page, "OPEN", "开放题", "Open question")
    page.locator("a[href*='/questions/new/']").last.click()
    page.fill("#id_code", "C3")
    page.locator("#id_kind").select_option("text")
    page.fill("#id_text_zh", "您认为我们最需要优先改进的一点是什么？")
    page.fill("#id_text_en", "What is the one thing we should improve first?")
    page.get_by_test_id("question-form").locator("button.primary").click()
    expect(page.get_by_test_id("question")).to_have_count(2)


def _add_section(page, dimension, title_zh, title_en):
    page.locator("a[href*='/sections/new/']").first.click()
    page.locator("#id_dimension").select_option(dimension)
    page.fill("#id_title_zh", title_zh)
    page.fill("#id_title_en", title_en)
    page.locator("form button.primary").click()


def test_a_campaign_answered_on_a_phone_moves_the_response_rate(
    browser, page, live_server, customers, csp_violations
):
    sign_in(page, live_server, "manager")
    _build_questionnaire(page, live_server.url)

    page.goto(f"{live_server.url}/surveys/campaigns/new/")
    page.locator("#id_version").select_option(label="服务回访 · v1")
    page.fill("#id_name", "2026 年 A 类客户回访")
    page.locator("input[name=grades][value=A]").check()
    expect(page.get_by_test_id("audience-count")).to_contain_text("1")
    page.get_by_test_id("campaign-save").click()
    expect(page.get_by_test_id("audience-count")).to_have_text("1")
    page.get_by_test_id("campaign-launch").click()
    expect(page.get_by_test_id("rate-invited")).to_have_text("1")
    expect(page.get_by_test_id("rate-percent")).to_have_text("0.0%")

    assert [message.to for message in mail.outbox] == [["wang@zhongbo.cn"]]
    link = LINK.search(mail.outbox[0].body).group(0)

    phone = browser.new_context(locale="zh-CN", viewport=PHONE, has_touch=True).new_page()
    phone.goto(link)
    expect(phone.get_by_test_id("survey-section")).to_have_text("响应性")
    expect(phone.locator("body")).not_to_contain_text("上汽中博")
    expect(phone.get_by_test_id("survey-progress")).to_contain_text("1")
    phone.locator("label.answer-choice", has_text="4").first.tap()
    phone.get_by_test_id("survey-next").tap()
    expect(phone.get_by_test_id("survey-section")).to_have_text("开放题")
    phone.locator("textarea").fill("进口备件交期太长")
    phone.get_by_test_id("survey-send").tap()
    expect(phone.get_by_test_id("survey-done")).to_be_visible()
    phone.goto(link)
    expect(phone.get_by_test_id("survey-done")).to_be_visible()  # one answer only

    # The manager's page polls its figures: no reload.
    expect(page.get_by_test_id("rate-percent")).to_have_text("100.0%", timeout=15_000)
    expect(page.get_by_test_id("respondents")).to_contain_text("王建华")
    assert csp_violations == []
