"""The demo's spare parts: a catalogue that knows every part the demo's reports and quotes
name, stock in every kind of warehouse, and two years of ledger that `check_stock` proves."""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from serviceloop.core.text import normalize_code
from serviceloop.demo import customers
from serviceloop.demo.parts import KEYS, parts_lines
from serviceloop.demo.parts.catalogue import _load_catalogue
from serviceloop.demo.parts.history import _History
from serviceloop.demo.parts.plan import make_plan
from serviceloop.demo.parts.warehouses import _load_warehouses
from serviceloop.parts.models import (
    Part,
    RepairOrder,
    ReplenishmentOrder,
    ReportPart,
    Reservation,
    SerialItem,
    StockBalance,
    StockMovement,
    Warehouse,
)
from serviceloop.parts.selectors.policy import at_or_below_reorder_point
from serviceloop.service.models import ChargeLine, RepairReport

pytestmark = pytest.mark.django_db
Kind = StockMovement.Kind


def seed(capsys, **options) -> None:
    started = time.perf_counter()
    call_command("seed_demo", **options)
    with capsys.disabled():
        print(
            f"\nseed_demo{' --reset' if options else ''} took {time.perf_counter() - started:.1f} s"
        )


def test_demo_stock_equals_its_ledger_and_reseeding_adds_nothing(capsys):
    seed(capsys)
    call_command("check_stock")  # raises CommandError on any discrepancy
    moves = StockMovement.objects.count()
    assert moves > 2000
    call_command("seed_demo")
    assert StockMovement.objects.count() == moves
    assert Part.objects.count() == len(KEYS)
    seed(capsys, reset=True)
    call_command("check_stock")
    assert Part.objects.count() == len(KEYS)
    assert StockMovement.objects.count() > 2000


def test_every_part_the_demo_reports_and_quotes_name_is_catalogued(capsys):
    seed(capsys)
    catalogue = set(Part.objects.values_list("number_key", flat=True))
    reported = {key for report in RepairReport.objects.all() for key, _count in parts_lines(report)}
    quoted = {
        normalize_code(number)
        for number in ChargeLine.objects.filter(kind=ChargeLine.Kind.PART).values_list(
            "part_number", flat=True
        )
        if number.strip()
    }
    assert reported and quoted
    assert reported - catalogue == set()
    assert quoted - catalogue == set()
    assert Part.objects.filter(models_used_in__isnull=False).distinct().count() >= 240


def test_demo_ledger_has_two_years_of_every_movement_and_serials_on_their_shelves(capsys):
    seed(capsys)
    assert set(Warehouse.objects.values_list("kind", flat=True)) == set(Warehouse.Kind.values)
    assert Warehouse.objects.filter(kind=Warehouse.Kind.VAN).count() == 2
    kinds = Counter(StockMovement.objects.values_list("kind", flat=True))
    assert set(kinds) == set(Kind.values)
    assert kinds[Kind.TRANSFER_OUT] == kinds[Kind.TRANSFER_IN]
    dates = StockMovement.objects.order_by("at").values_list("at", flat=True)
    assert (dates.last() - dates.first()).days >= 700
    assert not StockMovement.objects.filter(kind=Kind.ADJUSTMENT, reason="").exists()
    assert not StockMovement.objects.filter(
        kind=Kind.TRANSFER_IN, counterpart__isnull=True
    ).exists()
    issued = ReportPart.objects.select_related("issue", "report")
    assert issued.count() > 300
    assert all(
        line.issue.kind == Kind.ISSUE and line.issue.report_id == line.report_id for line in issued
    )


def test_demo_stock_levels_make_the_pages_interesting(capsys):
    seed(capsys)
    store = Warehouse.objects.get(kind=Warehouse.Kind.OFFICE)
    balances = StockBalance.objects.filter(warehouse=store)
    low = at_or_below_reorder_point(balances)
    assert low.filter(part__is_critical=True).exists()
    assert 1 <= balances.filter(on_hand=0).count() <= 15
    assert low.count() < balances.count() / 4  # most are fine
    assert balances.filter(reserved__gt=0).exists()
    states = set(Reservation.objects.values_list("state", flat=True))
    assert {Reservation.State.ACTIVE, Reservation.State.WAITING} <= states
    orders = set(ReplenishmentOrder.objects.values_list("state", flat=True))
    assert ReplenishmentOrder.State.RECEIVED in orders
    assert orders & ReplenishmentOrder.ON_ORDER_STATES
    repairs = set(RepairOrder.objects.values_list("state", flat=True))
    assert RepairOrder.State.REFURBISHED in repairs and repairs & RepairOrder.OPEN_STATES


def test_demo_serials_are_where_the_ledger_says(capsys):
    seed(capsys)
    shelves = Counter(
        (item.part_id, item.warehouse_id, item.status)
        for item in SerialItem.objects.filter(warehouse__isnull=False)
    )
    tracked = StockBalance.objects.filter(part__is_serialized=True)
    assert tracked.filter(on_hand__gt=0).exists()
    for balance in tracked:
        place = (balance.part_id, balance.warehouse_id)
        assert shelves[(*place, SerialItem.Status.IN_STOCK)] == balance.on_hand, balance
        assert shelves[(*place, SerialItem.Status.DEFECTIVE)] == balance.defective, balance
    assert SerialItem.objects.filter(
        status=SerialItem.Status.INSTALLED, unit__isnull=False
    ).exists()
    assert not StockBalance.objects.filter(reserved__gt=F("on_hand")).exists()


def test_demo_has_an_order_in_every_state_whatever_the_day(capsys):
    seed(capsys)
    call_command("check_stock")
    states = Counter(ReplenishmentOrder.objects.values_list("state", flat=True))
    assert set(states) == set(ReplenishmentOrder.State.values)
    partly = ReplenishmentOrder.objects.filter(state=ReplenishmentOrder.State.PARTLY_RECEIVED)
    for order in partly:
        lines = list(order.lines.all())
        assert any(line.received == line.quantity for line in lines)
        assert any(line.received < line.quantity for line in lines)
        # What a line received is the sum of its ledger receipts.
        for line in lines:
            receipts = StockMovement.objects.filter(order_line=line, kind=Kind.RECEIPT)
            assert sum(receipts.values_list("quantity", flat=True)) == line.received

    # The same history played as if the demo were loaded on other days (not written).
    parts, stores = _load_catalogue(), _load_warehouses()
    reports = list(
        RepairReport.objects.filter(
            case__customer__code__in=customers.CODES, engineer_signed_at__isnull=False
        ).order_by("engineer_signed_at", "pk")
    )
    plan = make_plan(stores, parts, reports)
    for days in (1, 5, 13, 20, 31, 47, 100):
        history = _History(stores, parts, plan, reports, timezone.now() - timedelta(days=days))
        history.run()
        played = {order.state for order in history.orders}
        assert played == set(ReplenishmentOrder.State.values), days
