"""Stock alerts: a part at or below its reorder point, a critical part with none free.

Raised and cleared as stock moves (inside the moving transaction); one open alert per
part, warehouse and kind, so the warehouse and the manager are told once, in-app and by
e-mail (accounts.services.notify), not at every movement."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.services import notify

from ..models import (
    OrderLine,
    ReplenishmentOrder,
    Reservation,
    StockAlert,
    StockBalance,
    StockingPolicy,
)

Kind = StockAlert.Kind

# How long a cleared alert stays reopenable without telling anyone again.
QUIET = timedelta(hours=24)


def on_order(part_id: int, warehouse_id: int) -> int:
    """What HQ has been asked for and not delivered yet, for this part and warehouse."""
    lines = OrderLine.objects.filter(
        part_id=part_id,
        order__warehouse_id=warehouse_id,
        order__state__in=ReplenishmentOrder.ON_ORDER_STATES,
    )
    totals = lines.aggregate(ordered=Sum("quantity"), received=Sum("received"))
    return (totals["ordered"] or 0) - (totals["received"] or 0)


def on_order_by_part(warehouse_id: int, part_ids) -> dict[int, int]:
    """`on_order` for many parts of one warehouse, in one query."""
    rows = (
        OrderLine.objects.filter(
            part_id__in=part_ids,
            order__warehouse_id=warehouse_id,
            order__state__in=ReplenishmentOrder.ON_ORDER_STATES,
        )
        .values("part_id")
        .annotate(ordered=Sum("quantity"), received=Sum("received"))
    )
    return {row["part_id"]: row["ordered"] - row["received"] for row in rows}


def backordered(part_id: int, warehouse_id: int) -> int:
    waiting = Reservation.objects.filter(
        part_id=part_id, warehouse_id=warehouse_id, state=Reservation.State.WAITING
    ).values_list("quantity", "issued", "released")
    return sum(q - i - r for q, i, r in waiting)


def inventory_position(balance: StockBalance) -> int:
    """Free stock plus what is on order, less what cases wait for: what the reorder point
    is compared with."""
    part, warehouse = balance.part_id, balance.warehouse_id
    return balance.available + on_order(part, warehouse) - backordered(part, warehouse)


def review(balance: StockBalance) -> None:
    policy = StockingPolicy.objects.filter(
        part_id=balance.part_id, warehouse_id=balance.warehouse_id
    ).first()
    stocked_here = policy is not None and policy.max_quantity > 0
    low = (
        stocked_here and policy is not None and inventory_position(balance) <= policy.reorder_point
    )
    empty = stocked_here and balance.part.is_critical and balance.available <= 0
    _set(balance, Kind.REORDER, low)
    _set(balance, Kind.CRITICAL_OUT, empty)


def review_order(order: ReplenishmentOrder) -> None:
    """An order sent or cancelled changes what is on order: the reorder alerts follow."""
    balances = StockBalance.objects.filter(
        warehouse_id=order.warehouse_id, part_id__in=order.lines.values("part_id")
    ).select_related("part")
    for balance in balances:
        review(balance)


def _set(balance: StockBalance, kind: str, raised: bool) -> None:
    open_alerts = StockAlert.objects.filter(
        part_id=balance.part_id,
        warehouse_id=balance.warehouse_id,
        kind=kind,
        cleared_at__isnull=True,
    )
    if not raised:
        open_alerts.update(cleared_at=timezone.now())
        return
    if open_alerts.exists():
        return
    # Stock that dips, recovers and dips again the same day (a count corrected, a part
    # returned) is one problem: the alert cleared less than a day ago reopens silently.
    recent = (
        StockAlert.objects.filter(
            part_id=balance.part_id,
            warehouse_id=balance.warehouse_id,
            kind=kind,
            cleared_at__gte=timezone.now() - QUIET,
        )
        .order_by("-cleared_at")
        .first()
    )
    try:
        with transaction.atomic():
            if recent is not None:
                recent.cleared_at = None
                recent.save(update_fields=["cleared_at"])
                return
            alert = StockAlert.objects.create(
                part_id=balance.part_id,
                warehouse_id=balance.warehouse_id,
                kind=kind,
                raised_at=timezone.now(),
            )
    except IntegrityError:  # raised by a concurrent movement: that one tells the people
        return
    _tell(alert)


def _tell(alert: StockAlert) -> None:
    warehouse = alert.warehouse
    people = User.objects.filter(
        office_id=warehouse.office_id, role__in=[Role.WAREHOUSE, Role.MANAGER], is_active=True
    )
    for user in people:
        with translation.override(user.language):
            if alert.kind == Kind.CRITICAL_OUT:
                text = _("Critical part %(part)s is out of stock in %(warehouse)s.")
            else:
                text = _("%(part)s in %(warehouse)s is at its reorder point: order it.")
            text = text % {"part": alert.part, "warehouse": warehouse}
        notify(user=user, text=text, link=reverse("parts:replenishment"))
