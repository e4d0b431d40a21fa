"""The proof that balances are what the ledger says (manage.py check_stock, the tests)."""

from collections import defaultdict

from django.db.models import F, Q, Sum

from ..models import Condition, Reservation, StockBalance, StockMovement


def stock_discrepancies(part_ids: list[int] | None = None) -> list[str]:
    """Every balance whose on-hand, defective or reserved quantity differs from the sum of
    its ledger rows and open reservations, and every ledger whose running balance breaks."""
    scope = Q() if part_ids is None else Q(part_id__in=part_ids)
    sums: defaultdict[tuple[int, int], dict[str, int]] = defaultdict(
        lambda: {"on_hand": 0, "defective": 0, "reserved": 0}
    )
    for row in (
        StockMovement.objects.filter(scope)
        .values("part_id", "warehouse_id", "condition")
        .annotate(total=Sum("quantity"))
    ):
        field = "on_hand" if row["condition"] == Condition.GOOD else "defective"
        sums[(row["part_id"], row["warehouse_id"])][field] = row["total"]
    held = Reservation.objects.filter(scope, state=Reservation.State.ACTIVE)
    for held_row in held.values("part_id", "warehouse_id").annotate(
        total=Sum(F("quantity") - F("issued") - F("released"))
    ):
        sums[(held_row["part_id"], held_row["warehouse_id"])]["reserved"] = held_row["total"]
    found = []
    balances = {(b.part_id, b.warehouse_id): b for b in StockBalance.objects.filter(scope)}
    for place in sorted(set(balances) | set(sums)):
        balance = balances.get(place)
        for field, expected in sums[place].items():
            actual = getattr(balance, field, 0)
            if actual != expected:
                part, warehouse = place
                found.append(
                    f"part {part} warehouse {warehouse}: {field} {actual}, ledger says {expected}"
                )
    return found + _running_balance_breaks(scope)


def _running_balance_breaks(scope: Q) -> list[str]:
    running: dict[tuple, int] = defaultdict(int)
    found = []
    rows = (
        StockMovement.objects.filter(scope)
        .order_by("pk")
        .values_list("pk", "part_id", "warehouse_id", "condition", "quantity", "balance_after")
    )
    for pk, part_id, warehouse_id, condition, quantity, after in rows.iterator(chunk_size=5000):
        key = (part_id, warehouse_id, condition)
        running[key] += quantity
        if running[key] != after:
            found.append(f"movement {pk}: balance after {after}, running sum {running[key]}")
            running[key] = after
    return found
