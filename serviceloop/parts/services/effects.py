"""What follows a change of stock, inside the same transaction: waiting reservations are
served, cases that waited for those parts resume, and stock alerts are raised or cleared."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.accounts.services import notify
from serviceloop.service.models import Case, CaseEvent
from serviceloop.service.services import cases as case_services

from ..models import Reservation, StockBalance
from . import alerts
from .ledger import hold


def after_change(by: User | None, balances: list[StockBalance]) -> None:
    filled: list[Reservation] = []
    for balance in balances:
        filled += fill_waiting(balance)
        alerts.review(balance)
    for case_id in sorted({r.case_id for r in filled}):
        _resume_if_complete(case_id, [r for r in filled if r.case_id == case_id])


def _resume_if_complete(case_id: int, filled: list[Reservation]) -> None:
    """The case waited for parts and now has them all: it works again, and its assignee is
    told. Nobody on our side makes this move, so it is recorded as the system's. Stock that
    arrives without moving the case (some parts still awaited, or a case that was not put
    in "waiting for parts") is written on its timeline: the case shows what came and when."""
    waiting = Reservation.objects.filter(case_id=case_id, state=Reservation.State.WAITING)
    still_waiting = waiting.exists()
    case = Case.objects.select_related("assignee").get(pk=case_id)
    parts = ", ".join(f"{r.quantity} × {r.part.number} ({r.warehouse})" for r in filled)
    if still_waiting or case.state != Case.State.WAITING_PARTS:
        case_services.record(
            case,
            CaseEvent.Kind.NOTE,
            None,
            _("Stock arrived and is held for this case: %(parts)s.") % {"parts": parts},
            parts=", ".join(sorted({r.part.number for r in filled})),
        )
    if still_waiting:
        return
    if case.state == Case.State.WAITING_PARTS:
        case = case_services.resume_on_parts(
            case, _("Parts in stock: %(parts)s.") % {"parts": parts}
        )
    if case.assignee is not None:
        with translation.override(case.assignee.language):
            text = _("%(case)s: the parts it waited for are reserved (%(parts)s).") % {
                "case": case.number,
                "parts": parts,
            }
        notify(user=case.assignee, text=text, link=reverse("service:case_detail", args=[case.pk]))


def fill_waiting(balance: StockBalance) -> list[Reservation]:
    """Stock came into a locked balance: the waiting reservations of that place are served
    first come, first served, each only when it can be held whole."""
    filled = []
    waiting = Reservation.objects.filter(
        part_id=balance.part_id, warehouse_id=balance.warehouse_id, state=Reservation.State.WAITING
    ).order_by("at", "pk")
    for reservation in waiting:
        if reservation.remaining > balance.available:
            break
        hold(balance, reservation.remaining)
        reservation.state = Reservation.State.ACTIVE
        reservation.save(update_fields=["state"])
        filled.append(reservation)
    return filled
