"""Times the nightly stocking-recommendation batch, run by the task worker: for the demo,
then for 10,000 parts × 3 warehouses with 1,000,000 ledger rows of issue history.

The goal is under 30 s for the whole batch. Prints seconds, recommendations stored, ledger
rows, and the SQL queries of one run. Not a test.
"""

import itertools
import os
import random
import time
from datetime import timedelta
from decimal import Decimal

from common import setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.tasks import TaskResultStatus  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from serviceloop.accounts.models import User  # noqa: E402
from serviceloop.core.text import normalize_code  # noqa: E402
from serviceloop.equipment.models import EquipmentModel  # noqa: E402
from serviceloop.parts.models import (  # noqa: E402
    ModelPart,
    Part,
    RecommendedPolicy,
    StockBalance,
    StockingPolicy,
    StockMovement,
    Warehouse,
)
from serviceloop.parts.services import recommendations  # noqa: E402
from serviceloop.parts.tasks import refresh_recommendations  # noqa: E402

PARTS = 10_000
WAREHOUSES = 3
LEDGER_ROWS = 1_000_000
HISTORY_DAYS = 3 * 365
BATCH = 20_000
GOAL_SECONDS = 30
Kind = StockMovement.Kind


def run_by_worker() -> tuple[float, int]:
    """Enqueues the batch and lets a task worker run it, as `make run` and production do."""
    result = refresh_recommendations.enqueue()
    start = time.perf_counter()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    seconds = time.perf_counter() - start
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL, row.exception_class_path
    return seconds, RecommendedPolicy.objects.count()


def report(label: str) -> None:
    parts = Part.objects.count()
    places = Warehouse.objects.exclude(kind=Warehouse.Kind.HQ).count()
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        recommendations.refresh()
    direct = time.perf_counter() - start
    seconds, stored = run_by_worker()
    verdict = "" if seconds < GOAL_SECONDS else f"  ** over the {GOAL_SECONDS} s goal **"
    print(f"\n{label}: {parts:,} parts, {places} office warehouses")
    print(f"  ledger rows                    {StockMovement.objects.count():>12,}")
    issues = StockMovement.objects.filter(kind=Kind.ISSUE).count()
    print(f"  issue rows                     {issues:>12,}")
    print(f"  recommendations stored         {stored:>12,}")
    print(f"  SQL queries per batch          {len(queries):>12,}")
    print(f"  batch, called directly         {direct:>10.1f} s")
    print(f"  batch by the task worker       {seconds:>10.1f} s{verdict}")


def grow_catalogue(places: list[Warehouse]) -> list[tuple[int, int]]:
    """Parts up to PARTS, each with a stocking policy in every place (so each is advised
    there); one in ten new parts is on the bill of a demo model (the installed base)."""
    rng = random.Random(2026)
    categories = [value for value, _label in Part.Category.choices]
    new = [
        Part(
            number=f"BX-{n:05d}",
            number_key=normalize_code(f"BX-{n:05d}"),
            name_zh=f"基准件 {n}",
            category=categories[n % len(categories)],
            is_critical=rng.random() < 0.2,
            is_repairable=rng.random() < 0.15,
            hq_lead_days=rng.randint(7, 60),
            customs_days=rng.randint(3, 10),
        )
        for n in range(max(PARTS - Part.objects.count(), 0))
    ]
    Part.objects.bulk_create(new, batch_size=2000)
    added = list(Part.objects.filter(number__startswith="BX-").values_list("pk", flat=True))
    models = list(EquipmentModel.objects.values_list("pk", flat=True))
    used = {(rng.choice(models), part): rng.randint(1, 4) for part in added if rng.random() < 0.1}
    ModelPart.objects.bulk_create(
        [ModelPart(equipment_model_id=m, part_id=p, quantity=q) for (m, p), q in used.items()],
        ignore_conflicts=True,
    )
    StockingPolicy.objects.bulk_create(
        [
            StockingPolicy(
                part_id=part,
                warehouse=place,
                min_quantity=1,
                reorder_point=2,
                max_quantity=5,
                target_fill_rate=Decimal("0.900"),
            )
            for part in added
            for place in places
        ],
        batch_size=5000,
    )
    return [(part, place.pk) for part in added for place in places]


def grow_ledger(keys: list[tuple[int, int]], target: int) -> None:
    """Receipts and issues in time order until the ledger holds `target` rows, chained per
    place as the services write them (balance_after); a few parts move often, most rarely
    (intermittent demand). Then sets the balances to the ledger's."""
    clerk = User.objects.get(username="warehouse")
    rng = random.Random(21)
    weights = [rng.paretovariate(1.2) for _ in keys]
    count = StockMovement.objects.count()
    todo = max(target - count, 0)
    start = timezone.now() - timedelta(days=HISTORY_DAYS)
    step = timedelta(days=HISTORY_DAYS) / max(todo, 1)
    running = dict.fromkeys(keys, 0)
    cumulative = list(itertools.accumulate(weights))
    chosen = rng.choices(keys, cum_weights=cumulative, k=todo)
    # A prepared INSERT run for each batch: bulk_create compiles every value of every row
    # and would take minutes for a million rows; the columns are the ones the services fill.
    meta = StockMovement._meta
    names = ["part", "warehouse", "kind", "condition", "quantity", "balance_after", "at", "by"]
    names += ["reference", "reason"]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"
    at = meta.get_field("at")
    batch = []
    with transaction.atomic(), connection.cursor() as cursor:
        for n, place in enumerate(chosen):
            level = running[place]
            if level > 0 and rng.random() < 0.55:
                quantity, kind = -rng.randint(1, min(level, 3)), Kind.ISSUE
            else:
                quantity, kind = rng.randint(1, 6), Kind.RECEIPT
            running[place] = level + quantity
            when = at.get_db_prep_save(start + step * n, connection)
            batch.append((*place, kind, "good", quantity, running[place], when, clerk.pk, "", ""))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        cursor.executemany(sql, batch)
    with transaction.atomic():
        StockBalance.objects.bulk_create(
            [StockBalance(part_id=p, warehouse_id=w, on_hand=q) for (p, w), q in running.items()],
            batch_size=5000,
        )


def main() -> None:
    print(f"ServiceLoop recommendation bench — database: {connection.vendor}")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"demo data loaded in {time.perf_counter() - start:.1f} s")
    report("Demo data")

    store = Warehouse.objects.filter(kind=Warehouse.Kind.OFFICE).order_by("pk").first()
    places = [
        store,
        *Warehouse.objects.filter(office=store.office, kind=Warehouse.Kind.VAN).order_by("pk"),
    ][:WAREHOUSES]
    start = time.perf_counter()
    keys = grow_catalogue(places)
    grow_ledger(keys, LEDGER_ROWS)
    print(
        f"\n{PARTS:,} parts × {len(places)} warehouses and {LEDGER_ROWS:,} ledger rows "
        f"generated in {time.perf_counter() - start:.1f} s"
    )
    report(f"{PARTS:,} parts × {len(places)} warehouses")


if __name__ == "__main__":
    main()
