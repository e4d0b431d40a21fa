"""Times the stock pages with the demo data, then with 1,000,000 ledger rows.

Prints median and 95th percentile per page, the SQL queries it ran, and how long the proof
that balances equal the ledger takes. Not a test.
"""

import os
import random
import time
from datetime import timedelta

from common import measure, setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from serviceloop.accounts.models import User  # noqa: E402
from serviceloop.parts.models import Part, StockBalance, StockMovement, Warehouse  # noqa: E402
from serviceloop.parts.selectors.integrity import stock_discrepancies  # noqa: E402

RUNS = 20
TARGET = 1_000_000
BATCH = 10_000
Kind = StockMovement.Kind


def grow_ledger(target: int) -> None:
    """Adds receipts and issues until the ledger holds `target` rows, chained per part and
    warehouse exactly as the services write them (balance_after), then sets the balances."""
    clerk = User.objects.get(username="warehouse")
    places = list(
        StockBalance.objects.exclude(warehouse__kind=Warehouse.Kind.HQ)
        # Nothing reserved: the generated issues may take the stock down to zero.
        .filter(part__is_serialized=False, reserved=0)
        .values_list("part_id", "warehouse_id", "on_hand")
    )
    if not places:
        store = Warehouse.objects.exclude(kind=Warehouse.Kind.HQ).first()
        parts = Part.objects.filter(is_serialized=False).values_list("pk", flat=True)[:200]
        places = [(part, store.pk, 0) for part in parts]
    running = {(part, warehouse): on_hand for part, warehouse, on_hand in places}
    keys = list(running)
    rng = random.Random(2026)
    start = timezone.now() - timedelta(days=3 * 365)
    count = StockMovement.objects.count()
    step = timedelta(days=3 * 365) / max(target - count, 1)
    batch, n = [], 0
    while count + n < target:
        place = keys[rng.randrange(len(keys))]
        level = running[place]
        if level > 0 and rng.random() < 0.55:
            quantity = -rng.randint(1, min(level, 3))
            kind = Kind.ISSUE
        else:
            quantity, kind = rng.randint(1, 6), Kind.RECEIPT
        running[place] = level + quantity
        batch.append(
            StockMovement(
                part_id=place[0],
                warehouse_id=place[1],
                kind=kind,
                quantity=quantity,
                balance_after=running[place],
                at=start + step * n,
                by=clerk,
                reference=f"BENCH-{n}",
            )
        )
        n += 1
        if len(batch) == BATCH:
            StockMovement.objects.bulk_create(batch)
            batch = []
    StockMovement.objects.bulk_create(batch)
    with transaction.atomic():
        for (part, warehouse), on_hand in running.items():
            StockBalance.objects.update_or_create(
                part_id=part, warehouse_id=warehouse, defaults={"on_hand": on_hand}
            )


def report(label: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="warehouse"))
    busiest = StockMovement.objects.values("part_id").order_by("-part_id").first() or {
        "part_id": None
    }
    part = Part.objects.get(pk=busiest["part_id"])
    oldest_pk = StockMovement.objects.filter(part=part).order_by("pk").values_list("pk", flat=True)
    middle = oldest_pk[oldest_pk.count() // 2]
    store = Warehouse.objects.filter(kind=Warehouse.Kind.OFFICE).first()
    print(f"\n{label}: {StockMovement.objects.count():,} ledger rows")
    print(f"  {'page':<40} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8}")
    for name, path in [
        ("stock, page 1", "/parts/stock/"),
        ("stock of the office warehouse", f"/parts/stock/?warehouse={store.pk}"),
        ("stock at or below reorder point", "/parts/stock/?low=on"),
        ("ledger, newest", "/parts/ledger/"),
        ("ledger, scrap only", "/parts/ledger/?kind=scrap"),
        (f"ledger of {part.number}", f"/parts/ledger/?part={part.number}"),
        (
            f"ledger of {part.number}, older page",
            f"/parts/ledger/?part={part.number}&before={middle}",
        ),
        (f"part page {part.number}", f"/parts/{part.pk}/"),
        ("where is it", f"/parts/where/?q={part.number}"),
        ("to pick", "/parts/reservations/"),
        ("orders", "/parts/orders/"),
    ]:
        t = measure(client, path, runs=RUNS)
        print(f"  {name:<40} {t.median:>10.1f} {t.p95:>8.1f} {t.cpu:>8.1f} {t.queries:>8}")
    start = time.perf_counter()
    broken = stock_discrepancies()
    print(f"  balances = ledger proof: {time.perf_counter() - start:.1f} s, {len(broken)} breaks")


def main() -> None:
    print(f"ServiceLoop parts bench — database: {connection.vendor}, {RUNS} requests per page")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"demo data loaded in {time.perf_counter() - start:.1f} s")
    report("Demo data")
    start = time.perf_counter()
    grow_ledger(TARGET)
    print(f"\n{TARGET:,} ledger rows generated in {time.perf_counter() - start:.1f} s")
    report(f"{TARGET:,} ledger rows")


if __name__ == "__main__":
    main()
