"""Reads for the stocking policy: what is low, what is out, and what to stock, with the
numbers behind each recommendation (the method is in parts/forecast.py)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from serviceloop.accounts.models import Office, User
from serviceloop.equipment.models import Unit

from .. import forecast
from ..models import (
    ModelPart,
    Part,
    RepairOrder,
    StockBalance,
    StockingPolicy,
    StockMovement,
    Warehouse,
)
from .orders import lead_times
from .stock import warehouses_for

HISTORY_MONTHS = 24
CRITICAL_FILL_RATE = Decimal("0.95")
OTHER_FILL_RATE = Decimal("0.90")
POOL_AVAILABILITY = 0.95


def policies_of(balances) -> dict[tuple[int, int], StockingPolicy]:
    places = [(b.part_id, b.warehouse_id) for b in balances]
    if not places:
        return {}
    found = StockingPolicy.objects.filter(
        part_id__in={p for p, _ in places}, warehouse_id__in={w for _, w in places}
    )
    return {(p.part_id, p.warehouse_id): p for p in found}


def policy_of(part: Part, warehouse: Warehouse) -> StockingPolicy | None:
    """The part's policy in a warehouse the caller already holds through a scoped selector."""
    return StockingPolicy.objects.filter(part=part, warehouse=warehouse).first()


def at_or_below_reorder_point(balances: QuerySet[StockBalance]) -> QuerySet[StockBalance]:
    """Balances whose free stock is at or below their reorder point (orders not counted)."""
    low = StockingPolicy.objects.filter(
        part_id=OuterRef("part_id"),
        warehouse_id=OuterRef("warehouse_id"),
        max_quantity__gt=0,
        reorder_point__gte=OuterRef("on_hand") - OuterRef("reserved"),
    )
    return balances.filter(Exists(low.values("pk")))


def monthly_issues(
    office: Office, part_ids: list[int] | None = None, months: int = HISTORY_MONTHS
) -> dict[int, list[int]]:
    """Quantities issued to repairs per calendar month, oldest first, for the office's
    warehouses over the last `months` months (the months with no issue count as 0)."""
    today = timezone.localdate()
    start = _month_start(today, months - 1)
    rows = StockMovement.objects.filter(
        kind=StockMovement.Kind.ISSUE, warehouse__office=office, at__date__gte=start
    )
    if part_ids is not None:
        rows = rows.filter(part_id__in=part_ids)
    totals = (
        rows.annotate(month=TruncMonth("at"))
        .values("part_id", "month")
        .annotate(count=Sum("quantity"))
    )
    index = {_month_start(today, back): months - 1 - back for back in range(months)}
    history: dict[int, list[int]] = defaultdict(lambda: [0] * months)
    for row in totals:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        position = index.get(month.replace(day=1))
        if position is not None:
            history[row["part_id"]][position] += -row["count"]
    return history


def _month_start(today: date, back: int) -> date:
    year, month = today.year, today.month - back
    while month <= 0:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def installed_positions(office: Office | None) -> dict[int, int]:
    """How many of each part the machines in service use (bill of parts × units), for one
    office's customers, or the whole fleet when `office` is None."""
    units = Unit.objects.filter(archived_at__isnull=True).exclude(status=Unit.Status.DECOMMISSIONED)
    if office is not None:
        units = units.filter(customer__office=office)
    per_model = dict(units.values("model_id").annotate(n=Count("pk")).values_list("model_id", "n"))
    positions: dict[int, int] = defaultdict(int)
    for model_id, part_id, quantity in ModelPart.objects.values_list(
        "equipment_model_id", "part_id", "quantity"
    ):
        positions[part_id] += quantity * per_model.get(model_id, 0)
    return positions


@dataclass(frozen=True)
class Advice:
    part: Part
    warehouse: Warehouse
    policy: StockingPolicy | None
    history: list[int]
    positions: int
    fleet_rate: float | None
    lead_time_days: int
    lead_time_source: str  # "measured" or "catalogue"
    target: float
    result: forecast.Recommendation


def recommendations(office: Office, warehouse: Warehouse, parts: list[Part]) -> list[Advice]:
    """One recommendation per part for the warehouse, from the office's issue history (SBA),
    the installed base and the lead time, at the policy's fill rate (95 % for critical
    parts, 90 % for the others when no policy says otherwise)."""
    ids = [p.pk for p in parts]
    history = monthly_issues(office, ids)
    positions = installed_positions(office)
    fleet = _fleet_rates(parts)
    measured = lead_times(ids)
    policies = {
        p.part_id: p for p in StockingPolicy.objects.filter(warehouse=warehouse, part_id__in=ids)
    }
    advice = []
    for part in parts:
        policy = policies.get(part.pk)
        target = (
            policy.target_fill_rate
            if policy
            else (CRITICAL_FILL_RATE if part.is_critical else OTHER_FILL_RATE)
        )
        lead, source = part.replenishment_days, "catalogue"
        if measured.get(part.pk, {}).get("count", 0) >= 3:
            lead, source = round(measured[part.pk]["mean"]), "measured"
        result = forecast.recommend(
            history.get(part.pk, [0] * HISTORY_MONTHS),
            lead_time_days=lead,
            target_fill_rate=float(target),
            installed_positions=positions.get(part.pk, 0),
            fleet_rate_per_position=fleet.get(part.category),
            critical=part.is_critical,
        )
        advice.append(
            Advice(
                part,
                warehouse,
                policy,
                history.get(part.pk, [0] * HISTORY_MONTHS),
                positions.get(part.pk, 0),
                fleet.get(part.category),
                lead,
                source,
                float(target),
                result,
            )
        )
    return advice


def _fleet_rates(parts: list[Part]) -> dict[str, float]:
    """Issues per installed position per month, by category, over the whole fleet: what a
    part with too little history of its own is expected to need."""
    categories = {p.category for p in parts}
    positions = installed_positions(None)
    part_category = dict(Part.objects.filter(category__in=categories).values_list("pk", "category"))
    since = _month_start(timezone.localdate(), HISTORY_MONTHS - 1)
    issued = (
        StockMovement.objects.filter(
            kind=StockMovement.Kind.ISSUE, part_id__in=part_category, at__date__gte=since
        )
        .values("part_id")
        .annotate(total=Sum("quantity"))
    )
    used: defaultdict[str, int] = defaultdict(int)
    installed: defaultdict[str, int] = defaultdict(int)
    for row in issued:
        used[part_category[row["part_id"]]] += -row["total"]
    for part_id, category in part_category.items():
        installed[category] += positions.get(part_id, 0)
    return {c: used[c] / installed[c] / HISTORY_MONTHS for c in categories if installed[c]}


def pool_sizes(office: Office, parts: list[Part]) -> dict[int, dict]:
    """For repairable parts: how many good spares the repair loop needs so that a piece is
    on the shelf when one fails (Palm's theorem), from the demand and the turnaround."""
    ids = [p.pk for p in parts if p.is_repairable]
    history = monthly_issues(office, ids)
    turnarounds: defaultdict[int, list[float]] = defaultdict(list)
    done = RepairOrder.objects.filter(
        part_id__in=ids, sent_at__isnull=False, returned_at__isnull=False
    )
    for repair in done.only("part_id", "sent_at", "returned_at"):
        days = repair.turnaround_days
        if days is not None:  # always: the query keeps repairs sent and returned
            turnarounds[repair.part_id].append(days)
    sizes = {}
    for part in parts:
        if not part.is_repairable:
            continue
        measured = turnarounds.get(part.pk)
        turnaround = (
            sum(measured) / len(measured) if measured else float(part.replenishment_days * 2)
        )
        rate_per_day = sum(history.get(part.pk, [])) / (HISTORY_MONTHS * 30.4375)
        size, achieved = forecast.pool_size(rate_per_day, turnaround, POOL_AVAILABILITY)
        sizes[part.pk] = {
            "turnaround": round(turnaround, 1),
            "measured": len(measured or []),
            "rate_per_day": rate_per_day,
            "pool": size,
            "availability": achieved,
        }
    return sizes


def office_warehouses(user: User) -> QuerySet[Warehouse]:
    """The user's office's own stock (not HQ's), for the replenishment pages."""
    if user.office_id is None:  # an administrator of no office has no office stock
        return Warehouse.objects.none()
    return warehouses_for(user).exclude(kind=Warehouse.Kind.HQ).filter(office_id=user.office_id)


def critical_without_stock(user: User) -> list[Part]:
    """Critical parts the office's machines use that none of its warehouses has free."""
    positions = installed_positions(user.office)
    used = [pk for pk, count in positions.items() if count]
    free = (
        StockBalance.objects.filter(warehouse__in=office_warehouses(user), part_id__in=used)
        .annotate(free=F("on_hand") - F("reserved"))
        .filter(free__gt=0)
        .values_list("part_id", flat=True)
    )
    return list(
        Part.objects.filter(pk__in=used, is_critical=True, archived_at__isnull=True).exclude(
            pk__in=free
        )
    )
