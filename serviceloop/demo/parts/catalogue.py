"""The demo catalogue in the database: parts, their China list prices and the bills of
spare parts of the demo equipment models (rows from demo/parts_data)."""

from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from serviceloop.accounts.models import User
from serviceloop.core.text import normalize_code
from serviceloop.demo.parts_data import BOM, PARTS, PartRow
from serviceloop.equipment.models import EquipmentModel
from serviceloop.parts.models import ModelPart, Part, PartPrice

KEYS = [normalize_code(row.number) for row in PARTS]
CURRENCY = "CNY"


def _part(row: PartRow) -> Part:
    return Part(
        number=row.number,
        number_key=normalize_code(row.number),
        name_zh=row.name_zh,
        name_en=row.name_en,
        category=row.category,
        spare_class=row.spare_class,
        unit=row.unit,
        cost_eur=Decimal(row.cost_eur),
        hs_code=row.hs_code,
        is_critical=row.critical,
        is_repairable=row.repairable,
        is_serialized=row.serialized,
        hq_lead_days=row.lead_days,
        customs_days=row.customs_days,
    )


def _load_parts(by: User | None) -> dict[str, Part]:
    parts = {part.number_key: part for part in Part.objects.filter(number_key__in=KEYS)}
    missing = [_part(row) for row in PARTS if normalize_code(row.number) not in parts]
    if missing:
        bulk_create_with_history(missing, Part, default_user=by)
        parts |= {part.number_key: part for part in Part.objects.filter(number_key__in=KEYS)}
    return {part.number: part for part in parts.values()}


def _load_prices(parts: dict[str, Part], by: User | None) -> None:
    priced = set(
        PartPrice.objects.filter(part__in=parts.values(), currency=CURRENCY).values_list(
            "part_id", flat=True
        )
    )
    missing = [
        PartPrice(part=parts[row.number], currency=CURRENCY, price=Decimal(row.price_cny))
        for row in PARTS
        if row.number in parts and parts[row.number].pk not in priced
    ]
    if missing:
        bulk_create_with_history(missing, PartPrice, default_user=by)


def _load_bills(parts: dict[str, Part]) -> None:
    """Each demo model's bill of spare parts; a line someone changed stays as it is."""
    models = EquipmentModel.objects.in_bulk(list(BOM), field_name="code")
    existing = set(
        ModelPart.objects.filter(equipment_model__in=models.values()).values_list(
            "equipment_model_id", "part_id"
        )
    )
    missing = [
        ModelPart(equipment_model=model, part=parts[number], quantity=count, is_critical=critical)
        for code, model in models.items()
        for number, count, critical in BOM[code]
        if number in parts and (model.pk, parts[number].pk) not in existing
    ]
    ModelPart.objects.bulk_create(missing)


def _load_catalogue() -> dict[str, Part]:
    """Creates the demo parts, prices and bill lines that are missing; parts by number."""
    by = User.objects.filter(username="warehouse").first()
    parts = _load_parts(by)
    _load_prices(parts, by)
    _load_bills(parts)
    return parts
