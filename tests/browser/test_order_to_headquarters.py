"""An order to headquarters, as the office and HQ live it (issue 21):

the engineer reserves a part nobody has and lets the case wait for it; the warehouse clerk
proposes an order from the below-reorder page and sends it; HQ, in Spain, confirms it with
a promised date and ships it by sea; the clerk records customs and receives part of it;
the waiting case resumes by itself and its engineer finds the news in the notifications."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from serviceloop.parts.models import ReplenishmentOrder, Reservation, StockBalance, Warehouse
from serviceloop.parts.services.policy import set_policy
from serviceloop.parts.testing import make_part, make_warehouse
from serviceloop.service.models import Case
from serviceloop.service.testing import make_case

from .conftest import sign_in

State = ReplenishmentOrder.State


def _label(choice, language: str = "zh-hans") -> str:
    with translation.override(language):
        return str(choice.label)


@pytest.fixture
def shelf(demo_users):
    """An empty office warehouse stocking the IGBT module (reorder at 1, up to 4) and a
    scheduled visit whose engineer will find it missing."""
    clerk, office = demo_users["warehouse"], demo_users["warehouse"].office
    store = make_warehouse(office, "sh-main", name="上海备件库")
    make_warehouse(demo_users["hq"].office, "hq-es", Warehouse.Kind.HQ, name="HQ Spain")
    part = make_part("SP-2001", price_cny=5200, is_critical=True)
    set_policy(
        by=clerk,
        part=part,
        warehouse=store,
        min_quantity=1,
        reorder_point=1,
        max_quantity=4,
        target_fill_rate="0.95",
    )
    case = make_case(
        office,
        state=Case.State.VISIT_SCHEDULED,
        assignee=demo_users["engineer1"],
        opened_by=demo_users["coordinator"],
    )
    return {"store": store, "part": part, "case": case}


def test_an_order_proposed_sent_confirmed_shipped_and_partly_received_resumes_the_case(
    page, browser, live_server, shelf, csp_violations
):
    store, part, case = shelf["store"], shelf["part"], shelf["case"]

    # The engineer needs two modules; none is free, so the case waits for them.
    engineer = browser.new_context(locale="zh-CN").new_page()
    sign_in(engineer, live_server, "engineer1")
    engineer.goto(f"{live_server.url}/cases/{case.pk}/")
    reserve = engineer.get_by_test_id("reserve-form")
    reserve.locator("input[name=part]").fill(part.number)
    reserve.locator("select[name=warehouse]").select_option(label=str(store))
    reserve.locator("input[name=quantity]").fill("2")
    reserve.locator("input[name=wait]").check()
    reserve.locator("button.primary").click()
    expect(engineer.get_by_test_id("case-state")).to_have_text(_label(Case.State.WAITING_PARTS))
    expect(engineer.get_by_test_id("reservation-row")).to_have_attribute("data-state", "waiting")

    # The clerk orders from the below-reorder page: position 0 free + 0 on order − 2
    # waited for = −2, at or below the reorder point 1, so up to 4: six modules.
    sign_in(page, live_server, "warehouse")
    page.goto(f"{live_server.url}/parts/replenishment/")
    row = page.get_by_test_id("low-row")
    expect(row).to_contain_text(part.number)
    expect(row).to_contain_text(case.number)
    expect(row.locator("strong")).to_have_text("6")
    page.get_by_test_id("propose-order").click()
    expect(page.get_by_test_id("order-state")).to_have_text(_label(State.DRAFT))
    order = ReplenishmentOrder.objects.get()
    line = order.lines.get()
    assert (line.part_id, line.quantity, line.case_id) == (part.pk, 6, case.pk)
    assert order.is_urgent  # a case waits for it
    page.get_by_test_id("send-order").click()
    expect(page.get_by_test_id("order-state")).to_have_text(_label(State.SENT))

    # Headquarters is told, opens the order from its notifications, in Spanish.
    hq = browser.new_context(locale="es-ES").new_page()
    sign_in(hq, live_server, "hq")
    hq.goto(f"{live_server.url}/accounts/notifications/")
    hq.get_by_test_id("notifications").get_by_role("link", name=order.number).click()
    promised = timezone.localdate() + timedelta(days=10)
    confirm = hq.get_by_test_id("confirm-form")
    confirm.locator("input[name=promised_on]").fill(promised.isoformat())
    confirm.locator("button.primary").click()
    expect(hq.get_by_test_id("order-state")).to_have_text(_label(State.CONFIRMED, "es"))
    ship = hq.get_by_test_id("ship-form")
    ship.locator("select[name=transport]").select_option(ReplenishmentOrder.Transport.SEA)
    ship.locator("input[name=tracking]").fill("MSKU 7730215")
    ship.locator("button.primary").click()
    expect(hq.get_by_test_id("order-state")).to_have_text(_label(State.SHIPPED, "es"))
    # Its part is done: the office's steps are not offered to it.
    expect(hq.get_by_test_id("customs-form")).to_have_count(0)
    expect(hq.get_by_test_id("receive-form")).to_have_count(0)

    # The clerk clears customs, then books the first two modules that arrived.
    page.goto(f"{live_server.url}/parts/orders/{order.pk}/")
    customs = page.get_by_test_id("customs-form")
    customs.locator("input[name=declaration]").fill("222420261000123456")
    customs.locator("button").click()
    expect(page.get_by_test_id("order-state")).to_have_text(_label(State.IN_CUSTOMS))
    receive = page.get_by_test_id("receive-form")
    receive.locator(f"input[name=q{line.pk}]").fill("2")
    receive.locator("button.primary").click()
    expect(page.get_by_test_id("order-state")).to_have_text(_label(State.PARTLY_RECEIVED))
    expect(page.get_by_test_id("line-received")).to_have_text("2")

    order.refresh_from_db()
    assert order.promised_on == promised
    assert (order.transport, order.tracking) == ("sea", "MSKU 7730215")
    assert order.customs_declaration == "222420261000123456"
    assert order.received_at is None
    balance = StockBalance.objects.get(part=part, warehouse=store)
    assert (balance.on_hand, balance.reserved) == (2, 2)  # both held for the case at once

    # The case resumed by itself, and its engineer is told: unread news leads to it.
    engineer.goto(f"{live_server.url}/accounts/notifications/")
    news = engineer.get_by_test_id("notifications").locator("li.unread", has_text=case.number)
    expect(news).to_contain_text(part.number)
    news.locator("a").click()
    expect(engineer.get_by_test_id("case-state")).to_have_text(_label(Case.State.VISIT_SCHEDULED))
    expect(engineer.get_by_test_id("reservation-row")).to_have_attribute("data-state", "active")
    case.refresh_from_db()
    assert case.state == Case.State.VISIT_SCHEDULED
    resumed = case.events.get(kind="transition", data__move="resume")
    assert resumed.actor_id is None  # the system's move, nobody's click
    assert Reservation.objects.get(case=case).state == Reservation.State.ACTIVE
    assert csp_violations == []
