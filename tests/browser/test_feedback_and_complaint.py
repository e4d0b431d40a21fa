"""Closing a case: the customer scans the feedback code on site, answers with a low score,
and a complaint appears on the manager's page."""

from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, Complaint, RepairReport
from serviceloop.service.testing import make_case

from .conftest import sign_in


@pytest.fixture
def resolved(demo_users):
    office = demo_users["coordinator"].office
    customer = make_customer(office, "C-0001", "上汽中博（上海）汽车零部件有限公司")
    case = make_case(
        office,
        customer=customer,
        unit=make_unit(customer, "IH-2024-0100"),
        state=Case.State.RESOLVED,
        resolution="清洗过滤器",
        assignee=demo_users["engineer1"],
        opened_by=demo_users["coordinator"],
        on_site_at=timezone.now(),
    )
    png = BytesIO()
    Image.new("RGB", (60, 20), "white").save(png, "PNG")
    from django.core.files.base import ContentFile

    report = RepairReport(
        case=case,
        engineer=demo_users["engineer1"],
        fault_found="堵塞",
        actions="清洗",
        customer_name="王建华",
        customer_signed_at=timezone.now(),
        engineer_signed_at=timezone.now(),
    )
    report.customer_signature.save("s.png", ContentFile(png.getvalue()), save=True)
    return case


def test_a_low_score_on_the_feedback_link_reaches_the_manager(browser, page, live_server, resolved):
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/cases/{resolved.pk}/")
    close = page.locator("form[data-move=close]")
    close.locator("input[name=root_cause]").fill("F01")
    close.locator("select[name=billing]").select_option("warranty")
    close.locator("button").click()
    link = page.get_by_test_id("feedback-link").locator("a").get_attribute("href")
    expect(page.get_by_test_id("feedback-link").locator("svg")).to_be_visible()

    customer = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}
    ).new_page()
    customer.goto(link)
    form = customer.get_by_test_id("feedback-form")
    for name in ("response_speed", "competence", "attitude", "communication", "safety"):
        form.locator(f"input[name={name}][value='3']").check()
    form.locator("input[name=solved][value='False']").check()
    form.locator("input[name=overall][value='2']").check()
    form.locator("textarea[name=comment]").fill("第二天才到现场")
    form.locator("button").click()
    expect(customer.get_by_test_id("feedback-thanks")).to_be_visible()
    customer.goto(link)
    expect(customer.get_by_test_id("feedback-closed")).to_be_visible()  # one use only

    manager = browser.new_context(locale="zh-CN").new_page()
    sign_in(manager, live_server, "manager")
    manager.goto(f"{live_server.url}/cases/complaints/")
    expect(manager.get_by_test_id("complaints")).to_contain_text("上汽中博")
    assert Complaint.objects.get().owner.username == "manager"
