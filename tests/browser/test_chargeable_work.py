"""Chargeable work: a machine out of warranty and contract gets a quote; no engineer is sent
until the customer approves it on the link sent to a phone."""

from datetime import date

import pytest
from playwright.sync_api import expect

from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, ChargeRates, Quote, Visit
from serviceloop.service.testing import make_case

from .conftest import sign_in


@pytest.fixture
def old_machine_case(demo_users):
    office = demo_users["coordinator"].office
    ChargeRates.objects.create(office=office, labour_rate=680, travel_rate=320, vat_percent=13)
    customer = make_customer(office, "C-0001", "重庆长安汽车零部件有限公司")
    reporter = make_contact(customer, "刘强")
    return make_case(
        office,
        customer=customer,
        unit=make_unit(customer, "IH-2012-0042", final_acceptance_date=date(2012, 5, 1)),
        reporter=reporter,
        state=Case.State.REMOTE_DIAGNOSIS,
        assignee=demo_users["engineer1"],
        opened_by=demo_users["coordinator"],
    )


def test_a_quote_approved_on_the_link_lets_the_engineer_go(
    page, browser, live_server, old_machine_case, csp_violations
):
    case = old_machine_case
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_test_id("visit-refusal")).to_be_visible()

    page.get_by_test_id("new-quote").click()
    page.fill("#id_scope", "更换流量开关，清洗电源支路")
    page.fill("#id_lines-0-quantity", "6")
    page.fill("#id_lines-1-quantity", "3")
    page.fill("#id_lines-2-description", "流量开关")
    page.fill("#id_lines-2-part_number", "SP-1140")
    page.fill("#id_lines-2-quantity", "1")
    page.fill("#id_lines-2-unit_price", "2350")
    page.get_by_test_id("quote-form").locator("button.primary").click()
    # 6 h × 680 + 3 h × 320 + 2,350 = 7,390; with 13 % VAT 8,350.70
    expect(page.get_by_test_id("quote-total").first).to_contain_text("8,350.70")

    page.get_by_test_id("quote").locator("form[action$='/send/'] button").click()
    link = page.get_by_test_id("quote-link").locator("a").get_attribute("href")
    # A visit cannot be planned while the customer decides: the case page comes back with
    # the reason at the visit form and at the top, and the engineer and time as chosen.
    visit_form = page.get_by_test_id("visit-form")
    visit_form.locator("li", has_text="王伟").locator("input").check()
    visit_form.locator("input[name=planned_start]").fill("2026-12-01T09:00")
    visit_form.locator("button.primary").click()
    expect(visit_form.locator(".errorlist")).to_contain_text("报价")
    expect(page.locator(".messages")).to_contain_text("报价")
    expect(visit_form.locator("li", has_text="王伟").locator("input")).to_be_checked()
    expect(visit_form.locator("input[name=planned_start]")).to_have_value("2026-12-01T09:00")
    assert not Visit.objects.exists()

    customer = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}
    ).new_page()
    customer.goto(link)
    expect(customer.get_by_test_id("quote-lines")).to_contain_text("SP-1140")
    customer.fill("#id_name", "刘强")
    customer.locator("button[value=approve]").click()
    expect(customer.get_by_test_id("quote-decided")).to_be_visible()
    quote = Quote.objects.get()
    assert quote.state == Quote.State.APPROVED and quote.decided_by_name == "刘强"

    # Back to the case page (a reload would send the refused form again).
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    visit_form.locator("li", has_text="王伟").locator("input").check()
    visit_form.locator("input[name=planned_start]").fill("2026-12-01T09:00")
    visit_form.locator("button.primary").click()
    expect(page.get_by_test_id("visits")).to_contain_text("王伟")
    assert Visit.objects.filter(case=case).count() == 1
    case.refresh_from_db()
    assert case.state == Case.State.VISIT_SCHEDULED
    assert csp_violations == []
