"""The signed repair report leaves the plant as a document: the customer and the engineer
each draw a signature on the phone, the task worker mails the PDF once to the customer's
contact in the contact's language, and the case page prints it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from serviceloop.core.testing_documents import pdf_text
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, RepairReport, Visit
from serviceloop.service.testing import make_case

from .conftest import draw_signature, sign_in

PHONE = {"locale": "zh-CN", "viewport": {"width": 390, "height": 844}, "has_touch": True}


@pytest.fixture
def on_site(demo_users):
    office = demo_users["coordinator"].office
    customer = make_customer(office, "C-0001", "上汽中博（上海）汽车零部件有限公司")
    # The plant's maintenance head reads Spanish: the Madrid-trained one.
    caller = make_contact(customer, "王建华", email="wang@example.cn", language="es")
    case = make_case(
        office,
        customer=customer,
        unit=make_unit(customer, "IH-2024-0100"),
        reporter=caller,
        state=Case.State.ON_SITE,
        assignee=demo_users["engineer1"],
        opened_by=demo_users["coordinator"],
        on_site_at=timezone.now(),
    )
    visit = Visit.objects.create(
        case=case,
        planned_start=timezone.now(),
        arrived_at=timezone.now(),
        state=Visit.State.ON_SITE,
        planned_by=demo_users["coordinator"],
    )
    visit.engineers.add(demo_users["engineer1"])
    return case


def _run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def test_both_sign_and_the_pdf_is_mailed_once_in_the_contacts_language(
    browser, live_server, on_site, csp_violations
):
    page = browser.new_context(**PHONE).new_page()
    sign_in(page, live_server, "engineer1")
    page.goto(f"{live_server.url}/cases/{on_site.pk}/report/")
    page.fill("#id_fault_found", "电源支路Y型过滤器堵塞，冷却水流量 28 L/min")
    page.fill("#id_actions", "清洗过滤器，排气，流量恢复到 42 L/min")
    page.fill("#id_parts_used", "SP-1102 过滤器滤网 2")
    page.fill("#id_readings_after", "Q_ps 42 L/min · T_out 28 °C")
    page.get_by_test_id("save-report").click()
    expect(page.get_by_test_id("sign-form")).to_be_visible()

    page.fill("#id_customer_name", "王建华")
    page.get_by_test_id("sign-form").locator("button.primary").click()  # nothing drawn yet
    expect(page.get_by_test_id("sign-form")).to_be_visible()
    assert not RepairReport.objects.get().is_signed
    draw_signature(page, "signature-pad")
    draw_signature(page, "engineer-signature-pad")
    page.get_by_test_id("sign-form").locator("button.primary").click()
    expect(page.get_by_test_id("case-number")).to_be_visible()
    report = RepairReport.objects.get()
    assert report.customer_signature and report.engineer_signature

    assert mail.outbox == []  # the worker sends it, not the engineer's request
    _run_worker()
    _run_worker()  # nothing left to send
    [message] = mail.outbox
    assert message.to == ["wang@example.cn"]
    [(filename, pdf, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    text = pdf_text(pdf)
    with translation.override("es"):
        assert gettext("Product repair report") in text and gettext("Fault found") in text
    assert "IH-2024-0100" in text and "SP-1102" in text and "42 L/min" in text

    # The case page prints it too, in the engineer's language.
    document = page.get_by_test_id("report-document").first
    document.click()
    expect(page.locator("h1")).to_contain_text("产品维修报告单")
    expect(page.locator("main")).to_contain_text("IH-2024-0100")
    expect(page.locator("main img")).to_have_count(2)
    assert csp_violations == []
