"""The first part of the service loop: a call becomes a case in under a minute, readings
are typed with their units, the case is triaged, and the engineer takes it on a phone.
(Visits, reports, signatures and feedback follow with the rest of the loop.)"""

import pytest
from playwright.sync_api import expect

from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case

from .conftest import sign_in


@pytest.fixture
def plant(demo_users):
    office = demo_users["coordinator"].office
    customer = make_customer(office, "C-0001", "上汽中博（上海）汽车零部件有限公司")
    make_contact(customer, "王建华")
    return make_unit(customer, "IH-2024-0100")


def test_a_call_becomes_a_triaged_case_the_engineer_takes_on_a_phone(
    page, browser, live_server, plant, csp_violations
):
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_customer_q", "sqzb")
    page.get_by_test_id("customer-choice").click()
    expect(page.get_by_test_id("chosen-customer")).to_contain_text("上汽中博")
    page.select_option("#id_unit", label=f"{plant}")
    page.select_option("#id_reporter", label="王建华")
    page.select_option("#id_priority", "P1")
    page.fill("#id_symptom", "电源冷却水流量低报警，无法加热")
    page.locator("form[method=post] button.primary").click()
    expect(page.get_by_test_id("case-number")).to_contain_text("SR-")

    page.select_option("#id_tag", "Q_ps")
    page.fill("#id_value", "28.5")
    page.get_by_test_id("reading-form").locator("button").click()
    expect(page.get_by_test_id("readings")).to_contain_text("L/min")

    page.select_option("#id_assignee", label="王伟")
    page.get_by_test_id("triage-form").locator("button").click()
    case = Case.objects.get()
    assert case.state == Case.State.TRIAGED and case.first_response_at is not None

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    sign_in(phone, live_server, "engineer1")
    phone.goto(f"{live_server.url}/cases/{case.pk}/")
    phone.locator("form[data-move=start_remote_diagnosis] button").click()
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert csp_violations == []
