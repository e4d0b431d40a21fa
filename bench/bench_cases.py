"""Times the service-case pages with the demo cases, then with 100,000 cases.

Prints median and 95th percentile per page and the SQL queries each ran. Not a test.
"""

import os
import time

from common import measure, setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from serviceloop.accounts.models import User  # noqa: E402
from serviceloop.service.models import Case  # noqa: E402

RUNS = 20
TARGET = 100_000


def grow_to(target: int) -> None:
    """Copies the demo's closed cases under new numbers until there are `target` cases."""
    closed = list(Case.objects.filter(state=Case.State.CLOSED).values())
    count, batch, n = Case.objects.count(), [], 0
    while count + len(batch) < target:
        row = dict(closed[n % len(closed)])
        n += 1
        row.pop("id")
        row["number"] = f"SR-2020-{n:06d}"
        batch.append(Case(**row))
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    Case.objects.bulk_create(batch)


def report(label: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    newest = Case.objects.order_by("-opened_at").first()
    print(f"\n{label}: {Case.objects.count()} cases")
    print(f"  {'page':<34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, path in [
        ("queue (open cases)", "/cases/"),
        ("all cases, page 1", "/cases/?state=all"),
        ("search by number", f"/cases/?state=all&q={newest.number}"),
        ("case page", f"/cases/{newest.pk}/"),
        ("dispatch board", "/cases/dispatch/"),
    ]:
        median, p95, *_, queries = measure(client, path, runs=RUNS)
        print(f"  {name:<34} {median:>10.1f} {p95:>8.1f} {queries:>8}")


def main() -> None:
    print(f"ServiceLoop case bench — database: {connection.vendor}, {RUNS} requests per page")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"demo data loaded in {time.perf_counter() - start:.1f} s")
    report("Demo data")
    start = time.perf_counter()
    grow_to(TARGET)
    print(f"\n{TARGET:,} cases generated in {time.perf_counter() - start:.1f} s")
    report(f"{TARGET:,} cases")


if __name__ == "__main__":
    main()
