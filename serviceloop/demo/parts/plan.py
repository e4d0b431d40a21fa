"""What the demo stocks where, and the stocking policy of each place: read from the demo's
own repair reports (two years of demand) and the office's installed base."""

import math
from collections import Counter
from dataclasses import dataclass, field

from serviceloop.core.text import normalize_code
from serviceloop.equipment.models import Unit
from serviceloop.parts.models import ModelPart, Part
from serviceloop.service.models import RepairReport

from .warehouses import Stores

# Cheap, untracked consumables the engineers carry: a van holds a few of each.
VAN_MAX_COST = 400
VAN_MAX = {"m": 10, "L": 20}
CONSIGNMENT_PARTS = 10
# The policy is reviewed against about a month of demand: weekly reviews, 3–6 weeks by
# air or rail with customs.
COVER_MONTHS = 1.2
HISTORY_MONTHS = 24


def parts_lines(report: RepairReport) -> list[tuple[str, int]]:
    """The demo report's free-text parts ("SP-1140, 流量开关, 1") as (number, quantity)."""
    lines = []
    for line in report.parts_used.splitlines():
        fields = [value.strip() for value in line.split(",")]
        if len(fields) >= 2 and fields[0]:
            quantity = int(fields[-1]) if fields[-1].isdigit() else 1
            lines.append((normalize_code(fields[0]), quantity))
    return lines


@dataclass
class Plan:
    """(part id, warehouse id) → (minimum, reorder point, maximum)."""

    policies: dict[tuple[int, int], tuple[int, int, int]] = field(default_factory=dict)
    demand: Counter = field(default_factory=Counter)  # part id → pieces over two years

    def stocked(self, warehouse) -> list[int]:
        return sorted(part for part, place in self.policies if place == warehouse.pk)

    def maximum(self, part: Part, warehouse) -> int:
        return self.policies.get((part.pk, warehouse.pk), (0, 0, 0))[2]


def _store_policy(part: Part, demand: int, critical_here: bool) -> tuple[int, int, int] | None:
    rate = demand / HISTORY_MONTHS
    scale = 5 if part.unit in VAN_MAX else 1
    if rate > 0:
        reorder = math.ceil(rate * COVER_MONTHS) + (1 if part.is_critical else 0)
        maximum = reorder + max(2, math.ceil(rate * 2))
        return max(reorder - 1, 0) * scale, reorder * scale, maximum * scale
    if part.is_critical and critical_here:  # insurance spare: one on the shelf
        return 1, 1, 2
    if part.spare_class == Part.SpareClass.C:
        return 1 * scale, 2 * scale, 5 * scale
    return None


def make_plan(stores: Stores, parts: dict[str, Part], reports: list[RepairReport]) -> Plan:
    plan = Plan()
    by_key = {part.number_key: part for part in parts.values()}
    for report in reports:
        for key, quantity in parts_lines(report):
            if key in by_key:
                plan.demand[by_key[key].pk] += quantity
    store = stores.store
    if store is None:
        return plan
    units = Unit.objects.filter(customer__office_id=store.office_id)
    lines = ModelPart.objects.filter(
        equipment_model__in=units.values("model_id"), part__in=parts.values()
    ).values_list("part_id", "is_critical")
    critical_here: dict[int, bool] = {}
    for part_id, critical in lines:
        critical_here[part_id] = critical_here.get(part_id, False) or critical
    for part in parts.values():
        if part.pk in critical_here or plan.demand[part.pk]:
            policy = _store_policy(part, plan.demand[part.pk], critical_here.get(part.pk, False))
            if policy is not None:
                plan.policies[(part.pk, store.pk)] = policy
    _van_policies(plan, stores, parts)
    _consignment_policies(plan, stores, parts)
    return plan


def _van_policies(plan: Plan, stores: Stores, parts: dict[str, Part]) -> None:
    carried = [
        part
        for part in parts.values()
        if plan.demand[part.pk]
        and not (part.is_serialized or part.is_repairable)
        and part.cost_eur <= VAN_MAX_COST
        and (part.pk, stores.store.pk) in plan.policies
    ]
    for van in stores.vans.values():
        for part in carried:
            plan.policies[(part.pk, van.pk)] = (0, 0, VAN_MAX.get(part.unit, 3))


def _consignment_policies(plan: Plan, stores: Stores, parts: dict[str, Part]) -> None:
    """The critical spares of the key customer's own machines, most used first."""
    place = stores.consignment
    if place is None:
        return
    models = Unit.objects.filter(customer_id=place.customer_id).values("model_id")
    ids = set(
        ModelPart.objects.filter(equipment_model__in=models, is_critical=True).values_list(
            "part_id", flat=True
        )
    )
    chosen = sorted(
        (
            part
            for part in parts.values()
            if part.pk in ids and (part.pk, stores.store.pk) in plan.policies
        ),
        key=lambda part: (-plan.demand[part.pk], part.cost_eur, part.number),
    )[:CONSIGNMENT_PARTS]
    for part in chosen:
        quantity = 2 if part.cost_eur < 500 else 1
        plan.policies[(part.pk, place.pk)] = (0, quantity - 1, quantity)
