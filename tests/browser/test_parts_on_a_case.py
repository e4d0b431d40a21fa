"""A part from the shelf to the machine and onto the bill (issue 20, decision 0009).

The engineer reserves an IGBT module for a case from the case page; the warehouse clerk
sees it on the pick list. At the plant, on a phone, the engineer lists it on the repair
report (the list saved while the network is down, sent when it is back), the defective
module taken out going back to the warehouse, and the customer signs. Only then does stock
move: the clerk sees the balance and the ledger change (the issue to the report, the
defective piece returned); the bill for the work done shows the part at the office's list
price, paid by the warranty."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.parts.models import (
    Part,
    RepairOrder,
    ReportPart,
    Reservation,
    StockBalance,
    StockMovement,
    Warehouse,
)
from serviceloop.parts.services import stock
from serviceloop.parts.testing import make_part, make_warehouse
from serviceloop.service.models import Case, ChargeLine, ChargeRates, RepairReport, Visit
from serviceloop.service.testing import make_case

from .conftest import draw_signature, sign_in

PHONE = {"locale": "zh-CN", "viewport": {"width": 390, "height": 844}, "has_touch": True}
DESKTOP = {"locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


def _zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


@pytest.fixture
def shelf(demo_users):
    """A machine under warranty at the plant with engineer1 on site, and three IGBT modules
    on the Shanghai office's shelf (engineer1 also has a van, empty)."""
    office = demo_users["coordinator"].office
    ChargeRates.objects.create(office=office, labour_rate=680, travel_rate=320, vat_percent=13)
    store = make_warehouse(office, "sh-main", name="上海备件库")
    make_warehouse(office, "van-1", Warehouse.Kind.VAN, engineer=demo_users["engineer1"])
    igbt = make_part(
        "SP-2001",
        price_cny=5200,
        is_critical=True,
        is_repairable=True,
        spare_class=Part.SpareClass.A,
    )
    stock.receive_stock(
        by=demo_users["warehouse"], part=igbt, warehouse=store, quantity=3, reference="DN-001"
    )
    customer = make_customer(office, "C-0001", "上汽中博（上海）汽车零部件有限公司")
    accepted = timezone.localdate() - timedelta(days=120)
    case = make_case(
        office,
        customer=customer,
        unit=make_unit(customer, "IH-2025-0100", final_acceptance_date=accepted),
        priority="P1",
        state=Case.State.ON_SITE,
        on_site_at=timezone.now(),
        assignee=demo_users["engineer1"],
        opened_by=demo_users["coordinator"],
        symptom="逆变器过流报警，无法起功率",
    )
    visit = Visit.objects.create(
        case=case, planned_start=timezone.now(), planned_by=demo_users["coordinator"]
    )
    visit.engineers.add(demo_users["engineer1"])
    return case, store, igbt


def _balance(igbt, store) -> tuple[int, int, int]:
    balance = StockBalance.objects.get(part=igbt, warehouse=store)
    return balance.on_hand, balance.reserved, balance.defective


def _stock_row(page, live_server):
    page.goto(f"{live_server.url}/parts/stock/?q=SP-2001")
    return page.locator("[data-testid=stock-row][data-part='SP-2001'][data-warehouse='sh-main']")


def test_a_reserved_part_is_fitted_returned_signed_for_and_billed(
    browser, live_server, shelf, csp_violations
):
    case, store, igbt = shelf

    # The engineer reserves one module from the office's shelf, on the case page.
    engineer_phone = browser.new_context(**PHONE)
    engineer = engineer_phone.new_page()
    sign_in(engineer, live_server, "engineer1")
    engineer.goto(f"{live_server.url}/cases/{case.pk}/")
    reserve = engineer.get_by_test_id("reserve-form")
    reserve.locator("input[name=part]").fill("SP-2001")
    reserve.locator("select[name=warehouse]").select_option(str(store.pk))
    reserve.locator("input[name=quantity]").fill("1")
    reserve.locator("button.primary").click()
    expect(engineer.locator("[data-testid=reservation-row][data-state=active]")).to_contain_text(
        "SP-2001"
    )
    reservation = Reservation.objects.get(case=case)
    assert (reservation.quantity, reservation.warehouse) == (1, store)
    assert _balance(igbt, store) == (3, 1, 0)

    # The warehouse clerk sees it to hand out; nothing has left the shelf yet.
    clerk = browser.new_context(**DESKTOP).new_page()
    sign_in(clerk, live_server, "warehouse")
    clerk.goto(f"{live_server.url}/parts/reservations/")
    pick = clerk.get_by_test_id("pick-row").filter(has_text=case.number)
    expect(pick).to_contain_text("SP-2001")
    expect(pick).to_contain_text("上海备件库")
    row = _stock_row(clerk, live_server)
    expect(row.get_by_test_id("on-hand")).to_have_text("3")
    expect(row.get_by_test_id("reserved")).to_have_text("1")

    # At the plant: the report, then the parts fitted, listed while the network is down.
    engineer.goto(f"{live_server.url}/cases/{case.pk}/report/")
    engineer.fill("#id_fault_found", "逆变器 IGBT 模块 V 相击穿")
    engineer.fill("#id_actions", "更换 IGBT 模块，试运行 2 小时功率正常")
    engineer.fill("#id_labour_hours", "3")
    engineer.get_by_test_id("save-report").click()
    parts_form = engineer.get_by_test_id("report-parts-form")
    expect(parts_form).to_be_visible()
    prefix = f"r{reservation.pk}-"
    # The reservation's row offers what is reserved as used.
    expect(parts_form.locator(f"input[name='{prefix}quantity']")).to_have_value("1")
    parts_form.locator(f"select[name='{prefix}defective']").select_option(
        ReportPart.Defective.RETURNED
    )
    parts_form.locator(f"input[name='{prefix}removed_serial']").fill("IGBT-OLD-0815")
    engineer_phone.set_offline(True)
    engineer.get_by_test_id("save-report-parts").click()
    expect(engineer.locator("[data-draft-status]")).not_to_be_empty()
    assert not ReportPart.objects.exists()
    engineer_phone.set_offline(False)  # the kept list is sent
    expect(engineer.get_by_test_id("used-parts")).to_contain_text("SP-2001")
    line = ReportPart.objects.get()
    assert (line.reservation, line.quantity, line.issue) == (reservation, 1, None)
    assert _balance(igbt, store) == (3, 1, 0)  # listing moves no stock

    engineer.fill("#id_customer_name", "王建华")
    draw_signature(engineer, "signature-pad")
    draw_signature(engineer, "engineer-signature-pad")
    engineer.get_by_test_id("sign-form").locator("button.primary").click()
    expect(engineer.get_by_test_id("case-number")).to_be_visible()
    assert RepairReport.objects.get(case=case).is_signed

    # Signed: the module left the shelf, the old one came back as defective and waits for
    # repair, and the reservation is done.
    assert _balance(igbt, store) == (2, 0, 1)
    reservation.refresh_from_db()
    assert (reservation.state, reservation.issued) == (Reservation.State.DONE, 1)
    repair = RepairOrder.objects.get(case=case)
    assert repair.serial.serial == "IGBT-OLD-0815"

    row = _stock_row(clerk, live_server)
    expect(row.get_by_test_id("on-hand")).to_have_text("2")
    expect(row.get_by_test_id("reserved")).to_have_text("0")
    expect(row.get_by_test_id("defective")).to_have_text("1")
    clerk.goto(f"{live_server.url}/parts/ledger/?part=SP-2001")
    issue = clerk.locator("[data-testid=ledger-row][data-kind=issue]")
    expect(issue).to_have_count(1)
    expect(issue).to_contain_text(_zh(StockMovement.Kind.ISSUE.label))
    expect(issue).to_contain_text(case.number)
    expect(issue.locator("td").nth(4)).to_have_text("-1")
    expect(issue.locator("td").nth(5)).to_have_text("2")  # the balance after it
    returned = clerk.locator("[data-testid=ledger-row][data-kind=return]")
    expect(returned).to_have_count(1)
    expect(returned).to_contain_text(_zh(StockMovement.Kind.RETURN.label))
    expect(returned).to_contain_text("IGBT-OLD-0815")
    expect(returned.locator("td").nth(4)).to_have_text("+1")
    clerk.goto(f"{live_server.url}/parts/reservations/")
    expect(clerk.get_by_test_id("pick-list")).not_to_contain_text(case.number)

    # The bill for the work done: the part fitted, at the office's list price, under warranty.
    coordinator = browser.new_context(**DESKTOP).new_page()
    sign_in(coordinator, live_server, "coordinator")
    coordinator.goto(f"{live_server.url}/cases/{case.pk}/#charges")
    billed = (
        coordinator.get_by_test_id("charges")
        .get_by_test_id("quote-lines")
        .locator("tbody tr")
        .filter(has_text="SP-2001")
    )
    expect(billed).to_have_count(1)
    expect(billed).to_contain_text("IGBT模块")
    expect(billed.locator("td").nth(1)).to_have_text("1")
    expect(billed.locator("td").nth(2)).to_have_text("5,200.00")
    expect(billed.locator("td").nth(4)).to_have_text(_zh(ChargeLine.Cover.WARRANTY.label))
    assert csp_violations == []
