"""Deleting the demo's spare parts: every row in a demo warehouse or on a demo case, then
the warehouses, then the demo parts nothing else uses. Runs before the service, equipment,
customer and account demo data are deleted, which the stock rows point at."""

from django.db.models import Q

from serviceloop.accounts.models import Office, User
from serviceloop.customers.models import Customer
from serviceloop.demo import accounts, customers
from serviceloop.parts.models import (
    DocumentNumber,
    ModelPart,
    OrderLine,
    Part,
    PartPrice,
    RepairOrder,
    ReplenishmentOrder,
    ReportPart,
    Reservation,
    SerialItem,
    StockAlert,
    StockBalance,
    StockingPolicy,
    StockMovement,
    Warehouse,
)
from serviceloop.service.models import Case, RepairReport

from .catalogue import KEYS
from .warehouses import DEMO_OFFICES, demo_codes

# What points at a part and keeps it (every one PROTECT).
PART_USERS = [
    StockMovement,
    StockBalance,
    SerialItem,
    Reservation,
    OrderLine,
    RepairOrder,
    ReportPart,
    StockingPolicy,
    StockAlert,
]


def _demo_warehouses():
    """The demo's own, and any other whose engineer, customer or office the demo deletes."""
    usernames = [row[0] for row in accounts.USERS]
    staying = Office.objects.filter(
        Q(users__in=User.objects.exclude(username__in=usernames))
        | Q(customers__in=Customer.objects.exclude(code__in=customers.CODES))
    )
    leaving = Office.objects.filter(code__in=DEMO_OFFICES).exclude(pk__in=staying.values("pk"))
    return Warehouse.objects.filter(
        Q(code__in=demo_codes())
        | Q(engineer__username__in=usernames)
        | Q(customer__code__in=customers.CODES)
        | Q(office__in=leaving)
    )


def _drop(queryset) -> None:
    """The rows and their change history in plain DELETEs, no row fetched and no deletion
    record written first (delete_with_history takes seconds for the thousands of demo
    rows). Only for rows nothing points at any more: the reset deleted those first."""
    history = getattr(queryset.model, "history", None)
    if history is not None:
        history.filter(id__in=list(queryset.values_list("pk", flat=True))).delete()
    queryset._raw_delete(queryset.db)


def _delete_ledger(where: Q) -> None:
    """Transfers in first: each protects the transfer out it points at."""
    doomed = StockMovement.objects.filter(where).values("pk")
    _drop(
        StockMovement.objects.filter(
            Q(counterpart__in=doomed) | (where & Q(counterpart__isnull=False))
        )
    )
    _drop(StockMovement.objects.filter(where))


def _delete_unused_parts() -> None:
    used = set()
    for model in PART_USERS:
        rows = model.objects.filter(part__number_key__in=KEYS)
        used |= set(rows.values_list("part_id", flat=True).distinct())
    parts = Part.objects.filter(number_key__in=KEYS).exclude(pk__in=used)
    ModelPart.objects.filter(part__in=parts).delete()
    _drop(PartPrice.objects.filter(part__in=parts))
    _drop(parts)


def reset() -> None:
    places = list(_demo_warehouses().values_list("pk", flat=True))
    cases = Case.objects.filter(customer__code__in=customers.CODES)
    reports = RepairReport.objects.filter(case__in=cases)
    StockAlert.objects.filter(warehouse__in=places).delete()
    _drop(StockingPolicy.objects.filter(warehouse__in=places))
    ReportPart.objects.filter(Q(warehouse__in=places) | Q(report__in=reports)).delete()
    Reservation.objects.filter(Q(warehouse__in=places) | Q(case__in=cases)).delete()
    repairs = RepairOrder.objects.filter(Q(warehouse__in=places) | Q(case__in=cases))
    orders = ReplenishmentOrder.objects.filter(warehouse__in=places)
    _delete_ledger(
        Q(warehouse__in=places)
        | Q(case__in=cases)
        | Q(report__in=reports)
        | Q(repair__in=repairs)
        | Q(order_line__order__in=orders)
    )
    _drop(repairs)
    OrderLine.objects.filter(case__in=cases).update(case=None)
    OrderLine.objects.filter(order__in=orders).delete()
    _drop(orders)
    _drop(SerialItem.objects.filter(movements__isnull=True, repairs__isnull=True))
    SerialItem.objects.filter(unit__customer__code__in=customers.CODES).update(unit=None)
    StockBalance.objects.filter(warehouse__in=places).delete()
    Warehouse.objects.filter(pk__in=places).delete()
    _delete_unused_parts()
    for prefix, model in (("PO", ReplenishmentOrder), ("RO", RepairOrder)):
        if not model.objects.exists():
            DocumentNumber.objects.filter(prefix=prefix).delete()
