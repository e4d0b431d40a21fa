"""Builders for tests: equipment models and units, with their derived columns filled."""

from datetime import date

from serviceloop.core.text import normalize_code

from .coverage import warranty_end
from .models import EquipmentModel, Unit


def make_model(code: str = "IPS-MF300", **fields) -> EquipmentModel:
    fields.setdefault("name", "MF-IGBT 300 kW")
    fields.setdefault("family", EquipmentModel.Family.POWER_SUPPLY)
    model, _ = EquipmentModel.objects.get_or_create(code=code, defaults=fields)
    return model


def make_unit(customer, serial: str = "IH-2020-0001", *, model=None, **fields) -> Unit:
    fields.setdefault("final_acceptance_date", date(2024, 3, 1))
    unit = Unit(customer=customer, serial=serial, model=model or make_model(), **fields)
    unit.serial_key = normalize_code(serial)
    unit.warranty_end = warranty_end(starts_on=unit.warranty_starts_on, months=unit.warranty_months)
    unit.save()
    return unit
