"""Writes the played history in bulk: serial numbers, orders, repairs, the ledger in the
order it happened, the balances it sums to, reservations, report lines, policies, alerts."""

from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection

from serviceloop.parts.models import (
    DocumentNumber,
    OrderLine,
    RepairOrder,
    ReplenishmentOrder,
    ReportPart,
    Reservation,
    SerialItem,
    StockAlert,
    StockBalance,
    StockingPolicy,
    StockMovement,
)
from serviceloop.service.models import CaseEvent

BATCH = 1000
CRITICAL_FILL_RATE, OTHER_FILL_RATE = Decimal("0.950"), Decimal("0.900")
# Rows written with the primary keys the history gave them (book.Ids).
NUMBERED = [SerialItem, ReplenishmentOrder, OrderLine, RepairOrder, StockMovement]


def write(history) -> None:
    book = history.book
    SerialItem.objects.bulk_create(book.serials, batch_size=BATCH)
    ReplenishmentOrder.objects.bulk_create(history.orders, batch_size=BATCH)
    OrderLine.objects.bulk_create(history.order_lines, batch_size=BATCH)
    RepairOrder.objects.bulk_create(history.repairs, batch_size=BATCH)
    StockMovement.objects.bulk_create(book.movements, batch_size=BATCH)
    _move_sequences()
    StockBalance.objects.bulk_create(book.balances(), batch_size=BATCH)
    Reservation.objects.bulk_create(history.reservations, batch_size=BATCH)
    ReportPart.objects.bulk_create(history.report_parts, batch_size=BATCH)
    StockAlert.objects.bulk_create(history.alerts, batch_size=BATCH)
    CaseEvent.objects.bulk_create(history.case_notes, batch_size=BATCH)
    _write_policies(history)
    for (prefix, year), last in history.counters.items():
        DocumentNumber.objects.update_or_create(prefix=prefix, year=year, defaults={"last": last})


def _move_sequences() -> None:
    """PostgreSQL's sequences past the keys given (SQLite's AUTOINCREMENT follows alone)."""
    statements = connection.ops.sequence_reset_sql(no_style(), NUMBERED)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _write_policies(history) -> None:
    places = history.plan.policies
    existing = set(
        StockingPolicy.objects.filter(
            warehouse__in=[place.pk for place in history.stores.all]
        ).values_list("part_id", "warehouse_id")
    )
    StockingPolicy.objects.bulk_create(
        [
            StockingPolicy(
                part_id=part_id,
                warehouse_id=warehouse_id,
                min_quantity=minimum,
                reorder_point=reorder,
                max_quantity=maximum,
                target_fill_rate=CRITICAL_FILL_RATE
                if history.by_id[part_id].is_critical
                else OTHER_FILL_RATE,
                updated_by=history.clerk,
            )
            for (part_id, warehouse_id), (minimum, reorder, maximum) in sorted(places.items())
            if (part_id, warehouse_id) not in existing
        ],
        batch_size=BATCH,
    )
