"""Builders for tests: parts and warehouses, as the services would have left them."""

from serviceloop.core.text import normalize_code

from .models import Part, PartPrice, Warehouse


def make_part(number: str = "SP-2001", **fields) -> Part:
    fields.setdefault("name_zh", "IGBT模块")
    fields.setdefault("name_en", "IGBT module")
    fields.setdefault("category", Part.Category.POWER_SEMICONDUCTORS)
    fields.setdefault("cost_eur", 400)
    price = fields.pop("price_cny", None)
    part, _ = Part.objects.get_or_create(
        number_key=normalize_code(number), defaults={"number": number, **fields}
    )
    if price is not None:
        PartPrice.objects.update_or_create(part=part, currency="CNY", defaults={"price": price})
    return part


def make_warehouse(
    office, code: str = "sh-main", kind: str = Warehouse.Kind.OFFICE, **fields
) -> Warehouse:
    fields.setdefault("name", code)
    warehouse, _ = Warehouse.objects.get_or_create(
        code=code, defaults={"office": office, "kind": kind, **fields}
    )
    return warehouse
