"""The engineer on a phone: signing in opens the day's visits; on the case page what to do
next (check in, the repair report, call, navigate) is on the first screen."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from serviceloop.customers.testing import make_contact, make_customer, make_site
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, Visit
from serviceloop.service.testing import make_case

from .conftest import sign_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def visit_today(demo_users):
    office = demo_users["coordinator"].office
    customer = make_customer(office, "C-0001", "上汽中博（上海）汽车零部件有限公司")
    site = make_site(customer, address="上海市嘉定区安亭镇墨玉南路 888 号")
    case = make_case(
        office,
        customer=customer,
        site=site,
        unit=make_unit(customer, "IH-2024-0100"),
        reporter=make_contact(customer, "王建华"),
        reporter_name="王建华",
        reporter_phone="+86 138 1234 5678",
        state=Case.State.VISIT_SCHEDULED,
        assignee=demo_users["engineer1"],
        opened_by=demo_users["coordinator"],
    )
    visit = Visit.objects.create(
        case=case, planned_start=timezone.now(), planned_by=demo_users["coordinator"]
    )
    visit.engineers.add(demo_users["engineer1"])
    return case


def _on_first_screen(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] + box["height"] <= PHONE["height"]


def test_the_engineer_lands_on_the_day_and_finds_the_report_on_the_first_screen(
    browser, live_server, visit_today, csp_violations
):
    page = browser.new_context(locale="zh-CN", viewport=PHONE, has_touch=True).new_page()
    sign_in(page, live_server, "engineer1")
    expect(page).to_have_url(f"{live_server.url}/cases/my-day/")

    page.get_by_test_id("my-visit").get_by_role("link", name=visit_today.number).click()
    actions = page.get_by_test_id("case-actions")
    assert _on_first_screen(actions.get_by_test_id("case-call"))
    assert _on_first_screen(actions.get_by_test_id("case-navigate"))
    check_in = actions.get_by_test_id("case-check-in")
    assert _on_first_screen(check_in)
    check_in.click()

    visit_today.refresh_from_db()
    assert visit_today.state == Case.State.ON_SITE
    page.goto(f"{live_server.url}/cases/{visit_today.pk}/")
    report = page.get_by_test_id("case-report-link")
    assert _on_first_screen(report)
    report.click()
    expect(page).to_have_url(f"{live_server.url}/cases/{visit_today.pk}/report/")
    assert csp_violations == []
