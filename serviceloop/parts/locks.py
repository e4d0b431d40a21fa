"""The one place stock rows are locked.

Every change of stock locks the balance rows it touches, all at once and in primary-key
order, before it reads them: two postings can never interleave on one balance, and two
operations on the same pair of balances (a transfer and its reverse) cannot deadlock.
Reservations and serial numbers of a part in a warehouse change only under that lock.
On SQLite, `select_for_update` is a no-op, but every transaction takes the write lock at
its start (`transaction_mode=IMMEDIATE`), which serialises writers just the same.
"""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from .models import StockBalance

Place = tuple[int, int]  # (part_id, warehouse_id)


def lock_balances(places: Iterable[Place]) -> dict[Place, StockBalance]:
    """The balances of the places, created when missing, locked in primary-key order."""
    wanted = sorted(set(places))
    if not wanted:
        return {}
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("stock is locked inside the transaction that changes it")
    match = reduce(or_, (Q(part_id=part, warehouse_id=warehouse) for part, warehouse in wanted))
    known = set(StockBalance.objects.filter(match).values_list("part_id", "warehouse_id"))
    missing = [StockBalance(part_id=p, warehouse_id=w) for p, w in wanted if (p, w) not in known]
    if missing:
        # A concurrent creator of the same row wins; ours is then skipped, not an error.
        StockBalance.objects.bulk_create(missing, ignore_conflicts=True)
    rows = StockBalance.objects.select_for_update().filter(match).order_by("pk")
    return {(row.part_id, row.warehouse_id): row for row in rows}


def lock_balance(part_id: int, warehouse_id: int) -> StockBalance:
    return lock_balances([(part_id, warehouse_id)])[(part_id, warehouse_id)]
