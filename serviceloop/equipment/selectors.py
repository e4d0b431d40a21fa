"""Reads of the installed base, scoped through the customers a user may see."""

from datetime import date

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import User
from serviceloop.core.text import normalize_code, normalize_query
from serviceloop.customers.selectors import customers_for

from .coverage import CoverageStatus, coverage_on
from .models import Contract, Document, EquipmentModel, Unit, UnitMove


def units_for(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(customer__in=customers_for(user))


def with_coverage(units: QuerySet[Unit], today: date) -> QuerySet[Unit]:
    """Adds `contract_ends`: the latest end of an active contract covering the unit."""
    active = (
        # Only the unit's own customer's contracts count: a moved unit leaves its old ones.
        Contract.objects.filter(
            units=OuterRef("pk"),
            customer=OuterRef("customer"),
            archived_at__isnull=True,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .values("units")
        .annotate(last=Max("ends_on"))
        .values("last")
    )
    return units.annotate(contract_ends=Subquery(active[:1]))


def coverage_of(unit: Unit, today: date) -> CoverageStatus:
    """For a unit loaded through `with_coverage`."""
    return coverage_on(
        today, warranty_ends=unit.warranty_end, contract_ends=getattr(unit, "contract_ends", None)
    )


def unit_list(user: User, today: date) -> QuerySet[Unit]:
    units = units_for(user).select_related("model", "customer", "site", "parent")
    return with_coverage(units, today)


def unit_for(user: User, pk: int, today: date) -> Unit:
    units = units_for(user).select_related(
        "model", "customer", "customer__office", "site", "parent", "parent__model"
    )
    return get_object_or_404(with_coverage(units, today), pk=pk)


def unit_by_serial(user: User, serial: str) -> Unit:
    return get_object_or_404(units_for(user), serial_key=normalize_code(serial))


def search_units(units: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    """By serial (full-width or half-width alike), sales order, model or customer."""
    if not text.strip():
        return units
    key = normalize_code(text)
    query = normalize_query(text)
    return units.filter(
        Q(serial_key__contains=key)
        | Q(sales_order__icontains=text.strip())
        | Q(model__code__icontains=text.strip())
        | Q(customer__search_document__contains=query)
    )


def models_catalogue() -> QuerySet[EquipmentModel]:
    return EquipmentModel.objects.all()


def contracts_for(user: User) -> QuerySet[Contract]:
    return Contract.objects.filter(customer__in=customers_for(user))


def contracts_of(user: User, unit: Unit) -> QuerySet[Contract]:
    """The unit's contracts with its present customer."""
    return contracts_for(user).filter(units=unit, customer_id=unit.customer_id)


def moves_of(unit: Unit) -> QuerySet[UnitMove]:
    return unit.moves.select_related(
        "from_customer", "to_customer", "from_site", "to_site", "moved_by"
    )


def documents_of(unit: Unit) -> QuerySet[Document]:
    """The unit's own documents and those of its model (manuals, drawings)."""
    return Document.objects.filter(
        Q(unit=unit) | Q(equipment_model_id=unit.model_id), archived_at__isnull=True
    ).select_related("uploaded_by")


def document_for(user: User, pk: int) -> Document:
    """A document of a unit the user sees, or of a model (the catalogue is shared)."""
    visible = Document.objects.filter(
        Q(unit__in=units_for(user)) | Q(equipment_model__isnull=False), archived_at__isnull=True
    )
    return get_object_or_404(visible, pk=pk)
