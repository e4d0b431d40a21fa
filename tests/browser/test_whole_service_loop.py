"""The whole service loop in one walk, as the office and the customer live it:

a call for a machine under warranty becomes a case; readings and a photo are added; the
engineer diagnoses remotely and asks the operator for more readings by a link; a visit is
planned with the suggested engineer; on a phone the engineer checks in, writes the report
while the plant's network drops and comes back, the customer signs on the screen; the case
closes; the customer answers the feedback link with a low score; the manager sees the
complaint."""

from datetime import timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Attachment, Case, Complaint, RepairReport, Visit

from .conftest import sign_in

PHONE = {"locale": "zh-CN", "viewport": {"width": 390, "height": 844}, "has_touch": True}


@pytest.fixture
def plant(demo_users):
    from serviceloop.demo.service import _load_profiles

    _load_profiles()  # engineer1 and engineer2 with their skills and home bases
    office = demo_users["coordinator"].office
    customer = make_customer(office, "C-0001", "上汽中博（上海）汽车零部件有限公司")
    make_contact(customer, "王建华")
    accepted = timezone.localdate() - timedelta(days=120)
    return make_unit(customer, "IH-2025-0100", final_acceptance_date=accepted)


def _photo() -> dict:
    jpeg = BytesIO()
    Image.new("RGB", (320, 240), (90, 120, 150)).save(jpeg, "JPEG")
    return {"name": "报警画面.jpg", "mimeType": "image/jpeg", "buffer": jpeg.getvalue()}


def _draw_signature(page, testid: str = "signature-pad") -> None:
    pad = page.get_by_test_id(testid)
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + box["height"] / 2 + (-1) ** step * 15)
    page.mouse.up()


def test_the_whole_loop_from_a_call_to_a_complaint_on_the_managers_page(
    page, browser, live_server, plant, csp_violations
):
    # The coordinator takes the call.
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_customer_q", "sqzb")
    page.get_by_test_id("customer-choice").click()
    page.select_option("#id_unit", label=f"{plant}")
    page.select_option("#id_reporter", label="王建华")
    page.select_option("#id_priority", "P2")
    page.fill("#id_symptom", "电源冷却水流量低报警，功率上不去")
    page.locator("form[method=post] button.primary").click()
    expect(page.get_by_test_id("case-number")).to_contain_text("SR-")
    case = Case.objects.get()
    expect(page.get_by_test_id("case-cover")).to_contain_text("质保")

    # Readings and a photo of the alarm screen.
    page.select_option("#id_tag", "Q_ps")
    page.fill("#id_value", "27.5")
    page.get_by_test_id("reading-form").locator("button").click()
    expect(page.get_by_test_id("readings")).to_contain_text("L/min")
    page.set_input_files("#id_file", _photo())
    page.fill("#id_caption", "HMI 报警画面")
    page.get_by_test_id("attach-form").locator("button").click()
    expect(page.get_by_test_id("attachments").locator("img")).to_be_visible()
    assert Attachment.objects.filter(case=case).count() == 1

    page.select_option("#id_assignee", label="王伟")
    page.get_by_test_id("triage-form").locator("button").click()
    expect(page.get_by_test_id("case-state")).to_contain_text("已分派")

    # The engineer diagnoses from the office and asks the operator for more readings.
    engineer_phone = browser.new_context(**PHONE)
    engineer = engineer_phone.new_page()
    sign_in(engineer, live_server, "engineer1")
    engineer.goto(f"{live_server.url}/cases/{case.pk}/")
    engineer.locator("form[data-move=start_remote_diagnosis] button").click()
    engineer.fill("#id_diagnosis", "流量低于调试值 80 %，怀疑 Y 型过滤器堵塞")
    engineer.get_by_test_id("findings-form").locator("button[type=submit]").click()
    engineer.get_by_test_id("ask-customer").click()
    request_form = engineer.get_by_test_id("info-request-form")
    request_form.locator("input[name=tags][value=Q_ps]").check()
    request_form.locator("input[name=tags][value=p_in]").check()
    request_form.locator("button.primary").click()
    link = engineer.get_by_test_id("request-link").locator("a").get_attribute("href")
    case.refresh_from_db()
    assert case.state == Case.State.WAITING_CUSTOMER

    operator = browser.new_context(**PHONE).new_page()
    operator.goto(link)
    operator.fill("#id_r_Q_ps", "26")
    operator.fill("#id_r_p_in", "2.4")
    operator.fill("#id_name", "李工")
    operator.get_by_test_id("answer-form").locator("button").click()
    expect(operator.get_by_test_id("answer-thanks")).to_be_visible()
    case.refresh_from_db()
    assert case.state == Case.State.REMOTE_DIAGNOSIS
    assert case.readings.filter(recorded_by__isnull=True).count() == 2

    # Remote diagnosis cannot fix a clogged strainer: the coordinator sends the suggested
    # engineer.
    page.reload()
    suggested = page.get_by_test_id("suggestions").locator("li strong").first.inner_text()
    assert suggested == "王伟"
    visit_form = page.get_by_test_id("visit-form")
    visit_form.locator("li", has_text=suggested).locator("input[type=checkbox]").check()
    now = timezone.localtime(timezone.now(), ZoneInfo("Asia/Shanghai"))
    visit_form.locator("input[name=planned_start]").fill(now.strftime("%Y-%m-%dT%H:%M"))
    visit_form.locator("button.primary").click()
    visit = Visit.objects.get(case=case)
    assert [e.username for e in visit.engineers.all()] == ["engineer1"]
    case.refresh_from_db()
    assert case.remote_outcome == Case.RemoteOutcome.VISIT_NEEDED

    # At the plant, on the phone.
    engineer.goto(f"{live_server.url}/cases/my-day/")
    engineer.get_by_test_id("check-in").click()
    case.refresh_from_db()
    assert case.state == Case.State.ON_SITE and case.on_site_at is not None
    engineer.goto(f"{live_server.url}/cases/{case.pk}/report/")
    engineer.fill("#id_fault_found", "电源支路Y型过滤器堵塞，冷却水流量 26 L/min")
    engineer.fill("#id_actions", "清洗过滤器，排气，流量恢复到 42 L/min")
    engineer.fill("#id_labour_hours", "2.5")
    engineer_phone.set_offline(True)
    engineer.get_by_test_id("save-report").click()
    expect(engineer.locator("[data-draft-status]")).not_to_be_empty()
    assert not RepairReport.objects.exists()
    engineer_phone.set_offline(False)
    expect(engineer.get_by_test_id("sign-form")).to_be_visible()
    engineer.fill("#id_customer_name", "王建华")
    _draw_signature(engineer)
    _draw_signature(engineer, "engineer-signature-pad")
    engineer.get_by_test_id("sign-form").locator("button.primary").click()
    expect(engineer.get_by_test_id("case-number")).to_be_visible()
    assert RepairReport.objects.get().is_signed
    resolve = engineer.locator("form[data-move=resolve_on_site]")
    resolve.locator("textarea").fill("清洗过滤器后流量恢复，试运行 2 小时正常")
    resolve.locator("button").click()
    case.refresh_from_db()
    assert case.state == Case.State.RESOLVED

    # The coordinator closes; the customer answers the feedback link with a low score.
    page.reload()
    close = page.locator("form[data-move=close]")
    close.locator("input[name=root_cause]").fill("F01")
    close.locator("select[name=billing]").select_option("warranty")
    close.locator("button").click()
    feedback_link = page.get_by_test_id("feedback-link").locator("a").get_attribute("href")
    customer = browser.new_context(**PHONE).new_page()
    customer.goto(feedback_link)
    form = customer.get_by_test_id("feedback-form")
    for name in ("response_speed", "competence", "attitude", "communication", "safety"):
        form.locator(f"input[name={name}][value='3']").check()
    form.locator("input[name=solved][value='True']").check()
    form.locator("input[name=overall][value='2']").check()
    form.locator("textarea[name=comment]").fill("等了两天才到现场")
    form.locator("button").click()
    expect(customer.get_by_test_id("feedback-thanks")).to_be_visible()

    manager = browser.new_context(locale="zh-CN").new_page()
    sign_in(manager, live_server, "manager")
    manager.goto(f"{live_server.url}/cases/complaints/")
    expect(manager.get_by_test_id("complaints")).to_contain_text("上汽中博")
    complaint = Complaint.objects.get()
    assert complaint.case == case and complaint.owner.username == "manager"
    assert csp_violations == []
