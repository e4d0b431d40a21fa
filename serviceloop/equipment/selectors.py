"""Reads of the installed base, scoped through the customers a user may see."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from serviceloop.accounts.models import Office, User
from serviceloop.core.text import normalize_code, normalize_query
from serviceloop.customers.selectors import customers_for

from .coverage import EXPIRY_WARNING, Coverage, CoverageStatus, coverage_on
from .models import Contract, Document, EquipmentModel, Unit, UnitMove


def units_for(user: User) -> QuerySet[Unit]:
    return Unit.objects.filter(customer__in=customers_for(user))


def _contracts_in_force(day: date, *, unit, customer) -> QuerySet[Contract]:
    """The contracts covering a unit on `day`. Archived contracts never count (decision
    0005), and only the unit's own customer's do: a moved unit leaves its old ones."""
    return Contract.objects.filter(
        units=unit,
        customer=customer,
        archived_at__isnull=True,
        starts_on__lte=day,
        ends_on__gte=day,
    )


def with_coverage(units: QuerySet[Unit], today: date) -> QuerySet[Unit]:
    """Adds `contract_ends`: the latest end of an active contract covering the unit."""
    active = (
        _contracts_in_force(today, unit=OuterRef("pk"), customer=OuterRef("customer"))
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


@dataclass(frozen=True)
class DayCoverage:
    """A unit's coverage on one day, and the contracts in force that day."""

    status: CoverageStatus
    contracts: tuple[Contract, ...]

    @property
    def in_warranty(self) -> bool:
        return self.status.status in (Coverage.IN_WARRANTY, Coverage.WARRANTY_EXPIRING)

    @property
    def under_contract(self) -> bool:
        return self.status.status == Coverage.UNDER_CONTRACT


def coverage_on_day(
    unit: Unit, day: date, *, contracts: Sequence[Contract] | None = None
) -> DayCoverage:
    """Warranty first, then the unit's own customer's unarchived contracts in force that day.
    `contracts`: the unit's from `contracts_of_units` (no query), else they are read."""
    if contracts is None:
        in_force = tuple(_contracts_in_force(day, unit=unit, customer=unit.customer_id))
    else:
        in_force = tuple(c for c in contracts if c.starts_on <= day <= c.ends_on)
    ends = max((contract.ends_on for contract in in_force), default=None)
    return DayCoverage(
        coverage_on(day, warranty_ends=unit.warranty_end, contract_ends=ends), in_force
    )


def coverage_at(
    unit: Unit, moment: datetime, *, office: Office, contracts: Sequence[Contract] | None = None
) -> DayCoverage:
    """Coverage on the office's day of `moment`, whatever the reader's time zone
    (decisions 0006 and 0007: the day a case was opened, in its office's time zone)."""
    day = timezone.localtime(moment, ZoneInfo(office.time_zone)).date()
    return coverage_on_day(unit, day, contracts=contracts)


def contracts_of_units(units: Iterable[Unit]) -> dict[int, list[Contract]]:
    """Each unit's unarchived contracts with its present customer, whatever their dates, in
    one query: `coverage_at(..., contracts=...)` for many units at once (a customer's
    billed cases) picks those in force on its day."""
    customer_of = {unit.pk: unit.customer_id for unit in units}
    links = Contract.units.through.objects.filter(
        unit_id__in=customer_of, contract__archived_at__isnull=True
    ).select_related("contract")
    contracts: dict[int, list[Contract]] = defaultdict(list)
    # In the contracts' own order (Contract.Meta.ordering), as `_contracts_in_force` reads them.
    for link in links.order_by("-contract__ends_on", "contract__number"):
        if link.contract.customer_id == customer_of[link.unit_id]:
            contracts[link.unit_id].append(link.contract)
    return contracts


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


def filter_units(
    units: QuerySet[Unit],
    today: date,
    *,
    q: str = "",
    family: str = "",
    status: str = "",
    customer: int | None = None,
    warranty: str = "",
    archived: bool = False,
) -> QuerySet[Unit]:
    """The unit list's filters (`UnitFilterForm`), for its pages and its export alike;
    archived units only when asked."""
    units = search_units(units, q)
    if family:
        units = units.filter(model__family=family)
    if status:
        units = units.filter(status=status)
    if customer:
        units = units.filter(customer_id=customer)
    if warranty == "in":
        units = units.filter(warranty_end__gte=today)
    elif warranty == "expiring":
        units = units.filter(warranty_end__gte=today, warranty_end__lte=today + EXPIRY_WARNING)
    elif warranty == "expired":
        units = units.filter(warranty_end__lt=today)
    return units if archived else units.filter(archived_at__isnull=True)


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
