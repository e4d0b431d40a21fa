"""Times the archive's pages with the demo data, then with 100× as many units.

Prints median and 95th percentile per page, and the SQL queries it ran. Not a test.
"""

import os
import random
import time

from common import measure, setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from serviceloop.accounts.models import User  # noqa: E402
from serviceloop.core.text import normalize_code  # noqa: E402
from serviceloop.equipment.models import Unit  # noqa: E402

RUNS = 30


def multiply_units(factor: int) -> None:
    """Copies every demo unit `factor - 1` times under new serials (same customers)."""
    originals = list(Unit.objects.all())
    rng = random.Random(2026)
    batch = []
    for copy in range(1, factor):
        for unit in originals:
            serial = f"{unit.serial}-X{copy:03d}"
            batch.append(
                Unit(
                    serial=serial,
                    serial_key=normalize_code(serial),
                    model_id=unit.model_id,
                    customer_id=unit.customer_id,
                    site_id=unit.site_id,
                    final_acceptance_date=unit.final_acceptance_date,
                    commissioning_date=unit.commissioning_date,
                    warranty_end=unit.warranty_end,
                    status=unit.status,
                    running_hours=rng.randint(100, 60000),
                )
            )
            if len(batch) >= 5000:
                Unit.objects.bulk_create(batch)
                batch = []
    Unit.objects.bulk_create(batch)


def report(label: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    busiest = (
        Unit.objects.values("customer_id").order_by().annotate(n=Count("pk")).order_by("-n").first()
    )
    unit = Unit.objects.filter(customer_id=busiest["customer_id"]).order_by("pk").first()
    print(f"\n{label}: {Unit.objects.count()} units")
    print(f"  {'page':<40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, path in [
        ("customer list", "/customers/"),
        ("customer search '恒' (Chinese)", "/customers/?q=%E6%81%92"),
        ("customer search 'sz' (initials)", "/customers/?q=sz"),
        ("unit list", "/equipment/units/"),
        ("unit search by serial fragment", "/equipment/units/?q=2019"),
        ("customer profile record (busiest)", f"/records/customers/{busiest['customer_id']}/"),
        ("unit record file", f"/records/units/{unit.pk}/"),
    ]:
        median, p95, *_, queries = measure(client, path, runs=RUNS)
        print(f"  {name:<40} {median:>10.1f} {p95:>8.1f} {queries:>8}")


def main() -> None:
    print(f"ServiceLoop archive bench — database: {connection.vendor}, {RUNS} requests per page")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"demo data loaded in {time.perf_counter() - start:.1f} s")
    report("Demo data")
    start = time.perf_counter()
    multiply_units(100)
    print(f"\n100x units generated in {time.perf_counter() - start:.1f} s")
    report("100x the units")


if __name__ == "__main__":
    main()
