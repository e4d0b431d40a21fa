"""Writes to the installed base. Rights are judged on stored rows, never on form input."""

from datetime import date
from itertools import pairwise
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.core.services import apply_changes
from serviceloop.core.text import normalize_code
from serviceloop.core.uploads import generated_name, sniff_document
from serviceloop.customers.models import Customer, Site

from .coverage import warranty_end
from .models import Contract, Document, EquipmentModel, Unit, UnitMove
from .permissions import CATALOGUE_EDITING_ROLES, CONTRACT_EDITING_ROLES, UNIT_EDITING_ROLES

UNIT_FIELDS = frozenset(
    {
        "serial",
        "parent",
        "model",
        "customer",
        "site",
        "location",
        "sales_order",
        "build_date",
        "pre_acceptance_date",
        "final_acceptance_date",
        "commissioning_date",
        "warranty_start",
        "warranty_months",
        "status",
        "running_hours",
        "power_supply_serial",
        "transformer",
        "inductors",
        "firmware_plc",
        "firmware_hmi",
        "firmware_inverter",
        "process_parameters",
        "notes",
    }
)
MODEL_FIELDS = frozenset(
    {
        "code",
        "name",
        "family",
        "rated_power_kw",
        "frequency_min_khz",
        "frequency_max_khz",
        "description",
        "default_warranty_months",
    }
)
CONTRACT_FIELDS = frozenset(
    {
        "number",
        "kind",
        "starts_on",
        "ends_on",
        "covers_labour",
        "covers_parts",
        "covers_travel",
        "price",
        "currency",
        "notes",
    }
)


def _may_change_units_of(by: User, customer: Customer) -> bool:
    return by.role in UNIT_EDITING_ROLES and (
        by.sees_all_offices or customer.office_id == by.office_id
    )


def _check_no_cycle(unit: Unit) -> None:
    """A line may hold a power supply, never (through others) itself."""
    seen, ancestor = {unit.pk}, unit.parent
    while ancestor is not None:
        if ancestor.pk in seen:
            raise ValidationError({"parent": _("A unit cannot be part of itself.")})
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


def _check_date_order(unit: Unit) -> None:
    """Factory pre-acceptance, then site final acceptance, then commissioning."""
    steps = [
        ("pre_acceptance_date", unit.pre_acceptance_date),
        ("final_acceptance_date", unit.final_acceptance_date),
        ("commissioning_date", unit.commissioning_date),
    ]
    known = [(field, day) for field, day in steps if day is not None]
    for (_earlier, before), (field, after) in pairwise(known):
        if after < before:
            message = _("Pre-acceptance, final acceptance and commissioning follow each other.")
            raise ValidationError({field: message})


def _check_unit(unit: Unit) -> None:
    """The rules that span the unit's relations; the row's own rules are constraints."""
    unit.serial_key = normalize_code(unit.serial)
    site, parent = unit.site, unit.parent
    if site is not None and site.customer_id != unit.customer_id:
        raise ValidationError({"site": _("This site belongs to another customer.")})
    if parent is not None:
        if parent.pk == unit.pk:
            raise ValidationError({"parent": _("A unit cannot be part of itself.")})
        if parent.customer_id != unit.customer_id:
            raise ValidationError(
                {"parent": _("The line this unit is part of belongs to another customer.")}
            )
    _check_no_cycle(unit)
    _check_date_order(unit)
    if len(unit.serial_key) > (Unit._meta.get_field("serial_key").max_length or 0):
        raise ValidationError({"serial": _("This serial number is too long.")})
    unit.warranty_end = warranty_end(starts_on=unit.warranty_starts_on, months=unit.warranty_months)
    unit.full_clean(exclude=["serial_key"])
    if Unit.objects.exclude(pk=unit.pk).filter(serial_key=unit.serial_key).exists():
        raise ValidationError({"serial": _("A unit with this serial number exists already.")})


@transaction.atomic
def save_unit(*, by: User, unit: Unit | None, changes: dict[str, Any]) -> Unit:
    """Creates (unit=None) or changes a unit. Changing its customer or site here is refused:
    that is a move (`move_unit`), which the unit's record keeps."""
    if unit is None:
        unit = Unit()
    else:
        unit = Unit.objects.select_for_update(of=("self",)).get(pk=unit.pk)
        if not _may_change_units_of(by, unit.customer):
            raise PermissionDenied
        moving = [
            field
            for field in ("customer", "site")
            if field in changes
            and getattr(unit, f"{field}_id") != (changes[field].pk if changes[field] else None)
        ]
        if moving:
            raise ValidationError(_("Use “Move” to give a unit another customer or site."))
    apply_changes(unit, changes, UNIT_FIELDS)
    if unit.warranty_months is None:
        # Left empty: the model's usual warranty.
        unit.warranty_months = unit.model.default_warranty_months
    if not _may_change_units_of(by, unit.customer):
        raise PermissionDenied
    _check_unit(unit)
    unit.save()
    return unit


def _with_descendants(unit: Unit) -> list[Unit]:
    """The unit and every unit it holds, however deep, each locked."""
    found, level = [unit], [unit]
    while level:
        level = list(
            Unit.objects.select_for_update(of=("self",)).filter(parent__in=level).order_by("pk")
        )
        found.extend(level)
    return found


@transaction.atomic
def move_unit(
    *,
    by: User,
    unit: Unit,
    to_customer: Customer,
    to_site: Site | None,
    moved_on: date,
    reason: str,
) -> UnitMove:
    """Gives a unit, and everything it holds, another site or customer. Each unit's move
    is recorded; a unit moved alone leaves its line; another customer's contracts stop
    covering it."""
    stored = Unit.objects.select_for_update(of=("self",)).select_related("customer").get(pk=unit.pk)
    if not (_may_change_units_of(by, stored.customer) and _may_change_units_of(by, to_customer)):
        raise PermissionDenied
    if to_site is not None and to_site.customer_id != to_customer.pk:
        raise ValidationError({"to_site": _("This site belongs to another customer.")})
    if stored.customer_id == to_customer.pk and stored.site_id == (to_site.pk if to_site else None):
        raise ValidationError(_("The unit is already there."))
    moves = []
    for moving in _with_descendants(stored):
        moves.append(
            UnitMove(
                unit=moving,
                from_customer_id=moving.customer_id,
                from_site_id=moving.site_id,
                to_customer=to_customer,
                to_site=to_site,
                moved_on=moved_on,
                reason=reason,
                moved_by=by,
            )
        )
        if moving.customer_id != to_customer.pk:
            for contract in moving.contracts.exclude(customer=to_customer):
                contract.units.remove(moving)
        moving.customer, moving.site = to_customer, to_site
        if moving.pk == stored.pk and stored.parent_id:
            moving.parent = None  # it leaves the line it was part of
        moving.save(update_fields=["customer", "site", "parent"])
    UnitMove.objects.bulk_create(moves)
    return moves[0]


@transaction.atomic
def save_equipment_model(
    *, by: User, equipment_model: EquipmentModel | None, changes: dict[str, Any]
) -> EquipmentModel:
    if by.role not in CATALOGUE_EDITING_ROLES:
        raise PermissionDenied
    equipment_model = equipment_model or EquipmentModel()
    apply_changes(equipment_model, changes, MODEL_FIELDS)
    equipment_model.code = normalize_code(equipment_model.code)
    equipment_model.full_clean()
    equipment_model.save()
    return equipment_model


@transaction.atomic
def save_contract(
    *,
    by: User,
    customer: Customer,
    contract: Contract | None,
    changes: dict[str, Any],
    units: list[Unit],
) -> Contract:
    """A contract covers units of its own customer only."""
    if by.role not in CONTRACT_EDITING_ROLES or not (
        by.sees_all_offices or customer.office_id == by.office_id
    ):
        raise PermissionDenied
    contract = contract or Contract(customer=customer)
    if contract.customer_id != customer.pk:
        raise PermissionDenied
    apply_changes(contract, changes, CONTRACT_FIELDS)
    if any(unit.customer_id != customer.pk for unit in units):
        raise ValidationError({"units": _("A contract covers units of its own customer only.")})
    contract.full_clean()
    contract.save()
    contract.units.set(units)
    return contract


@transaction.atomic
def set_unit_archived(*, by: User, unit: Unit, archived: bool) -> Unit:
    """Archives a unit (hidden from lists and pickers) or brings it back; nothing is deleted."""
    stored = Unit.objects.select_for_update(of=("self",)).select_related("customer").get(pk=unit.pk)
    if not _may_change_units_of(by, stored.customer):
        raise PermissionDenied
    stored.archived_at = timezone.now() if archived else None
    stored.save(update_fields=["archived_at"])
    return stored


@transaction.atomic
def attach_document(
    *,
    by: User,
    unit: Unit | None = None,
    equipment_model: EquipmentModel | None = None,
    kind: str,
    title: str,
    upload: UploadedFile,
) -> Document:
    """Keeps a manual, drawing or protocol of a unit or a model, checked by its content."""
    if unit is not None:
        if not _may_change_units_of(by, unit.customer):
            raise PermissionDenied
    elif by.role not in CATALOGUE_EDITING_ROLES:
        raise PermissionDenied
    file_kind = sniff_document(upload)
    document = Document(
        unit=unit,
        equipment_model=equipment_model,
        kind=kind,
        title=title,
        original_name=(upload.name or "")[:200],
        content_type=file_kind.content_type,
        size=upload.size or 0,
        uploaded_by=by,
    )
    document.full_clean(exclude=["file"])
    document.file.save(generated_name(file_kind), upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)  # no file without its row
        raise
    return document
