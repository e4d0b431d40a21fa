"""Demo installed base: ~20 equipment models, 400 units and 25 service contracts.

Planned from one seeded generator like the customers (see demo/customers/); `load()`
creates what is missing (keys: model code, serial, contract number). Unit dates follow the
order of a real delivery — build, factory pre-acceptance (2–8 weeks later), site final
acceptance (1–4 months later), commissioning (same day to 3 weeks later) — and a few
warranties are made to expire within 60 days of the day the demo is loaded.
"""

from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from serviceloop.accounts.models import User
from serviceloop.core.text import normalize_code
from serviceloop.customers.models import Customer, Site
from serviceloop.demo import customers as demo_customers
from serviceloop.demo.customers import delete_with_history
from serviceloop.demo.equipment.catalogue import MODELS, SPEC, ModelSpec
from serviceloop.demo.equipment.planning import plan
from serviceloop.equipment import services
from serviceloop.equipment.models import Contract, EquipmentModel, Unit, UnitMove

__all__ = ["MODELS", "load", "plan", "reset"]


def _model_fields(spec: ModelSpec) -> dict[str, Any]:
    low, high = (Decimal(value) for value in spec.khz) if spec.khz else (None, None)
    return {
        "code": spec.code,
        "name": spec.name,
        "family": spec.family,
        "rated_power_kw": Decimal(spec.kw),
        "frequency_min_khz": low,
        "frequency_max_khz": high,
        "description": spec.description,
        "default_warranty_months": spec.months,
    }


def _load_models(by: User) -> dict[str, EquipmentModel]:
    models = {model.code: model for model in EquipmentModel.objects.filter(code__in=SPEC)}
    for spec in MODELS:
        if spec.code not in models:
            models[spec.code] = services.save_equipment_model(
                by=by, equipment_model=None, changes=_model_fields(spec)
            )
    return models


def _load_units(by: User, unit_plans, models: dict, customers: dict) -> dict[str, Unit]:
    sites = {
        (site.customer_id, site.code): site
        for site in Site.objects.filter(customer__in=customers.values())
    }
    keys = [normalize_code(unit_plan.serial) for unit_plan in unit_plans]
    units = {unit.serial_key: unit for unit in Unit.objects.filter(serial_key__in=keys)}
    for key, unit_plan in zip(keys, unit_plans, strict=True):
        if key in units:
            continue
        customer = customers[unit_plan.customer]
        changes = unit_plan.fields | {
            "serial": unit_plan.serial,
            "model": models[unit_plan.model],
            "customer": customer,
            "site": sites.get((customer.pk, unit_plan.site)),
            "parent": units[normalize_code(unit_plan.parent)] if unit_plan.parent else None,
        }
        units[key] = services.save_unit(by=by, unit=None, changes=changes)
    return units


def _load_contracts(by: User, contract_plans, units: dict, customers: dict) -> None:
    numbers = [contract_plan.fields["number"] for contract_plan in contract_plans]
    existing = set(Contract.objects.filter(number__in=numbers).values_list("number", flat=True))
    for contract_plan in contract_plans:
        if contract_plan.fields["number"] in existing:
            continue
        customer = customers[contract_plan.customer]
        covered = [units[normalize_code(serial)] for serial in contract_plan.units]
        services.save_contract(
            by=by,
            customer=customer,
            contract=None,
            changes=contract_plan.fields,
            # A unit moved to another customer during the demo stays uncovered.
            units=[unit for unit in covered if unit.customer_id == customer.pk],
        )


def load() -> None:
    """Creates the demo equipment models, units and contracts that are missing."""
    by = User.objects.get(username="manager")
    customers = {c.code: c for c in Customer.objects.filter(code__in=demo_customers.CODES)}
    installed_base = plan(timezone.localdate())
    models = _load_models(by)
    units = _load_units(by, installed_base.units, models, customers)
    _load_contracts(by, installed_base.contracts, units, customers)


def reset() -> None:
    """Deletes the demo units and contracts, and every unit or contract of a demo customer;
    a demo equipment model only when no other unit uses it."""
    installed_base = plan(timezone.localdate())
    customers = Customer.objects.filter(code__in=demo_customers.CODES)
    numbers = [contract.fields["number"] for contract in installed_base.contracts]
    delete_with_history(Contract.objects.filter(Q(number__in=numbers) | Q(customer__in=customers)))
    keys = [normalize_code(unit.serial) for unit in installed_base.units]
    units = Unit.objects.filter(Q(serial_key__in=keys) | Q(customer__in=customers))
    UnitMove.objects.filter(unit__in=units).delete()
    units.update(parent=None)
    delete_with_history(units)
    delete_with_history(EquipmentModel.objects.filter(code__in=SPEC, units__isnull=True))
