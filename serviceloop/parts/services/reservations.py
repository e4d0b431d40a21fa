"""Reservations: stock held in a warehouse for a case, or the case's place in the queue
for the next receipt. Released when not used; issued when the repair report is signed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.service.models import Case, CaseEvent
from serviceloop.service.services import cases as case_services

from .. import permissions, selectors
from ..locks import lock_balance
from ..models import Part, Reservation, StockBalance, Warehouse
from . import effects
from .ledger import StockRefused, hold

State = Reservation.State


def _check(by: User, case: Case, warehouse: Warehouse) -> None:
    if not permissions.may_reserve_from(by, warehouse):
        raise PermissionDenied(_("You may not reserve stock in this warehouse."))
    if case.office_id != warehouse.office_id:
        raise PermissionDenied(_("A case reserves stock of its own office."))
    if not case.is_open:
        raise ValidationError(_("Parts are reserved while the case is open."))


def refusal(
    part: Part, warehouse: Warehouse, balance: StockBalance, quantity: int, by: User
) -> StockRefused:
    """Not enough free stock: says how much is free here and where else it is."""
    places = [p for p in selectors.availability(by, part) if p.warehouse.pk != warehouse.pk]
    elsewhere = "; ".join(f"{p.warehouse} {p.available}" for p in places if p.available > 0)
    message = _("Only %(free)s of %(part)s free in %(warehouse)s, %(asked)s asked.") % {
        "free": balance.available,
        "part": part.number,
        "warehouse": warehouse,
        "asked": quantity,
    }
    if elsewhere:
        message += " " + _("Free elsewhere: %(places)s.") % {"places": elsewhere}
    else:
        message += " " + _(
            "None free elsewhere: order it from HQ (%(days)s days with customs)."
        ) % {"days": part.replenishment_days}
    return StockRefused(message, places)


@transaction.atomic
def reserve_part(
    *,
    by: User,
    case: Case,
    part: Part,
    warehouse: Warehouse,
    quantity: int,
    wait: bool = False,
    note: str = "",
    request_key: str | None = None,
) -> list[Reservation]:
    """Holds free stock for the case. Without enough free stock it is refused, saying
    where the part is; with `wait`, what is free is held and the rest waits for a receipt."""
    _check(by, case, warehouse)
    if quantity is None or quantity <= 0:
        raise ValidationError({"quantity": _("Give a quantity above zero.")})
    balance = lock_balance(part.pk, warehouse.pk)
    if request_key:
        earlier = list(
            Reservation.objects.filter(request_key__in=[request_key, f"{request_key}:w"])
        )
        if earlier:
            return earlier
    held = min(balance.available, quantity)
    if held < quantity and not wait:
        raise refusal(part, warehouse, balance, quantity, by)
    made = []
    now = timezone.now()
    common = {
        "case": case,
        "part": part,
        "warehouse": warehouse,
        "by": by,
        "at": now,
        "note": note[:200],
    }
    if held:
        hold(balance, held)
        made.append(
            Reservation.objects.create(
                quantity=held, state=State.ACTIVE, request_key=request_key, **common
            )
        )
    if held < quantity:
        key = f"{request_key}:w" if request_key else None
        made.append(
            Reservation.objects.create(
                quantity=quantity - held, state=State.WAITING, request_key=key, **common
            )
        )
    text = _("Reserved %(count)s × %(part)s in %(warehouse)s.") % {
        "count": quantity,
        "part": part,
        "warehouse": warehouse,
    }
    if held < quantity:
        text += " " + _("%(count)s wait for stock.") % {"count": quantity - held}
    case_services.record(case, CaseEvent.Kind.NOTE, by, text, parts=part.number)
    return made


def _release_locked(reservation: Reservation, balance: StockBalance, quantity: int | None) -> int:
    """Frees `quantity` (all that is left when None) of a reservation whose balance is locked."""
    left = reservation.remaining
    count = left if quantity is None else min(quantity, left)
    if reservation.state == State.ACTIVE and count:
        hold(balance, -count)
    reservation.released += count
    if reservation.remaining == 0:
        reservation.state = State.DONE if reservation.issued else State.CANCELLED
    reservation.save(update_fields=["released", "state"])
    return count


@transaction.atomic
def release_reservation(
    *, by: User, reservation: Reservation, quantity: int | None = None
) -> Reservation:
    """Gives back reserved stock the case does not need (or leaves the queue)."""
    stored = Reservation.objects.select_related("case", "part", "warehouse").get(pk=reservation.pk)
    allowed = permissions.may_reserve_from(by, stored.warehouse) or (
        by.role in permissions.STOCK_KEEPERS and permissions.may_keep_stock(by, stored.warehouse)
    )
    if not allowed and not (by.role == Role.ENGINEER and stored.case.assignee_id == by.pk):
        raise PermissionDenied(_("You may not release this reservation."))
    balance = lock_balance(stored.part_id, stored.warehouse_id)
    stored.refresh_from_db()
    if not stored.is_open:
        return stored
    count = _release_locked(stored, balance, quantity)
    effects.after_change(by, [balance])
    case_services.record(
        stored.case,
        CaseEvent.Kind.NOTE,
        by,
        _("Released %(count)s × %(part)s in %(warehouse)s.")
        % {"count": count, "part": stored.part, "warehouse": stored.warehouse},
        parts=stored.part.number,
    )
    return stored


def release_all(case: Case, by: User | None) -> int:
    """A closed or cancelled case keeps no stock (called from the case's own transaction)."""
    released, freed = 0, []
    open_ones = list(
        Reservation.objects.filter(case=case, state__in=Reservation.OPEN).order_by("pk")
    )
    for reservation in open_ones:
        balance = lock_balance(reservation.part_id, reservation.warehouse_id)
        reservation.refresh_from_db()
        if reservation.is_open:
            released += _release_locked(reservation, balance, None)
            freed.append(balance)
    effects.after_change(by, freed)
    return released
