"""The nightly batch: the recommendation of every part in every office warehouse, computed
by the task worker (parts/tasks.py) and stored, so the policy page only reads.

Each office's inputs — its issue history grouped by warehouse, part and month (the
office's store plans on the whole office's, a van or consignment stock on its own: see
policy_selectors.advise), its installed base, the fleet's rates, measured lead times and
repair turnarounds — are read once in a few aggregate queries; the forecast itself is
pure Python (parts/forecast.py)."""

from django.db import connection, transaction
from django.utils import timezone

from serviceloop.accounts.models import Office

from ..models import Part, RecommendedPolicy, StockingPolicy, Warehouse
from ..selectors import policy as policy_selectors
from .policy import parts_to_advise

BATCH = 2000
# The columns of RecommendedPolicy in the order `_refresh_warehouse` fills its rows.
COLUMNS = (
    "part",
    "warehouse",
    "computed_at",
    "history",
    "positions",
    "fleet_rate",
    "lead_time_days",
    "lead_time_source",
    "target",
    "rate",
    "source",
    "total_demand",
    "demand_count",
    "lead_time_demand",
    "min_quantity",
    "reorder_point",
    "max_quantity",
    "fill_rate",
    "pool",
)
FIELDS = ("pk", "category", "is_critical", "is_repairable", "hq_lead_days", "customs_days")


def refresh(offices: list[Office] | None = None) -> int:
    """Recomputes and stores the recommendations of the offices' warehouses (HQ's stock is
    not the office's to plan); returns how many were stored."""
    warehouses = Warehouse.objects.exclude(kind=Warehouse.Kind.HQ).select_related("office")
    if offices is not None:
        warehouses = warehouses.filter(office__in=offices)
    by_office: dict[int, list[Warehouse]] = {}
    for warehouse in warehouses.order_by("pk"):
        by_office.setdefault(warehouse.office_id, []).append(warehouse)
    if not by_office:
        return 0
    catalogue = Part.objects.filter(archived_at__isnull=True).only(*FIELDS)
    parts = {part.pk: part for part in catalogue}
    stored = 0
    for places in by_office.values():
        found = policy_selectors.inputs(places[0].office)
        for warehouse in places:
            stored += _refresh_warehouse(warehouse, parts, found)
    return stored


def _refresh_warehouse(
    warehouse: Warehouse, catalogue: dict[int, Part], found: policy_selectors.Inputs
) -> int:
    advised = parts_to_advise(warehouse).values_list("pk", flat=True)
    parts = [catalogue[pk] for pk in advised if pk in catalogue]
    targets = dict(
        StockingPolicy.objects.filter(warehouse=warehouse).values_list(
            "part_id", "target_fill_rate"
        )
    )
    meta = RecommendedPolicy._meta
    json = meta.get_field("history")
    now = meta.get_field("computed_at").get_db_prep_save(timezone.now(), connection)
    rows = []
    for part in parts:
        advice = policy_selectors.advise(part, warehouse, None, found, targets.get(part.pk))
        result = advice.result
        pool = policy_selectors.pool(part, found, advice.history) if part.is_repairable else None
        rows.append(
            (
                part.pk,
                warehouse.pk,
                now,
                json.get_db_prep_save(advice.history, connection),
                advice.positions,
                advice.fleet_rate,
                advice.lead_time_days,
                advice.lead_time_source,
                advice.target,
                result.rate,
                result.source,
                result.total_demand,
                result.demand_count,
                result.lead_time_demand,
                result.min_quantity,
                result.reorder_point,
                result.max_quantity,
                result.fill_rate,
                json.get_db_prep_save(pool, connection) if pool is not None else None,
            )
        )
    # Replaced whole, in one transaction: the page shows the last run or this one, never
    # a mix, and parts no longer advised here drop out.
    with transaction.atomic():
        RecommendedPolicy.objects.filter(warehouse=warehouse).delete()
        _insert(rows)
    return len(rows)


def _insert(rows: list[tuple]) -> None:
    """One prepared INSERT run for every row: bulk_create compiles SQL for each value of
    each row, which for 30,000 rows of 19 columns took longer than the forecast itself."""
    meta = RecommendedPolicy._meta
    quote = connection.ops.quote_name
    fields = {field.name: field for field in meta.concrete_fields}
    columns = ", ".join(quote(fields[name].get_attname_column()[1] or name) for name in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])
