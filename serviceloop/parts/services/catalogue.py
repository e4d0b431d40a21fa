"""Writes to the catalogue: parts, their list prices and the models' bills of spare parts."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.core.text import normalize_code
from serviceloop.equipment.models import EquipmentModel

from .. import permissions
from ..models import ModelPart, Part, PartPrice

PART_FIELDS = frozenset(
    {
        "number",
        "name_zh",
        "name_en",
        "category",
        "spare_class",
        "unit",
        "cost_eur",
        "hs_code",
        "is_critical",
        "is_repairable",
        "is_serialized",
        "hq_lead_days",
        "customs_days",
        "notes",
    }
)


def _check_editor(by: User) -> None:
    if not by.is_active or by.role not in permissions.CATALOGUE_EDITORS:
        raise PermissionDenied(_("You may not change the catalogue."))


@transaction.atomic
def save_part(
    *,
    by: User,
    part: Part | None,
    changes: dict[str, Any],
    prices: dict[str, Decimal] | None = None,
) -> Part:
    """Creates or changes a catalogue part; `prices` sets list prices by currency."""
    _check_editor(by)
    unknown = set(changes) - PART_FIELDS
    if unknown:
        raise ValueError(f"fields not allowed here: {sorted(unknown)}")
    stored = Part() if part is None else Part.objects.select_for_update().get(pk=part.pk)
    for field, value in changes.items():
        setattr(stored, field, value.strip() if isinstance(value, str) else value)
    if stored.is_serialized and stored.unit != Part.Unit.PIECE:
        raise ValidationError(
            {"is_serialized": _("Only parts counted in pieces are tracked by serial.")}
        )
    stored.number_key = normalize_code(stored.number)
    clash = Part.objects.filter(number_key=stored.number_key).exclude(pk=stored.pk).exists()
    if clash:
        raise ValidationError({"number": _("A part with this number exists already.")})
    stored.full_clean(exclude=["number_key"])
    stored.save()
    for currency, price in (prices or {}).items():
        if price is None:
            continue
        PartPrice.objects.update_or_create(
            part=stored, currency=currency, defaults={"price": price}
        )
    return stored


@transaction.atomic
def set_model_line(
    *, by: User, equipment_model: EquipmentModel, part: Part, quantity: int, is_critical: bool
) -> ModelPart | None:
    """Adds or changes a line of the model's bill of spare parts; quantity 0 removes it."""
    _check_editor(by)
    if quantity <= 0:
        ModelPart.objects.filter(equipment_model=equipment_model, part=part).delete()
        return None
    line, _created = ModelPart.objects.update_or_create(
        equipment_model=equipment_model,
        part=part,
        defaults={"quantity": quantity, "is_critical": is_critical},
    )
    return line
