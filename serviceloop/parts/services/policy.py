"""Writes of the stocking policy: set by hand, or taken from the recommendation."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User

from .. import permissions
from ..models import ModelPart, Part, StockBalance, StockingPolicy, Warehouse
from ..selectors import policy as policy_selectors


def _check(by: User, warehouse: Warehouse) -> None:
    if not permissions.may_keep_stock(by, warehouse):
        raise PermissionDenied(_("Only the warehouse of this office sets its stocking policy."))


@transaction.atomic
def set_policy(
    *,
    by: User,
    part: Part,
    warehouse: Warehouse,
    min_quantity: int,
    reorder_point: int,
    max_quantity: int,
    target_fill_rate: Decimal,
) -> StockingPolicy:
    """Min ≤ reorder point ≤ max for one part in one warehouse, with the fill rate aimed at."""
    _check(by, warehouse)
    policy = (
        StockingPolicy.objects.select_for_update().filter(part=part, warehouse=warehouse).first()
    )
    policy = policy or StockingPolicy(part=part, warehouse=warehouse)
    policy.min_quantity, policy.reorder_point, policy.max_quantity = (
        min_quantity,
        reorder_point,
        max_quantity,
    )
    policy.target_fill_rate, policy.updated_by = target_fill_rate, by
    policy.full_clean(exclude=["part", "warehouse"])
    policy.save()
    return policy


@transaction.atomic
def apply_recommendations(*, by: User, warehouse: Warehouse, parts: list[Part]) -> int:
    """Sets each part's policy to its stored recommendation: what the clerk saw on the page,
    not a recomputation (that is the task worker's)."""
    _check(by, warehouse)
    if not parts:
        raise ValidationError(_("Choose the parts whose recommendation to take."))
    advice = policy_selectors.stored_recommendations(warehouse, parts)
    if not advice:
        raise ValidationError(_("No recommendation has been computed for these parts yet."))
    for item in advice:
        set_policy(by=by, part=item.part, warehouse=warehouse, **initial_from(item))
    return len(advice)


def initial_from(advice) -> dict:
    result = advice.result
    return {
        "min_quantity": result.min_quantity,
        "reorder_point": result.reorder_point,
        "max_quantity": result.max_quantity,
        "target_fill_rate": Decimal(str(round(advice.target, 3))),
    }


def parts_to_advise(warehouse: Warehouse):
    """The parts a warehouse has a policy or stock for, or its office's machines use."""
    used_models = ModelPart.objects.filter(
        equipment_model__units__customer__office_id=warehouse.office_id
    ).values("part_id")
    policy = StockingPolicy.objects.filter(warehouse=warehouse).values("part_id")
    stocked = (
        StockBalance.objects.filter(warehouse=warehouse)
        .filter(Q(on_hand__gt=0) | Q(reserved__gt=0))
        .values("part_id")
    )
    return Part.objects.filter(Q(pk__in=used_models) | Q(pk__in=policy) | Q(pk__in=stocked)).values(
        "pk"
    )
