"""The engineer at the plant, on a phone: checks in, writes the repair report while the
connection drops and comes back, the customer and the engineer sign on the screen, the case
can close."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, RepairReport, Visit
from serviceloop.service.testing import make_case

from .conftest import draw_signature, sign_in


@pytest.fixture
def planned_visit(demo_users):
    office = demo_users["coordinator"].office
    customer = make_customer(office, "C-0001", "上汽中博（上海）汽车零部件有限公司")
    case = make_case(
        office,
        customer=customer,
        unit=make_unit(customer, "IH-2024-0100"),
        priority="P1",
        state=Case.State.VISIT_SCHEDULED,
        assignee=demo_users["engineer1"],
        opened_by=demo_users["coordinator"],
    )
    visit = Visit.objects.create(
        case=case, planned_start=timezone.now(), planned_by=demo_users["coordinator"]
    )
    visit.engineers.add(demo_users["engineer1"])
    return case


def test_the_report_survives_a_dropped_connection_and_the_customer_signs(
    browser, live_server, planned_visit, csp_violations
):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, has_touch=True
    )
    page = context.new_page()
    sign_in(page, live_server, "engineer1")
    page.goto(f"{live_server.url}/cases/my-day/")
    page.get_by_test_id("check-in").click()
    planned_visit.refresh_from_db()
    assert planned_visit.state == Case.State.ON_SITE

    page.goto(f"{live_server.url}/cases/{planned_visit.pk}/report/")
    page.fill("#id_fault_found", "电源支路Y型过滤器堵塞，冷却水流量 28 L/min")
    page.fill("#id_actions", "清洗过滤器，排气，流量恢复到 42 L/min")
    page.fill("#id_labour_hours", "2.5")

    context.set_offline(True)  # the plant's network drops
    page.get_by_test_id("save-report").click()
    expect(page.locator("[data-draft-status]")).not_to_be_empty()
    assert not RepairReport.objects.exists()
    context.set_offline(False)  # and comes back: the kept report is sent
    expect(page.get_by_test_id("sign-form")).to_be_visible()
    report = RepairReport.objects.get()
    assert "42 L/min" in report.actions

    page.fill("#id_customer_name", "王建华")
    draw_signature(page, "signature-pad")  # the customer's
    draw_signature(page, "engineer-signature-pad")  # and the engineer's
    page.get_by_test_id("sign-form").locator("button.primary").click()
    expect(page.get_by_test_id("case-number")).to_be_visible()
    report.refresh_from_db()
    assert report.is_signed and report.customer_signature and report.engineer_signature
    assert csp_violations == []
