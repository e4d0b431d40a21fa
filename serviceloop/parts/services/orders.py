"""Replenishment orders to headquarters: draft → sent → confirmed → shipped → in customs →
received, with partial receipts. HQ confirms and ships what is addressed to it; the office
writes, sends, clears customs and receives (decision 0008)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.accounts.models import Office, Role, User
from serviceloop.accounts.services import notify

from .. import permissions
from ..models import OrderLine, Part, ReplenishmentOrder, Reservation, StockingPolicy, Warehouse
from . import alerts, numbers
from .stock import receive_stock

State = ReplenishmentOrder.State


def headquarters() -> Office:
    office = Office.objects.filter(is_headquarters=True).order_by("pk").first()
    if office is None:
        raise ValidationError(_("No office is marked as headquarters: orders have nowhere to go."))
    return office


def _locked(order: ReplenishmentOrder, version: int | None) -> ReplenishmentOrder:
    stored = ReplenishmentOrder.objects.select_for_update(of=("self",)).get(pk=order.pk)
    if version is not None and stored.version != version:
        raise ValidationError(_("The order was changed meanwhile: reload it."))
    return stored


def _check_writer(by: User, warehouse: Warehouse) -> None:
    if by.role not in permissions.ORDER_WRITERS or not permissions.may_keep_stock(by, warehouse):
        raise PermissionDenied(_("Only the warehouse of this office writes its orders."))


def _check_supplier(by: User, order: ReplenishmentOrder) -> None:
    if by.role not in permissions.ORDER_SUPPLIERS or not by.is_active:
        raise PermissionDenied(_("Headquarters confirms and ships the orders addressed to it."))
    if not permissions.supplies(by, order.supplier_id):
        raise PermissionDenied(_("This order is addressed to another office."))


def _step(
    stored: ReplenishmentOrder, allowed_from: set[str], target: str, **fields
) -> ReplenishmentOrder:
    if stored.state not in allowed_from:
        raise ValidationError(
            _("This order is “%(state)s”: that step is not possible now.")
            % {"state": stored.get_state_display()}
        )
    stored.state = target
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.version += 1
    stored.save()
    return stored


def _write_lines(order: ReplenishmentOrder, lines: list[dict]) -> None:
    rows = [line for line in lines if line.get("part") is not None]
    if not rows:
        raise ValidationError(_("An order has at least one line."))
    seen = set()
    for number, line in enumerate(rows, start=1):
        if not line.get("quantity") or line["quantity"] <= 0:
            raise ValidationError(_("Line %(n)s: give a quantity above zero.") % {"n": number})
        if line["part"].pk in seen:
            raise ValidationError(
                _("Line %(n)s: this part is on the order already.") % {"n": number}
            )
        seen.add(line["part"].pk)
        OrderLine.objects.create(
            order=order, part=line["part"], quantity=line["quantity"], case=line.get("case")
        )


@transaction.atomic
def create_order(
    *,
    by: User,
    warehouse: Warehouse,
    lines: list[dict],
    transport: str = ReplenishmentOrder.Transport.AIR,
    is_urgent: bool = False,
    note: str = "",
) -> ReplenishmentOrder:
    """A draft order to headquarters; lines are {part, quantity, case?}."""
    _check_writer(by, warehouse)
    order = ReplenishmentOrder(
        number=numbers.next_number("PO"),
        office_id=warehouse.office_id,
        supplier=headquarters(),
        warehouse=warehouse,
        transport=transport,
        is_urgent=is_urgent,
        note=note.strip(),
        created_by=by,
        created_at=timezone.now(),
    )
    order.full_clean(exclude=["number"])
    order.save()
    _write_lines(order, lines)
    return order


@transaction.atomic
def replace_draft_lines(
    *, by: User, order: ReplenishmentOrder, version: int, lines: list[dict]
) -> ReplenishmentOrder:
    stored = _locked(order, version)
    _check_writer(by, stored.warehouse)
    if stored.state != State.DRAFT:
        raise ValidationError(_("Only a draft order changes its lines."))
    stored.lines.all().delete()
    _write_lines(stored, lines)
    stored.version += 1
    stored.save(update_fields=["version"])
    return stored


def proposed_lines(warehouse: Warehouse) -> list[dict]:
    """What to order for a warehouse: parts at or below their reorder point, up to the
    maximum, and parts cases wait for beyond what is on order. Each line carries the
    numbers of its decision (`position`). A fixed number of queries however many parts."""
    policies = {
        p.part_id: p for p in StockingPolicy.objects.filter(warehouse=warehouse, max_quantity__gt=0)
    }
    waiting = list(
        Reservation.objects.filter(warehouse=warehouse, state=Reservation.State.WAITING)
        .select_related("case")
        .order_by("at", "pk")
    )
    part_ids = set(policies) | {r.part_id for r in waiting}
    if not part_ids:
        return []
    free = {b.part_id: b.available for b in warehouse.balances.filter(part_id__in=part_ids)}
    ordered = alerts.on_order_by_part(warehouse.pk, part_ids)
    waited: dict[int, int] = {}
    first_case: dict[int, object] = {}
    for reservation in waiting:
        waited[reservation.part_id] = waited.get(reservation.part_id, 0) + reservation.remaining
        first_case.setdefault(reservation.part_id, reservation.case)
    parts = Part.objects.in_bulk(part_ids)
    lines = []
    for part_id in sorted(part_ids, key=lambda pk: parts[pk].number_key):
        numbers = {
            "free": free.get(part_id, 0),
            "on_order": ordered.get(part_id, 0),
            "backordered": waited.get(part_id, 0),
        }
        numbers["position"] = numbers["free"] + numbers["on_order"] - numbers["backordered"]
        policy = policies.get(part_id)
        if policy is not None and numbers["position"] <= policy.reorder_point:
            quantity = policy.max_quantity - numbers["position"]
        elif policy is None and numbers["position"] < 0:
            quantity = -numbers["position"]
        else:
            continue
        lines.append(
            {
                "part": parts[part_id],
                "quantity": quantity,
                "case": first_case.get(part_id),
                "position": numbers,
            }
        )
    return lines


@transaction.atomic
def propose_order(*, by: User, warehouse: Warehouse) -> ReplenishmentOrder | None:
    """Writes the proposed lines as a draft order (None when nothing needs ordering)."""
    lines = proposed_lines(warehouse)
    if not lines:
        return None
    urgent = any(line["case"] is not None for line in lines)
    return create_order(
        by=by,
        warehouse=warehouse,
        lines=[{k: v for k, v in line.items() if k != "position"} for line in lines],
        is_urgent=urgent,
        note=_("Proposed from the stocking policy and the cases waiting for parts."),
    )


def _tell_supplier(order: ReplenishmentOrder) -> None:
    for user in User.objects.filter(office_id=order.supplier_id, role=Role.HQ, is_active=True):
        with translation.override(user.language):
            text = _("Order %(number)s from %(office)s waits for your confirmation.") % {
                "number": order.number,
                "office": order.office,
            }
        notify(user=user, text=text, link=reverse("parts:order_detail", args=[order.pk]))


def _tell_office(order: ReplenishmentOrder, text_template) -> None:
    # `text_template` is lazy: each person reads it in their own language.
    people = User.objects.filter(
        office_id=order.office_id, role__in=[Role.WAREHOUSE, Role.MANAGER], is_active=True
    )
    for user in people:
        with translation.override(user.language):
            text = str(text_template) % {"number": order.number}
        notify(user=user, text=text, link=reverse("parts:order_detail", args=[order.pk]))


@transaction.atomic
def send_order(*, by: User, order: ReplenishmentOrder, version: int) -> ReplenishmentOrder:
    """The office sends its draft to headquarters, which is told."""
    stored = _locked(order, version)
    _check_writer(by, stored.warehouse)
    _step(stored, {State.DRAFT}, State.SENT, sent_at=timezone.now())
    alerts.review_order(stored)
    _tell_supplier(stored)
    return stored


@transaction.atomic
def confirm_order(
    *, by: User, order: ReplenishmentOrder, version: int, promised_on: date
) -> ReplenishmentOrder:
    """Headquarters accepts the order and promises a shipping date."""
    stored = _locked(order, version)
    _check_supplier(by, stored)
    if promised_on < timezone.localdate():
        raise ValidationError({"promised_on": _("The promised date is today or later.")})
    _step(
        stored, {State.SENT}, State.CONFIRMED, confirmed_at=timezone.now(), promised_on=promised_on
    )
    _tell_office(stored, gettext_lazy("Headquarters confirmed order %(number)s."))
    return stored


@transaction.atomic
def ship_order(
    *, by: User, order: ReplenishmentOrder, version: int, tracking: str, transport: str
) -> ReplenishmentOrder:
    """Headquarters ships the order (air, rail, sea or courier), with its tracking number."""
    stored = _locked(order, version)
    _check_supplier(by, stored)
    if transport not in ReplenishmentOrder.Transport.values:
        raise ValidationError({"transport": _("Choose how it travels.")})
    _step(
        stored,
        {State.CONFIRMED},
        State.SHIPPED,
        shipped_at=timezone.now(),
        tracking=tracking.strip()[:60],
        transport=transport,
    )
    _tell_office(stored, gettext_lazy("Headquarters shipped order %(number)s."))
    return stored


@transaction.atomic
def enter_customs(
    *, by: User, order: ReplenishmentOrder, version: int, declaration: str
) -> ReplenishmentOrder:
    """The shipment reached Chinese customs (报关): the declaration number is recorded."""
    stored = _locked(order, version)
    _check_writer(by, stored.warehouse)
    _step(
        stored,
        {State.SHIPPED},
        State.IN_CUSTOMS,
        customs_at=timezone.now(),
        customs_declaration=declaration.strip()[:40],
    )
    return stored


RECEIVABLE = {State.CONFIRMED, State.SHIPPED, State.IN_CUSTOMS, State.PARTLY_RECEIVED}


@transaction.atomic
def receive_order(
    *,
    by: User,
    order: ReplenishmentOrder,
    quantities: dict[int, int],
    serial_numbers: dict[int, list[str]] | None = None,
    request_key: str | None = None,
) -> ReplenishmentOrder:
    """Books what arrived into the order's warehouse, line by line (partial receipts), and
    completes the order when every line is in."""
    stored = _locked(order, None)
    _check_writer(by, stored.warehouse)
    if stored.state not in RECEIVABLE:
        raise ValidationError(_("Only a confirmed or shipped order is received."))
    lines = {line.pk: line for line in stored.lines.select_for_update().select_related("part")}
    wanted = {pk: count for pk, count in quantities.items() if count}
    if not wanted:
        raise ValidationError(_("Give the quantity received on at least one line."))
    for pk, count in sorted(wanted.items()):
        line = lines.get(pk)
        if line is None or count < 0 or count > line.outstanding:
            raise ValidationError(
                _("Line %(part)s: at most %(count)s are still to come.")
                % {
                    "part": line.part.number if line else pk,
                    "count": line.outstanding if line else 0,
                }
            )
        key = f"{request_key}:{pk}" if request_key else None
        receive_stock(
            by=by,
            part=line.part,
            warehouse=stored.warehouse,
            quantity=count,
            reference=stored.number,
            serial_numbers=(serial_numbers or {}).get(pk),
            request_key=key,
            order_line=line,
        )
        received = line.receipts.aggregate(total=Sum("quantity"))["total"] or 0
        OrderLine.objects.filter(pk=pk).update(received=received)
    complete = not stored.lines.exclude(received=F("quantity")).exists()
    target = State.RECEIVED if complete else State.PARTLY_RECEIVED
    stored.state, stored.version = target, stored.version + 1
    stored.received_at = timezone.now() if complete else None
    stored.save(update_fields=["state", "version", "received_at"])
    return stored


@transaction.atomic
def cancel_order(*, by: User, order: ReplenishmentOrder, version: int) -> ReplenishmentOrder:
    stored = _locked(order, version)
    _check_writer(by, stored.warehouse)
    _step(stored, {State.DRAFT, State.SENT}, State.CANCELLED)
    alerts.review_order(stored)
    return stored
