"""Posting to the ledger: the only code that writes movements and balances.

Callers hold the balance locks (parts/locks.py). Each posting checks the balance, changes
it and appends one movement carrying the balance after it, so the ledger's running balance
is exact and `check_stock` can prove balances equal the ledger.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User

from ..models import Condition, StockBalance, StockMovement


class StockRefused(ValidationError):
    """Not enough stock for what was asked; `places` says what is available where."""

    def __init__(self, message: str, places: list | None = None) -> None:
        super().__init__(message)
        self.places = places or []


def post(
    balance: StockBalance,
    *,
    kind: str,
    quantity: int,
    by: User | None,
    condition: str = Condition.GOOD,
    at: datetime | None = None,
    **links: Any,
) -> StockMovement:
    """Moves `quantity` (signed) in or out of the locked balance and records it."""
    field = "on_hand" if condition == Condition.GOOD else "defective"
    after = getattr(balance, field) + quantity
    if after < 0:
        raise StockRefused(
            _("Only %(count)s of %(part)s in %(warehouse)s.")
            % {
                "count": getattr(balance, field),
                "part": balance.part,
                "warehouse": balance.warehouse,
            }
        )
    if field == "on_hand" and after < balance.reserved:
        raise StockRefused(
            _("%(count)s of %(part)s in %(warehouse)s are reserved for cases: release them first.")
            % {"count": balance.reserved, "part": balance.part, "warehouse": balance.warehouse}
        )
    setattr(balance, field, after)
    balance.save(update_fields=[field])
    return StockMovement.objects.create(
        part_id=balance.part_id,
        warehouse_id=balance.warehouse_id,
        kind=kind,
        condition=condition,
        quantity=quantity,
        balance_after=after,
        at=at or timezone.now(),
        by=by,
        **links,
    )


def hold(balance: StockBalance, quantity: int) -> None:
    """Reserves (or, negative, frees) good stock of the locked balance."""
    after = balance.reserved + quantity
    if after > balance.on_hand:
        raise StockRefused(
            _("Only %(count)s of %(part)s free in %(warehouse)s.")
            % {"count": balance.available, "part": balance.part, "warehouse": balance.warehouse}
        )
    if after < 0:
        raise ValueError("released more than was reserved")
    balance.reserved = after
    balance.save(update_fields=["reserved"])


def already_posted(request_key: str | None) -> StockMovement | None:
    """The movement a submission made earlier (a double click, a retried job), if any."""
    if not request_key:
        return None
    return StockMovement.objects.filter(request_key=request_key).first()
