"""Writes to stock by the warehouse: receipts, adjustments, transfers and scrap.

Each takes the balance locks first (parts/locks.py), is idempotent by its form's
`request_key`, and lets waiting reservations and stock alerts follow (services/effects.py).
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User

from .. import permissions
from ..locks import lock_balance, lock_balances
from ..models import Condition, Part, RepairOrder, SerialItem, StockMovement, Warehouse
from . import effects, serials
from .ledger import already_posted, post

Kind = StockMovement.Kind
Status = SerialItem.Status
# Repair orders whose defective piece is still on the warehouse's shelf (not yet sent).
ON_THE_SHELF = (RepairOrder.State.DEFECTIVE, RepairOrder.State.TO_REPAIR)


def _keys(request_key: str | None, count: int) -> list[str | None]:
    """The first row carries the form's key, the others key:n, so a repeat finds them all."""
    if not request_key:
        return [None] * count
    return [request_key, *(f"{request_key}:{n}" for n in range(1, count))]


def _earlier(request_key: str | None) -> list[StockMovement] | None:
    first = already_posted(request_key)
    if first is None:
        return None
    rest = StockMovement.objects.filter(request_key__startswith=f"{request_key}:")
    return [first, *rest.order_by("pk")]


def _check_keeper(by: User, *warehouses: Warehouse) -> None:
    if not all(permissions.may_keep_stock(by, warehouse) for warehouse in warehouses):
        raise PermissionDenied(_("Only the warehouse of this office changes its stock."))


def _positive(quantity: int) -> None:
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": _("Give a quantity above zero.")})


@transaction.atomic
def receive_stock(
    *,
    by: User | None,
    part: Part,
    warehouse: Warehouse,
    quantity: int,
    reference: str = "",
    serial_numbers: list[str] | None = None,
    request_key: str | None = None,
    order_line=None,
) -> list[StockMovement]:
    """Good stock arrives (from HQ, a vendor, a count); serial-tracked parts by serial."""
    if by is not None:
        _check_keeper(by, warehouse)
    _positive(quantity)
    numbers = serials.read_serials(part, serial_numbers, quantity)
    balance = lock_balance(part.pk, warehouse.pk)
    earlier = _earlier(request_key)
    if earlier is not None:
        return earlier
    links = {"reference": reference[:60], "order_line": order_line}
    if not numbers:
        moves = [
            post(
                balance,
                kind=Kind.RECEIPT,
                quantity=quantity,
                by=by,
                request_key=request_key,
                **links,
            )
        ]
    else:
        moves = [
            post(
                balance,
                kind=Kind.RECEIPT,
                quantity=1,
                by=by,
                request_key=key,
                **links,
                serial=serials.arriving(part, number, warehouse, Status.IN_STOCK),
            )
            for number, key in zip(numbers, _keys(request_key, len(numbers)), strict=True)
        ]
    effects.after_change(by, [balance])
    return moves


@transaction.atomic
def adjust_stock(
    *,
    by: User,
    part: Part,
    warehouse: Warehouse,
    quantity: int,
    reason: str,
    serial_numbers: list[str] | None = None,
    request_key: str | None = None,
) -> list[StockMovement]:
    """Corrects good stock after a count (up or down), always with the reason; reserved
    stock cannot be counted away (release the reservation first)."""
    _check_keeper(by, warehouse)
    if not quantity:
        raise ValidationError({"quantity": _("An adjustment changes the quantity.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the stock is corrected.")})
    numbers = serials.read_serials(part, serial_numbers, abs(quantity))
    balance = lock_balance(part.pk, warehouse.pk)
    earlier = _earlier(request_key)
    if earlier is not None:
        return earlier
    links: dict[str, Any] = {"reason": reason.strip()[:200]}
    if not numbers:
        moves = [
            post(
                balance,
                kind=Kind.ADJUSTMENT,
                quantity=quantity,
                by=by,
                request_key=request_key,
                **links,
            )
        ]
    else:
        step = 1 if quantity > 0 else -1
        moves = []
        for number, key in zip(numbers, _keys(request_key, len(numbers)), strict=True):
            if step > 0:
                item = serials.arriving(part, number, warehouse, Status.IN_STOCK)
            else:
                item = serials.on_shelf(part, number, warehouse)
                serials.leave(item, Status.WRITTEN_OFF)
            moves.append(
                post(
                    balance,
                    kind=Kind.ADJUSTMENT,
                    quantity=step,
                    by=by,
                    request_key=key,
                    serial=item,
                    **links,
                )
            )
    effects.after_change(by, [balance])
    return moves


@transaction.atomic
def transfer_stock(
    *,
    by: User,
    part: Part,
    source: Warehouse,
    target: Warehouse,
    quantity: int,
    serial_numbers: list[str] | None = None,
    reference: str = "",
    request_key: str | None = None,
) -> list[StockMovement]:
    """Moves good, unreserved stock between two warehouses of the office (to a van, to
    consignment stock at a customer): one movement out, one in, linked."""
    _check_keeper(by, source, target)
    _positive(quantity)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose another warehouse to move the stock to.")})
    numbers = serials.read_serials(part, serial_numbers, quantity)
    locked = lock_balances([(part.pk, source.pk), (part.pk, target.pk)])
    out_balance, in_balance = locked[(part.pk, source.pk)], locked[(part.pk, target.pk)]
    earlier = _earlier(request_key)
    if earlier is not None:
        return earlier
    pieces = [(None, quantity)] if not numbers else [(n, 1) for n in numbers]
    keys = _keys(request_key, 2 * len(pieces))
    moves = []
    for index, (number, count) in enumerate(pieces):
        item = serials.on_shelf(part, number, source) if number else None
        out = post(
            out_balance,
            kind=Kind.TRANSFER_OUT,
            quantity=-count,
            by=by,
            serial=item,
            reference=reference[:60],
            request_key=keys[2 * index],
        )
        if item is not None:
            serials.leave(item, Status.IN_STOCK, warehouse=target)
        moves += [
            out,
            post(
                in_balance,
                kind=Kind.TRANSFER_IN,
                quantity=count,
                by=by,
                serial=item,
                reference=reference[:60],
                counterpart=out,
                request_key=keys[2 * index + 1],
            ),
        ]
    effects.after_change(by, [out_balance, in_balance])
    return moves


@transaction.atomic
def scrap_stock(
    *,
    by: User,
    part: Part,
    warehouse: Warehouse,
    quantity: int,
    reason: str,
    condition: str = Condition.DEFECTIVE,
    serial_numbers: list[str] | None = None,
    request_key: str | None = None,
) -> list[StockMovement]:
    """Scraps defective pieces (or good ones found damaged), with the reason."""
    _check_keeper(by, warehouse)
    _positive(quantity)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is scrapped.")})
    numbers = serials.read_serials(part, serial_numbers, quantity)
    balance = lock_balance(part.pk, warehouse.pk)
    earlier = _earlier(request_key)
    if earlier is not None:
        return earlier
    defective = condition == Condition.DEFECTIVE
    shelf = Status.DEFECTIVE if defective else Status.IN_STOCK
    links: dict[str, Any] = {"reason": reason.strip()[:200], "condition": condition}
    on_shelf = RepairOrder.objects.filter(
        part=part, warehouse=warehouse, state__in=ON_THE_SHELF
    ).order_by("pk")
    if not numbers:
        closed = (
            _scrap_repairs(on_shelf.filter(serial__isnull=True)[:quantity], links["reason"])
            if defective
            else []
        )
        moves = [
            post(
                balance,
                kind=Kind.SCRAP,
                quantity=-quantity,
                by=by,
                request_key=request_key,
                repair=closed[0] if len(closed) == 1 else None,
                **links,
            )
        ]
    else:
        moves = []
        for number, key in zip(numbers, _keys(request_key, len(numbers)), strict=True):
            item = serials.on_shelf(part, number, warehouse, shelf)
            serials.leave(item, Status.SCRAPPED)
            closed = (
                _scrap_repairs(on_shelf.filter(serial=item), links["reason"]) if defective else []
            )
            moves.append(
                post(
                    balance,
                    kind=Kind.SCRAP,
                    quantity=-1,
                    by=by,
                    serial=item,
                    request_key=key,
                    repair=closed[0] if closed else None,
                    **links,
                )
            )
    effects.after_change(by, [balance])
    return moves


def _scrap_repairs(repairs: QuerySet[RepairOrder], reason: str) -> list[RepairOrder]:
    """A defective piece scrapped from the shelf leaves the repair loop with it: its repair
    order, not sent yet, is scrapped too rather than left open for a piece that is gone."""
    closed = list(repairs.select_for_update(of=("self",)))
    for repair in closed:
        repair.state = RepairOrder.State.SCRAPPED
        repair.scrapped_at = timezone.now()
        repair.result = reason
        repair.version += 1
        repair.save()
    return closed
