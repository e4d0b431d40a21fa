"""Receipts, corrections, transfers and scrap: one ledger row per movement, balances that
equal the ledger, and refusals that leave stock untouched."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from serviceloop.accounts.models import Role
from serviceloop.parts.models import SerialItem, StockBalance, StockMovement
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.services import stock

pytestmark = pytest.mark.django_db


def balance(part, warehouse):
    return StockBalance.objects.get(part=part, warehouse=warehouse)


def test_a_receipt_adds_stock_and_one_ledger_row_with_the_running_balance(world):
    world.receive(world.igbt, 4)
    moves = world.receive(world.igbt, 2)
    assert balance(world.igbt, world.store).on_hand == 6
    assert [m.balance_after for m in StockMovement.objects.order_by("pk")] == [4, 6]
    assert moves[0].by == world.clerk and moves[0].kind == StockMovement.Kind.RECEIPT
    assert stock_discrepancies() == []


def test_the_same_submission_twice_makes_one_row(world):
    first = stock.receive_stock(
        by=world.clerk,
        part=world.igbt,
        warehouse=world.store,
        quantity=3,
        request_key="form-key-123",
    )
    again = stock.receive_stock(
        by=world.clerk,
        part=world.igbt,
        warehouse=world.store,
        quantity=3,
        request_key="form-key-123",
    )
    assert [m.pk for m in again] == [m.pk for m in first]
    assert StockMovement.objects.count() == 1 and balance(world.igbt, world.store).on_hand == 3


def test_a_transfer_out_and_in_is_two_linked_rows_and_repeating_it_moves_nothing_more(world):
    world.receive(world.filter, 10)
    for _ in range(2):
        stock.transfer_stock(
            by=world.clerk,
            part=world.filter,
            source=world.store,
            target=world.van,
            quantity=4,
            request_key="transfer-key-1",
        )
    out, into = StockMovement.objects.filter(kind__startswith="transfer").order_by("pk")
    assert (out.quantity, into.quantity, into.counterpart_id) == (-4, 4, out.pk)
    assert (
        balance(world.filter, world.store).on_hand == 6
        and balance(world.filter, world.van).on_hand == 4
    )


def test_stock_never_goes_below_zero_and_a_refusal_writes_nothing(world):
    world.receive(world.filter, 2)
    with pytest.raises(ValidationError, match="Only 2"):
        stock.adjust_stock(
            by=world.clerk, part=world.filter, warehouse=world.store, quantity=-3, reason="盘点"
        )
    assert balance(world.filter, world.store).on_hand == 2 and StockMovement.objects.count() == 1


def test_the_database_refuses_negative_stock_even_without_the_services(world):
    world.receive(world.filter, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.filter(part=world.filter).update(on_hand=-1)


def test_the_database_refuses_more_reserved_than_on_hand(world):
    world.receive(world.filter, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.filter(part=world.filter).update(reserved=2)


def test_ledger_rows_cannot_be_changed_afterwards(world):
    world.receive(world.filter, 1)
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE parts_stockmovement SET quantity = 5")
    assert StockMovement.objects.get().quantity == 1


def test_an_adjustment_needs_a_reason(world):
    with pytest.raises(ValidationError, match="why"):
        stock.adjust_stock(
            by=world.clerk, part=world.filter, warehouse=world.store, quantity=2, reason=" "
        )


def test_only_the_office_warehouse_changes_its_stock(world, users):
    for role in (Role.ENGINEER, Role.COORDINATOR, Role.HQ):
        with pytest.raises(PermissionDenied):
            stock.receive_stock(
                by=users[role], part=world.filter, warehouse=world.store, quantity=1
            )
    with pytest.raises(PermissionDenied):  # HQ's own warehouse belongs to another office
        stock.receive_stock(by=world.clerk, part=world.filter, warehouse=world.hq, quantity=1)
    assert not StockMovement.objects.exists()


def test_serial_tracked_parts_move_piece_by_piece(world):
    world.receive(world.board, 2, serials=["DB-001", "ＤＢ-002"])
    assert StockMovement.objects.filter(part=world.board).count() == 2
    stock.transfer_stock(
        by=world.clerk,
        part=world.board,
        source=world.store,
        target=world.van,
        quantity=1,
        serial_numbers=["db-002"],
    )
    moved = SerialItem.objects.get(serial_key="DB-002")
    assert moved.warehouse == world.van and moved.status == SerialItem.Status.IN_STOCK
    assert StockMovement.objects.filter(serial=moved).count() == 3


def test_serial_tracked_parts_need_one_serial_per_piece(world):
    with pytest.raises(ValidationError, match="2 different serial numbers"):
        world.receive(world.board, 2, serials=["DB-001"])
    with pytest.raises(ValidationError, match="already in"):
        world.receive(world.board, 1, serials=["DB-009"])
        world.receive(world.board, 1, serials=["db-009"])


def test_defective_stock_is_scrapped_with_a_reason(world):
    world.receive(world.filter, 3)
    with pytest.raises(ValidationError, match="Only 0"):
        stock.scrap_stock(
            by=world.clerk, part=world.filter, warehouse=world.store, quantity=1, reason="坏"
        )
    stock.scrap_stock(
        by=world.clerk,
        part=world.filter,
        warehouse=world.store,
        quantity=1,
        reason="运输损坏",
        condition="good",
    )
    assert balance(world.filter, world.store).on_hand == 2
    assert stock_discrepancies() == []


def test_the_check_finds_a_balance_changed_behind_the_ledgers_back(world):
    world.receive(world.filter, 3)
    StockBalance.objects.filter(part=world.filter).update(on_hand=5)
    found = stock_discrepancies()
    assert any("on_hand 5, ledger says 3" in line for line in found)
