"""Replenishment from headquarters: proposed from the policy and the waiting cases, sent,
confirmed and shipped by HQ only, received in parts; the case waiting for the part resumes
and its engineer is told; alerts are raised once and cleared by the order."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.parts.models import ReplenishmentOrder, Reservation, StockAlert, StockBalance
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.selectors.orders import lead_times
from serviceloop.parts.services import orders, reservations, stock
from serviceloop.parts.services.policy import set_policy
from serviceloop.service.models import Case

pytestmark = pytest.mark.django_db
State = ReplenishmentOrder.State


def _policy(world, part, *, minimum=1, reorder=2, maximum=6):
    return set_policy(
        by=world.clerk,
        part=part,
        warehouse=world.store,
        min_quantity=minimum,
        reorder_point=reorder,
        max_quantity=maximum,
        target_fill_rate="0.95",
    )


def _waiting_case(world, part, quantity):
    case = world.case()
    reservations.reserve_part(
        by=world.coordinator,
        case=case,
        part=part,
        warehouse=world.store,
        quantity=quantity,
        wait=True,
    )
    from serviceloop.service.services import cases as case_services

    return case_services.move(world.engineer, case, "wait_for_parts", None, "等IGBT")


def test_the_proposal_orders_up_to_max_and_what_cases_wait_for(world):
    _policy(world, world.filter, reorder=2, maximum=6)
    world.receive(world.filter, 1)
    _waiting_case(world, world.igbt, 2)

    order = orders.propose_order(by=world.clerk, warehouse=world.store)

    lines = {line.part.number: line for line in order.lines.select_related("part", "case")}
    assert lines["SP-1102"].quantity == 5  # position 1 ≤ reorder point 2: up to max 6
    assert lines["SP-2001"].quantity == 2 and lines["SP-2001"].case is not None
    assert order.state == State.DRAFT and order.is_urgent  # a case waits
    order = orders.send_order(by=world.clerk, order=order, version=order.version)
    assert orders.propose_order(by=world.clerk, warehouse=world.store) is None  # all on order


def test_only_headquarters_confirms_and_ships(world, users):
    order = orders.create_order(
        by=world.clerk, warehouse=world.store, lines=[{"part": world.igbt, "quantity": 2}]
    )
    order = orders.send_order(by=world.clerk, order=order, version=order.version)
    hq = users[Role.HQ]
    assert hq.notifications.filter(text__contains=order.number).exists()
    promised = timezone.localdate() + timedelta(days=5)
    with pytest.raises(PermissionDenied):
        orders.confirm_order(
            by=world.clerk, order=order, version=order.version, promised_on=promised
        )
    order = orders.confirm_order(by=hq, order=order, version=order.version, promised_on=promised)
    with pytest.raises(PermissionDenied):
        orders.ship_order(
            by=world.clerk, order=order, version=order.version, tracking="X", transport="air"
        )
    order = orders.ship_order(
        by=hq, order=order, version=order.version, tracking="DHL 123", transport="air"
    )
    assert order.state == State.SHIPPED and order.promised_on == promised
    # The clerk hears of the promise and of the shipment (both change when stock arrives),
    # in the clerk's own language.
    told = world.clerk.notifications.filter(text__contains=order.number)
    with translation.override(world.clerk.language):
        expected = [
            gettext(f"Headquarters {step} order %(number)s.") % {"number": order.number}
            for step in ("confirmed", "shipped")
        ]
    assert sorted(n.text for n in told) == sorted(expected)
    with pytest.raises(PermissionDenied):
        orders.enter_customs(by=hq, order=order, version=order.version, declaration="D1")


def test_a_stale_version_refuses_the_step(world, users):
    order = orders.create_order(
        by=world.clerk, warehouse=world.store, lines=[{"part": world.igbt, "quantity": 1}]
    )
    orders.send_order(by=world.clerk, order=order, version=order.version)
    with pytest.raises(ValidationError):
        orders.cancel_order(by=world.clerk, order=order, version=order.version)


def test_a_partial_receipt_resumes_the_waiting_case_and_tells_its_engineer(world, users):
    case = _waiting_case(world, world.igbt, 2)
    assert case.state == Case.State.WAITING_PARTS
    order = orders.create_order(
        by=world.clerk,
        warehouse=world.store,
        lines=[
            {"part": world.igbt, "quantity": 2, "case": case},
            {"part": world.filter, "quantity": 4},
        ],
    )
    order = orders.send_order(by=world.clerk, order=order, version=order.version)
    hq = users[Role.HQ]
    promised = timezone.localdate() + timedelta(days=3)
    order = orders.confirm_order(by=hq, order=order, version=order.version, promised_on=promised)
    igbt_line = order.lines.get(part=world.igbt)
    filter_line = order.lines.get(part=world.filter)

    order = orders.receive_order(
        by=world.clerk, order=order, quantities={igbt_line.pk: 2, filter_line.pk: 1}
    )

    assert order.state == State.PARTLY_RECEIVED
    case.refresh_from_db()
    assert case.state == Case.State.VISIT_SCHEDULED  # where it waited from
    assert Reservation.objects.get(case=case).state == Reservation.State.ACTIVE
    balance = StockBalance.objects.get(part=world.igbt, warehouse=world.store)
    assert (balance.on_hand, balance.reserved) == (2, 2)
    told = world.engineer.notifications.get(text__contains=case.number)
    assert "SP-2001" in told.text
    assert case.events.filter(kind="transition", data__move="resume").exists()

    order = orders.receive_order(by=world.clerk, order=order, quantities={filter_line.pk: 3})
    assert order.state == State.RECEIVED and order.received_at is not None
    with pytest.raises(ValidationError, match="Only a confirmed or shipped order"):
        orders.receive_order(by=world.clerk, order=order, quantities={filter_line.pk: 1})
    assert lead_times([world.igbt.pk])[world.igbt.pk]["count"] == 1
    assert stock_discrepancies() == []


def test_receiving_more_than_outstanding_is_refused_and_nothing_is_booked(world, users):
    order = orders.create_order(
        by=world.clerk, warehouse=world.store, lines=[{"part": world.filter, "quantity": 2}]
    )
    order = orders.send_order(by=world.clerk, order=order, version=order.version)
    order = orders.confirm_order(
        by=users[Role.HQ], order=order, version=order.version, promised_on=timezone.localdate()
    )
    line = order.lines.get()
    with pytest.raises(ValidationError, match="at most 2 are still to come"):
        orders.receive_order(by=world.clerk, order=order, quantities={line.pk: 3})
    assert not StockBalance.objects.filter(on_hand__gt=0).exists()


def test_a_low_part_raises_one_alert_by_app_and_mail_and_the_order_clears_it(world, users):
    _policy(world, world.igbt, minimum=1, reorder=1, maximum=4)
    world.receive(world.igbt, 3)
    mail.outbox.clear()
    stock.adjust_stock(
        by=world.clerk, part=world.igbt, warehouse=world.store, quantity=-2, reason="盘点差异"
    )
    stock.adjust_stock(
        by=world.clerk, part=world.igbt, warehouse=world.store, quantity=1, reason="找回"
    )
    stock.adjust_stock(
        by=world.clerk, part=world.igbt, warehouse=world.store, quantity=-1, reason="盘点差异"
    )
    alert = StockAlert.objects.get(kind=StockAlert.Kind.REORDER, cleared_at__isnull=True)
    assert alert.part == world.igbt
    told = users[Role.MANAGER].notifications.filter(text__contains="SP-2001")
    assert told.count() == 1
    order = orders.create_order(
        by=world.clerk, warehouse=world.store, lines=[{"part": world.igbt, "quantity": 3}]
    )
    orders.send_order(by=world.clerk, order=order, version=order.version)
    alert.refresh_from_db()
    assert alert.cleared_at is not None


def test_a_critical_part_running_out_is_told_once_until_stock_is_back(world, users):
    from serviceloop.parts.services import alerts

    _policy(world, world.igbt, minimum=0, reorder=0, maximum=4)
    world.receive(world.igbt, 1)
    stock.adjust_stock(
        by=world.clerk, part=world.igbt, warehouse=world.store, quantity=-1, reason="盘点差异"
    )
    told = users[Role.WAREHOUSE].notifications.filter(text__contains="SP-2001")
    told_once = told.count()  # the critical part out, and its reorder point crossed
    balance = StockBalance.objects.select_related("part").get(
        part=world.igbt, warehouse=world.store
    )
    alerts.review(balance)  # reviewed again while still out: nobody is told twice
    out = StockAlert.objects.filter(kind=StockAlert.Kind.CRITICAL_OUT, cleared_at__isnull=True)
    assert out.count() == 1
    assert told_once == 2 and told.count() == told_once
    world.receive(world.igbt, 2)
    assert not out.exists()  # cleared when stock is back
