"""The repair loop of a serial-tracked piece: its serial is with the repairer or on the
shelf of defective pieces, never counted twice (cases found by the stock state machine)."""

import pytest
from django.core.exceptions import ValidationError

from serviceloop.parts.models import RepairOrder, ReportPart, SerialItem, StockBalance
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.services import repairs, stock
from serviceloop.parts.services.reports import save_report_parts

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


def test_a_piece_scrapped_from_the_shelf_is_not_sent_for_repair_in_its_place(world):
    world.receive(world.board, 2, serials=["DB-0001", "DB-0002"])
    first = _return_board(world, "DB-0001", "DB-0777")
    _return_board(world, "DB-0002", "DB-0778")
    stock.scrap_stock(
        by=world.clerk,
        part=world.board,
        warehouse=world.store,
        quantity=1,
        reason="burnt",
        serial_numbers=["DB-0777"],
    )

    with pytest.raises(ValidationError, match="DB-0777 of SP-2101 is not in 上海备件库"):
        _send(world, first)
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="DB-0777 of SP-2101 is not in 上海备件库"):
        repairs.scrap_repair(by=world.clerk, repair=first, version=first.version, reason="x")

    assert _board(world) == (0, 1)
    assert SerialItem.objects.get(serial="DB-0778").status == SerialItem.Status.DEFECTIVE
    assert stock_discrepancies() == []
