"""Reads of replenishment orders, measured lead times and repair orders."""

from collections import defaultdict
from statistics import mean

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import User

from ..models import OrderLine, RepairOrder, ReplenishmentOrder, StockMovement
from ..permissions import ORDER_VIEWERS


def orders_for(user: User) -> QuerySet[ReplenishmentOrder]:
    """An office's own orders; headquarters and administrators see every office's."""
    orders = ReplenishmentOrder.objects.select_related(
        "office", "supplier", "warehouse", "created_by"
    )
    if not user.is_active or user.role not in ORDER_VIEWERS:
        return orders.none()
    if user.sees_all_offices:
        return orders
    return orders.filter(Q(office_id=user.office_id) | Q(supplier_id=user.office_id))


def order_for(user: User, pk: int) -> ReplenishmentOrder:
    lines = OrderLine.objects.select_related("part", "case")
    return get_object_or_404(
        orders_for(user).prefetch_related(Prefetch("lines", queryset=lines)), pk=pk
    )


def repairs_for(user: User) -> QuerySet[RepairOrder]:
    repairs = RepairOrder.objects.select_related(
        "part", "serial", "warehouse", "case", "repairer_office"
    )
    if not user.is_active or user.role not in ORDER_VIEWERS:
        return repairs.none()
    if user.sees_all_offices:
        return repairs
    if user.office_id is None:  # only administrators have no office, and they see all
        return repairs.none()
    return repairs.filter(warehouse__office_id=user.office_id)


def repairs_out(repairs: QuerySet[RepairOrder], *, overdue_on=None) -> QuerySet[RepairOrder]:
    """Off the shelf for repair (sent, or on the way back); with `overdue_on`, only those
    expected back before that day, the longest overdue first."""
    out = repairs.filter(state__in=RepairOrder.OUT_STATES)
    if overdue_on is None:
        return out.order_by("sent_at", "pk")
    return out.filter(expected_back__lt=overdue_on).order_by("expected_back", "pk")


def repair_for(user: User, pk: int) -> RepairOrder:
    return get_object_or_404(repairs_for(user), pk=pk)


def lead_times(part_ids: list[int] | None) -> dict[int, dict]:
    """Measured HQ lead time per part: days from sending the order to each line's first
    receipt (partial receipts count from the first), with the number of lines measured
    (of every part: None)."""
    ordered = StockMovement.objects.filter(
        kind=StockMovement.Kind.RECEIPT,
        order_line__isnull=False,
        order_line__order__sent_at__isnull=False,
    )
    if part_ids is not None:
        ordered = ordered.filter(part_id__in=part_ids)
    receipts = ordered.values_list(
        "part_id", "order_line_id", "at", "order_line__order__sent_at"
    ).order_by("at")
    first: dict[int, tuple[int, float]] = {}
    for part_id, line_id, at, sent_at in receipts:
        if sent_at is not None:  # always: the query keeps sent orders only
            first.setdefault(line_id, (part_id, (at - sent_at).total_seconds() / 86400))
    days: dict[int, list[float]] = defaultdict(list)
    for part_id, value in first.values():
        days[part_id].append(value)
    return {
        part_id: {
            "mean": round(mean(values), 1),
            "count": len(values),
            "max": round(max(values), 1),
        }
        for part_id, values in days.items()
    }
