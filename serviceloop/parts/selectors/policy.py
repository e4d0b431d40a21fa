"""Reads for the stocking policy: what is low, what is out, and what to stock, with the
numbers behind each recommendation (the method is in parts/forecast.py)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from serviceloop.accounts.models import Office, User
from serviceloop.equipment.models import Unit

from .. import forecast
from ..models import (
    ModelPart,
    Part,
    RecommendedPolicy,
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
    """Quantities issued to repairs per calendar month, oldest first, from all the office's
    warehouses over the last `months` months (the months with no issue count as 0)."""
    return _office_totals(monthly_issues_by_warehouse(office, part_ids, months), months)


def monthly_issues_by_warehouse(
    office: Office, part_ids: list[int] | None = None, months: int = HISTORY_MONTHS
) -> dict[int, dict[int, list[int]]]:
    """The same per warehouse the issues were posted from: warehouse id → part id →
    quantities per month, oldest first.

    One aggregate query, grouped by warehouse, part and month, whatever the number of
    parts: the nightly batch reads the whole office's history with it."""
    today = timezone.localdate()
    # Each month starts at local midnight on its first day; a row's month is the newest
    # start it is not before. Compared in SQL on the stored column (no conversion per row,
    # which on SQLite is a Python function call for each of hundreds of thousands of rows).
    starts = [
        timezone.make_aware(datetime.combine(_month_start(today, back), time.min))
        for back in range(months)
    ]
    month = Case(
        *(When(at__gte=start, then=Value(months - 1 - back)) for back, start in enumerate(starts)),
        output_field=IntegerField(),
    )
    rows = StockMovement.objects.filter(
        kind=StockMovement.Kind.ISSUE, warehouse__office=office, at__gte=starts[-1]
    )
    if part_ids is not None:
        rows = rows.filter(part_id__in=part_ids)
    totals = (
        rows.annotate(month=month)
        .values_list("warehouse_id", "part_id", "month")
        .annotate(count=Sum("quantity"))
        .order_by()
    )
    history: dict[int, dict[int, list[int]]] = defaultdict(dict)
    for warehouse_id, part_id, position, count in totals:
        series = history[warehouse_id].setdefault(part_id, [0] * months)
        series[position] += -count
    return history


def _office_totals(
    by_warehouse: dict[int, dict[int, list[int]]], months: int
) -> dict[int, list[int]]:
    totals: dict[int, list[int]] = defaultdict(lambda: [0] * months)
    for parts in by_warehouse.values():
        for part_id, series in parts.items():
            total = totals[part_id]
            for position, count in enumerate(series):
                total[position] += count
    return totals


def _month_start(today: date, back: int) -> date:
    year, month = today.year, today.month - back
    while month <= 0:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def installed_positions(office: Office | None, customer_id: int | None = None) -> dict[int, int]:
    """How many of each part the machines in service use (bill of parts × units), for one
    office's customers (or one customer's), or the whole fleet when `office` is None."""
    units = Unit.objects.filter(archived_at__isnull=True).exclude(status=Unit.Status.DECOMMISSIONED)
    if office is not None:
        units = units.filter(customer__office=office)
    if customer_id is not None:
        units = units.filter(customer_id=customer_id)
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


@dataclass(frozen=True)
class Inputs:
    """What every recommendation of an office reads, fetched once for all its parts."""

    history: dict[int, list[int]]  # the whole office's, by part
    positions: dict[int, int]
    fleet: dict[str, float]
    lead_times: dict[int, dict]
    turnarounds: dict[int, list[float]]
    # What each warehouse issued itself (warehouse id → part id → months), and the
    # positions of the machines a consignment stock's customer has (warehouse id → …).
    by_warehouse: dict[int, dict[int, list[int]]]
    consigned: dict[int, dict[int, int]]


def inputs(office: Office, parts: list[Part] | None = None) -> Inputs:
    """The issue history, installed base, fleet rates, measured lead times and repair
    turnarounds for the given parts, or for every part (None: the nightly batch, where a
    list of ten thousand ids would only slow the queries down)."""
    ids = None if parts is None else [p.pk for p in parts]
    by_warehouse = monthly_issues_by_warehouse(office, ids)
    consignments = Warehouse.objects.filter(
        office=office, kind=Warehouse.Kind.CONSIGNMENT, customer__isnull=False
    ).values_list("pk", "customer_id")
    return Inputs(
        history=_office_totals(by_warehouse, HISTORY_MONTHS),
        positions=installed_positions(office),
        fleet=_fleet_rates(None if parts is None else {p.category for p in parts}),
        lead_times=lead_times(ids),
        turnarounds=_turnarounds(ids),
        by_warehouse=by_warehouse,
        consigned={pk: installed_positions(office, customer) for pk, customer in consignments},
    )


def recommendations(office: Office, warehouse: Warehouse, parts: list[Part]) -> list[Advice]:
    """One recommendation per part for the warehouse, from its issue history (SBA), the
    installed base and the lead time (see `advise`), at the policy's fill rate (95 % for
    critical parts, 90 % for the others when no policy says otherwise)."""
    ids = [p.pk for p in parts]
    policies = {
        p.part_id: p for p in StockingPolicy.objects.filter(warehouse=warehouse, part_id__in=ids)
    }
    found = inputs(office, parts)
    return [advise(part, warehouse, policies.get(part.pk), found) for part in parts]


def advise(
    part: Part,
    warehouse: Warehouse,
    policy: StockingPolicy | None,
    found: Inputs,
    policy_target: Decimal | None = None,
) -> Advice:
    """The recommendation of one part; the fill rate aimed at is the policy's (or, in the
    batch, `policy_target`), else the default for its criticality.

    The office's store refills the vans and the consignment stock, so it plans on the
    whole office's issues, with the installed base for parts of too little history. A van
    or a consignment stock plans on what was issued from it alone, without that fallback
    (the installed base would hand every van the whole office's demand again): its rate is
    SBA's of its own issues, nothing when it issued none, and only a critical part used by
    the machines it serves (the office's; a consignment customer's own) still keeps one on
    the shelf, as `forecast.recommend` decides for every place."""
    if policy is not None:
        policy_target = policy.target_fill_rate
    target = policy_target or (CRITICAL_FILL_RATE if part.is_critical else OTHER_FILL_RATE)
    lead, source = part.replenishment_days, "catalogue"
    measured = found.lead_times.get(part.pk, {})
    if measured.get("count", 0) >= 3:
        lead, source = round(measured["mean"]), "measured"
    history, positions, fleet = _demand_of(part, warehouse, found)
    result = forecast.recommend(
        history,
        lead_time_days=lead,
        target_fill_rate=float(target),
        installed_positions=positions,
        fleet_rate_per_position=fleet,
        critical=part.is_critical,
    )
    return Advice(
        part, warehouse, policy, history, positions, fleet, lead, source, float(target), result
    )


def _demand_of(
    part: Part, warehouse: Warehouse, found: Inputs
) -> tuple[list[int], int, float | None]:
    """The history, installed positions and fleet rate per position `advise` plans on."""
    if warehouse.kind == Warehouse.Kind.OFFICE:
        history = found.history.get(part.pk)
        positions = found.positions.get(part.pk, 0)
        fleet = found.fleet.get(part.category)
    else:
        history = found.by_warehouse.get(warehouse.pk, {}).get(part.pk)
        served = found.consigned.get(warehouse.pk, found.positions)
        positions, fleet = served.get(part.pk, 0), None
    return history or [0] * HISTORY_MONTHS, positions, fleet


def _fleet_rates(categories: set[str] | None) -> dict[str, float]:
    """Issues per installed position per month, by category, over the whole fleet: what a
    part with too little history of its own is expected to need (every category: None)."""
    positions = installed_positions(None)
    catalogue = Part.objects.all()
    if categories is not None:
        catalogue = catalogue.filter(category__in=categories)
    part_category = dict(catalogue.values_list("pk", "category"))
    since = timezone.make_aware(
        datetime.combine(_month_start(timezone.localdate(), HISTORY_MONTHS - 1), time.min)
    )
    issued = StockMovement.objects.filter(kind=StockMovement.Kind.ISSUE, at__gte=since)
    if categories is not None:
        issued = issued.filter(part__category__in=categories)
    used: defaultdict[str, int] = defaultdict(int)
    installed: defaultdict[str, int] = defaultdict(int)
    for part_id, total in issued.values_list("part_id").annotate(total=Sum("quantity")).order_by():
        if part_id in part_category:
            used[part_category[part_id]] += -total
    for part_id, category in part_category.items():
        installed[category] += positions.get(part_id, 0)
    return {c: used[c] / installed[c] / HISTORY_MONTHS for c in installed if installed[c]}


def _turnarounds(part_ids: list[int] | None) -> dict[int, list[float]]:
    """Days each finished repair of a part took, from sending to coming back."""
    done = RepairOrder.objects.filter(sent_at__isnull=False, returned_at__isnull=False)
    if part_ids is not None:
        done = done.filter(part_id__in=part_ids)
    turnarounds: defaultdict[int, list[float]] = defaultdict(list)
    for repair in done.only("part_id", "sent_at", "returned_at"):
        days = repair.turnaround_days
        if days is not None:  # always: the query keeps repairs sent and returned
            turnarounds[repair.part_id].append(days)
    return turnarounds


def pool_sizes(office: Office, parts: list[Part]) -> dict[int, dict]:
    """For repairable parts: how many good spares the repair loop needs so that a piece is
    on the shelf when one fails (Palm's theorem), from the demand and the turnaround."""
    found = inputs(office, [p for p in parts if p.is_repairable])
    return {part.pk: pool(part, found) for part in parts if part.is_repairable}


def pool(part: Part, found: Inputs, history: list[int] | None = None) -> dict:
    """The pool for the office's demand, or for `history` (a van's or consignment's own)."""
    measured = found.turnarounds.get(part.pk)
    turnaround = sum(measured) / len(measured) if measured else float(part.replenishment_days * 2)
    if history is None:
        history = found.history.get(part.pk, [])
    rate_per_day = sum(history) / (HISTORY_MONTHS * forecast.DAYS_PER_MONTH)
    size, achieved = forecast.pool_size(rate_per_day, turnaround, POOL_AVAILABILITY)
    return {
        "turnaround": round(turnaround, 1),
        "measured": len(measured or []),
        "rate_per_day": rate_per_day,
        "pool": size,
        "availability": achieved,
    }


def stored_recommendations(warehouse: Warehouse, parts: list[Part]) -> list[RecommendedPolicy]:
    """What the last nightly batch recommends for these parts in the warehouse, in the
    parts' order, each with the policy in force now (`policy`); parts it has not computed
    yet are left out. Reads only: the computing is the task worker's."""
    found = {
        r.part_id: r for r in RecommendedPolicy.objects.filter(warehouse=warehouse, part__in=parts)
    }
    policies = {
        p.part_id: p for p in StockingPolicy.objects.filter(warehouse=warehouse, part__in=parts)
    }
    stored = []
    for part in parts:
        if part.pk in found:
            row = found[part.pk]
            row.part, row.warehouse = part, warehouse
            row.policy = policies.get(part.pk)  # type: ignore[attr-defined]
            stored.append(row)
    return stored


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
