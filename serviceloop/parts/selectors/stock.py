"""Reads of stock: warehouses, balances, the ledger, reservations, where a part is."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import Role, User
from serviceloop.core.geo import distance_km
from serviceloop.core.text import normalize_code
from serviceloop.service.models import Case

from ..models import (
    ModelPart,
    Part,
    ReportPart,
    Reservation,
    SerialItem,
    StockBalance,
    StockMovement,
    Warehouse,
)
from ..permissions import STOCK_KEEPERS, STOCK_VIEWERS, may_reserve_from


def warehouses_for(user: User) -> QuerySet[Warehouse]:
    """Every warehouse of the user's office, and headquarters' (the supplier of last
    resort); admin and HQ see all of them."""
    warehouses = Warehouse.objects.filter(archived_at__isnull=True).select_related("office")
    if not user.is_active or user.role not in STOCK_VIEWERS:
        return warehouses.none()
    if user.sees_all_offices:
        return warehouses
    return warehouses.filter(Q(office_id=user.office_id) | Q(kind=Warehouse.Kind.HQ))


def warehouses_kept_by(user: User) -> QuerySet[Warehouse]:
    """The warehouses whose stock the user may change."""
    if not user.is_active or user.role not in STOCK_KEEPERS:
        return Warehouse.objects.none()
    warehouses = Warehouse.objects.filter(archived_at__isnull=True)
    if user.role == Role.ADMIN:
        return warehouses
    if user.office_id is None:  # only administrators have no office
        return warehouses.none()
    return warehouses.filter(office_id=user.office_id)


def balances_for(user: User) -> QuerySet[StockBalance]:
    return StockBalance.objects.filter(warehouse__in=warehouses_for(user)).select_related(
        "part", "warehouse"
    )


def ledger_for(user: User) -> QuerySet[StockMovement]:
    return StockMovement.objects.filter(warehouse__in=warehouses_for(user)).select_related(
        "part", "warehouse", "by", "serial", "case"
    )


@dataclass(frozen=True)
class Place:
    """A part's stock in one warehouse, with the distance to where it is needed."""

    warehouse: Warehouse
    on_hand: int
    reserved: int
    distance_km: float | None

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def _distance(warehouse: Warehouse, site) -> float | None:
    if site is not None and warehouse.site_id is not None and warehouse.site_id == site.pk:
        return 0.0
    return distance_km(
        warehouse.latitude,
        warehouse.longitude,
        getattr(site, "latitude", None),
        getattr(site, "longitude", None),
    )


def _nearest_first(places: list[Place]) -> list[Place]:
    far = float("inf")
    return sorted(
        places,
        key=lambda p: (p.distance_km if p.distance_km is not None else far, p.warehouse.code),
    )


def availability(user: User, part: Part, site=None) -> list[Place]:
    """The part's stock in every warehouse the user sees, nearest to `site` first."""
    balances = {b.warehouse_id: b for b in StockBalance.objects.filter(part=part)}
    places = [
        Place(
            w,
            getattr(balances.get(w.pk), "on_hand", 0),
            getattr(balances.get(w.pk), "reserved", 0),
            _distance(w, site),
        )
        for w in warehouses_for(user)
    ]
    return _nearest_first(places)


def _engineers_first(case: Case, user: User):
    """Where a case takes its parts from first: the van of the engineer on it (or of the
    user asking), then the office's own warehouse; the sort keeps the rest's order."""
    engineers = {case.assignee_id, user.pk} - {None}

    def rank(warehouse: Warehouse) -> int:
        if warehouse.kind == Warehouse.Kind.VAN and warehouse.engineer_id in engineers:
            return 0
        if warehouse.kind == Warehouse.Kind.OFFICE and warehouse.office_id == case.office_id:
            return 1
        return 2

    return rank


def reserving_warehouses(
    user: User, case: Case, visible: Iterable[Warehouse] | None = None
) -> list[Warehouse]:
    """The warehouses the user may reserve in for the case, the engineer's van and the
    office's warehouse first, then by code. `visible`: the user's warehouses_for, when the
    caller has them already (the case page reads them once for all its parts)."""
    candidates = warehouses_for(user) if visible is None else visible
    allowed = [w for w in candidates if w.office_id == case.office_id and may_reserve_from(user, w)]
    rank = _engineers_first(case, user)
    return sorted(allowed, key=lambda w: (rank(w), w.code))


def parts_for_case(
    user: User, case: Case, visible: Iterable[Warehouse] | None = None
) -> list[tuple[ModelPart, list[Place]]]:
    """The bill of spare parts of the case's machine, each with its stock per warehouse:
    the engineer's van and the office's warehouse first, then the nearest to the plant
    (three queries, two given the user's `visible` warehouses, whatever the number of
    parts)."""
    if case.unit is None:
        return []
    lines = list(
        ModelPart.objects.filter(
            equipment_model_id=case.unit.model_id, part__archived_at__isnull=True
        )
        .select_related("part")
        .order_by("-is_critical", "part__number_key")
        # What the bill shows (templatetags.parts.machine_parts_rows): a machine has ~60.
        .only(
            "quantity",
            "is_critical",
            "part__number",
            "part__name_zh",
            "part__hq_lead_days",
            "part__customs_days",
        )
    )
    warehouses = {w.pk: w for w in (warehouses_for(user) if visible is None else visible)}
    stock: dict[int, list[tuple[int, int, int]]] = {}
    balances = StockBalance.objects.filter(
        part__in=[line.part_id for line in lines], warehouse__in=list(warehouses)
    ).values_list("part_id", "warehouse_id", "on_hand", "reserved")
    for part_id, warehouse_id, on_hand, reserved in balances:
        if on_hand or reserved:
            stock.setdefault(part_id, []).append((warehouse_id, on_hand, reserved))
    # A warehouse is as far from the plant for every part: measured once each.
    distance = {pk: _distance(w, case.site) for pk, w in warehouses.items()}
    rows, rank = [], _engineers_first(case, user)
    for line in lines:
        places = [
            Place(warehouses[pk], on_hand, reserved, distance[pk])
            for pk, on_hand, reserved in stock.get(line.part_id, [])
        ]
        rows.append((line, sorted(_nearest_first(places), key=lambda p: rank(p.warehouse))))
    return rows


def where_is(user: User, text: str) -> dict:
    """A part number (its stock everywhere the user sees) or a serial number (where that
    piece is, or which machine it is fitted to)."""
    key = normalize_code(text)
    if not key or user.role not in STOCK_VIEWERS:
        return {"parts": [], "serials": []}
    parts = list(Part.objects.filter(Q(number_key=key) | Q(number_key__startswith=key))[:10])
    serials = list(
        SerialItem.objects.filter(serial_key=key).select_related(
            "part", "warehouse", "unit", "unit__customer"
        )
    )
    visible = set(warehouses_for(user).values_list("pk", flat=True))
    shown = [s for s in serials if s.warehouse_id in visible or _fitted_to_visible(user, s)]
    return {"parts": [(p, availability(user, p)) for p in parts], "serials": shown}


def _fitted_to_visible(user: User, item: SerialItem) -> bool:
    if item.unit is None:
        return user.sees_all_offices
    return user.sees_all_offices or item.unit.customer.office_id == user.office_id


def reservations_of(case: Case) -> QuerySet[Reservation]:
    return case.reservations.select_related("part", "warehouse", "by")


def reservation_for(user: User, pk: int) -> Reservation:
    return get_object_or_404(
        Reservation.objects.filter(warehouse__in=warehouses_for(user)).select_related(
            "case", "part", "warehouse"
        ),
        pk=pk,
    )


def reservations_to_pick(user: User) -> QuerySet[Reservation]:
    """What the warehouse hands out: open reservations in its warehouses, stopped lines first."""
    return (
        Reservation.objects.filter(
            warehouse__in=warehouses_kept_by(user), state__in=Reservation.OPEN
        )
        .select_related("case", "case__customer", "case__assignee", "part", "warehouse")
        .order_by("case__priority", "at", "pk")
    )


def parts_replaced_for(customer) -> QuerySet[ReportPart]:
    """Parts from stock fitted on the customer's cases' signed reports, newest first."""
    return (
        ReportPart.objects.filter(
            report__case__customer=customer, report__engineer_signed_at__isnull=False
        )
        .select_related("part", "serial", "report", "report__case", "report__case__unit")
        .order_by("-report__engineer_signed_at", "-pk")
    )


def parts_replaced_on(unit) -> QuerySet[ReportPart]:
    """Parts from stock fitted to a machine on signed reports: its spare-parts history."""
    return (
        ReportPart.objects.filter(report__case__unit=unit, report__engineer_signed_at__isnull=False)
        .select_related("part", "serial", "report", "report__case", "warehouse")
        .order_by("-report__engineer_signed_at", "-pk")
    )
