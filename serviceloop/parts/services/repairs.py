"""The repair loop of repairable parts: a defective piece → to repair → at HQ or a vendor →
back into stock refurbished, or scrapped; its turnaround and cost are recorded."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User

from .. import permissions
from ..locks import lock_balance
from ..models import Condition, RepairOrder, SerialItem, StockMovement
from . import effects, numbers, serials
from .ledger import post
from .orders import headquarters

State = RepairOrder.State
Kind = StockMovement.Kind


def open_repair(
    *, by: User | None, part, warehouse, serial: SerialItem | None, case=None, fault: str = ""
) -> RepairOrder:
    """A defective repairable piece entered the loop (from a signed report or the shelf)."""
    return RepairOrder.objects.create(
        number=numbers.next_number("RO"),
        part=part,
        serial=serial,
        warehouse=warehouse,
        case=case,
        fault=fault[:2000],
        created_by=by,
        created_at=timezone.now(),
    )


def _locked(repair: RepairOrder, version: int | None) -> RepairOrder:
    stored = (
        RepairOrder.objects.select_for_update(of=("self",))
        .select_related("warehouse", "part")
        .get(pk=repair.pk)
    )
    if version is not None and stored.version != version:
        raise ValidationError(_("The repair was changed meanwhile: reload it."))
    return stored


def _check_keeper(by: User, repair: RepairOrder) -> None:
    if not permissions.may_keep_stock(by, repair.warehouse):
        raise PermissionDenied(_("Only the warehouse of this office handles its repairs."))


def _on_shelf(stored: RepairOrder, item: SerialItem) -> None:
    """The defective piece is still on the warehouse's shelf (not scrapped from it since)."""
    serials.on_shelf(stored.part, item.serial, stored.warehouse, SerialItem.Status.DEFECTIVE)


def _step(stored: RepairOrder, allowed: set[str], target: str, **fields) -> RepairOrder:
    if stored.state not in allowed:
        raise ValidationError(
            _("This repair is “%(state)s”: that step is not possible now.")
            % {"state": stored.get_state_display()}
        )
    stored.state = target
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.version += 1
    stored.save()
    return stored


@transaction.atomic
def decide_repair(
    *, by: User, repair: RepairOrder, version: int, repairer: str, vendor: str = ""
) -> RepairOrder:
    """The piece is worth repairing: at headquarters, or at a named vendor in China."""
    stored = _locked(repair, version)
    _check_keeper(by, stored)
    if repairer == RepairOrder.Repairer.VENDOR and not vendor.strip():
        raise ValidationError({"vendor": _("Name the vendor who repairs it.")})
    if repairer not in RepairOrder.Repairer.values:
        raise ValidationError({"repairer": _("Choose who repairs it.")})
    office = headquarters() if repairer == RepairOrder.Repairer.HQ else None
    return _step(
        stored,
        {State.DEFECTIVE},
        State.TO_REPAIR,
        repairer=repairer,
        repairer_office=office,
        vendor=vendor.strip()[:100],
    )


@transaction.atomic
def send_repair(
    *, by: User, repair: RepairOrder, version: int, expected_back: date | None
) -> RepairOrder:
    """The piece leaves the shelf of defective parts for the repairer."""
    stored = _locked(repair, version)
    _check_keeper(by, stored)
    balance = lock_balance(stored.part_id, stored.warehouse_id)
    _step(
        stored, {State.TO_REPAIR}, State.SENT, sent_at=timezone.now(), expected_back=expected_back
    )
    if stored.serial is not None:
        _on_shelf(stored, stored.serial)
        serials.leave(stored.serial, SerialItem.Status.IN_REPAIR)
    post(
        balance,
        kind=Kind.REPAIR_OUT,
        quantity=-1,
        condition=Condition.DEFECTIVE,
        by=by,
        serial=stored.serial,
        repair=stored,
        reference=stored.number,
        case=stored.case,
    )
    return stored


@transaction.atomic
def ship_back(
    *, by: User, repair: RepairOrder, version: int, cost: Decimal | None, result: str
) -> RepairOrder:
    """The repairer sends the piece back: headquarters for its own repairs, the warehouse
    for a vendor's."""
    stored = _locked(repair, version)
    if stored.repairer == RepairOrder.Repairer.HQ:
        if not permissions.supplies(by, stored.repairer_office_id):
            raise PermissionDenied(_("Headquarters ships back what it repaired."))
    else:
        _check_keeper(by, stored)
    return _step(
        stored,
        {State.SENT},
        State.SHIPPED_BACK,
        shipped_back_at=timezone.now(),
        cost=cost,
        result=result.strip(),
    )


@transaction.atomic
def receive_repaired(
    *, by: User, repair: RepairOrder, version: int, cost: Decimal | None = None
) -> RepairOrder:
    """Back on the shelf as good stock, refurbished; waiting cases get it first."""
    stored = _locked(repair, version)
    _check_keeper(by, stored)
    balance = lock_balance(stored.part_id, stored.warehouse_id)
    fields: dict[str, object] = {"returned_at": timezone.now()}
    if cost is not None:
        fields["cost"] = cost
    _step(stored, {State.SENT, State.SHIPPED_BACK}, State.REFURBISHED, **fields)
    if stored.serial is not None:
        serials.leave(stored.serial, SerialItem.Status.IN_STOCK, warehouse=stored.warehouse)
    post(
        balance,
        kind=Kind.REPAIR_IN,
        quantity=1,
        by=by,
        serial=stored.serial,
        repair=stored,
        reference=stored.number,
        reason=_("Refurbished"),
    )
    effects.after_change(by, [balance])
    return stored


@transaction.atomic
def scrap_repair(*, by: User, repair: RepairOrder, version: int, reason: str) -> RepairOrder:
    """Not worth repairing (or beyond repair): scrapped, off the shelf if it was still there."""
    stored = _locked(repair, version)
    _check_keeper(by, stored)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is scrapped.")})
    on_shelf = stored.state in (State.DEFECTIVE, State.TO_REPAIR)
    balance = lock_balance(stored.part_id, stored.warehouse_id) if on_shelf else None
    _step(
        stored,
        {State.DEFECTIVE, State.TO_REPAIR, State.SENT, State.SHIPPED_BACK},
        State.SCRAPPED,
        scrapped_at=timezone.now(),
        result=reason.strip(),
    )
    if stored.serial is not None:
        if on_shelf:
            _on_shelf(stored, stored.serial)
        serials.leave(stored.serial, SerialItem.Status.SCRAPPED)
    if balance is not None:
        post(
            balance,
            kind=Kind.SCRAP,
            quantity=-1,
            condition=Condition.DEFECTIVE,
            by=by,
            serial=stored.serial,
            repair=stored,
            reference=stored.number,
            reason=reason.strip()[:200],
        )
    return stored
