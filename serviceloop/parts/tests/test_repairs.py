"""The repair loop of a serial-tracked piece: its serial is with the repairer or on the
shelf of defective pieces, never counted twice (cases found by the stock state machine)."""

import pytest
from django.core.exceptions import ValidationError

from serviceloop.parts.models import RepairOrder, ReportPart, SerialItem, StockBalance
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.services import repairs, stock
from serviceloop.parts.services.reports import save_report_parts
from serviceloop.parts.testing import make_part

pytestmark = pytest.mark.django_db


def _return_board(world, fitted: str, removed: str) -> RepairOrder:
    """A board fitted on a repair, the defective one taken out returned to the store."""
    report = world.report(world.on_site())
    line = {"part": world.board, "warehouse": world.store, "quantity": 1, "serial": fitted}
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[{**line, "defective": ReportPart.Defective.RETURNED, "removed_serial": removed}],
    )
    world.sign(report)
    return RepairOrder.objects.get(serial__serial=removed)


def _send(world, order: RepairOrder) -> RepairOrder:
    order = repairs.decide_repair(
        by=world.clerk, repair=order, version=order.version, repairer="vendor", vendor="苏州"
    )
    return repairs.send_repair(
        by=world.clerk, repair=order, version=order.version, expected_back=None
    )


def _board(world) -> tuple[int, int]:
    balance = StockBalance.objects.get(part=world.board, warehouse=world.store)
    return balance.on_hand, balance.defective


def test_a_piece_at_the_repairer_is_received_on_its_repair_order_not_as_a_receipt(world):
    world.receive(world.board, 1, serials=["DB-0001"])
    order = _send(world, _return_board(world, "DB-0001", "DB-0777"))

    with pytest.raises(ValidationError, match="DB-0777 is at the repairer"):
        world.receive(world.board, 1, serials=["DB-0777"])

    repairs.receive_repaired(by=world.clerk, repair=order, version=order.version)
    assert _board(world) == (1, 0)
    assert SerialItem.objects.get(serial="DB-0777").status == SerialItem.Status.IN_STOCK
    assert stock_discrepancies() == []


def test_scrapping_a_defective_piece_from_the_shelf_scraps_its_repair_order_too(world):
    world.receive(world.board, 2, serials=["DB-0001", "DB-0002"])
    first = _return_board(world, "DB-0001", "DB-0777")
    second = _return_board(world, "DB-0002", "DB-0778")
    [move] = stock.scrap_stock(
        by=world.clerk,
        part=world.board,
        warehouse=world.store,
        quantity=1,
        reason="burnt",
        serial_numbers=["DB-0777"],
    )

    first.refresh_from_db()
    assert (first.state, first.result, move.repair_id) == ("scrapped", "burnt", first.pk)
    assert first.scrapped_at is not None
    with pytest.raises(ValidationError, match="that step is not possible now"):
        _send(world, first)
    second.refresh_from_db()
    assert second.state == RepairOrder.State.DEFECTIVE  # the other piece stays in the loop
    assert _board(world) == (0, 1)
    assert SerialItem.objects.get(serial="DB-0778").status == SerialItem.Status.DEFECTIVE
    assert stock_discrepancies() == []


def test_scrapping_defective_pieces_without_serials_scraps_as_many_repair_orders(world):
    repairable = make_part("SP-3301", name_zh="感应器", is_repairable=True)
    world.receive(repairable, 3)
    report = world.report(world.on_site())
    line = {"part": repairable, "warehouse": world.store, "quantity": 3}
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[{**line, "defective": ReportPart.Defective.RETURNED}],
    )
    world.sign(report)
    assert RepairOrder.objects.filter(part=repairable, state="defective").count() == 3

    stock.scrap_stock(
        by=world.clerk, part=repairable, warehouse=world.store, quantity=2, reason="burnt"
    )

    states = list(RepairOrder.objects.filter(part=repairable).order_by("pk").values_list("state"))
    assert states == [("scrapped",), ("scrapped",), ("defective",)]
    balance = StockBalance.objects.get(part=repairable, warehouse=world.store)
    assert (balance.on_hand, balance.defective) == (0, 1)
    assert stock_discrepancies() == []


def test_scrapping_good_stock_leaves_the_repair_loop_alone(world):
    world.receive(world.board, 2, serials=["DB-0001", "DB-0002"])
    order = _return_board(world, "DB-0001", "DB-0777")
    stock.scrap_stock(
        by=world.clerk,
        part=world.board,
        warehouse=world.store,
        quantity=1,
        reason="dropped",
        condition="good",
        serial_numbers=["DB-0002"],
    )
    order.refresh_from_db()
    assert order.state == RepairOrder.State.DEFECTIVE


def test_the_repair_loop_page_lists_what_is_out_for_repair_and_what_is_overdue(world, client):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    world.receive(world.board, 3, serials=["DB-0001", "DB-0002", "DB-0003"])
    late, on_time, at_home = (_return_board(world, f"DB-000{n}", f"DB-077{n}") for n in (1, 2, 3))
    today = timezone.localdate()
    for order, back in ((late, today - timedelta(days=3)), (on_time, today + timedelta(days=9))):
        order = repairs.decide_repair(
            by=world.clerk, repair=order, version=order.version, repairer="vendor", vendor="苏州"
        )
        repairs.send_repair(by=world.clerk, repair=order, version=order.version, expected_back=back)
    client.force_login(world.clerk)

    def listed(state: str) -> list[str]:
        page = client.get(reverse("parts:repair_list"), {"state": state})
        return [repair.number for repair in page.context["page"]]

    late.refresh_from_db(), on_time.refresh_from_db()
    assert listed("out") == [late.number, on_time.number]
    assert listed("overdue") == [late.number]
    assert late.is_overdue and not on_time.is_overdue and not at_home.is_overdue
    page = client.get(reverse("parts:repair_list"), {"state": "out"}).content.decode()
    assert page.count('data-testid="overdue"') == 1
