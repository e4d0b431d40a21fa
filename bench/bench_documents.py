"""Times the printed documents on the demo data: each PDF, and the query count of each
document's print page (a unit file with a few entries and with 200 more). Not a test.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault(
    "SQLITE_PATH", os.path.join(tempfile.mkdtemp(prefix="serviceloop-bench-"), "bench.sqlite3")
)
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "serviceloop.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from serviceloop.accounts.models import User  # noqa: E402
from serviceloop.core.testing_documents import pdf_page_count  # noqa: E402
from serviceloop.service.models import RepairReport  # noqa: E402

RUNS = 7


def measure(client: Client, url: str) -> tuple[float, float, int, int]:
    """Median and slowest ms of the PDF, its pages, and the print page's query count."""
    pdf = client.get(url, {"format": "pdf"})
    assert pdf.status_code == 200, (url, pdf.status_code)
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url, {"format": "pdf"})
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return statistics.median(timings), max(timings), pdf_page_count(pdf.content), len(queries)


def grow_history(unit, entries: int) -> None:
    """`entries` more changes of the unit's record (each a line of its file's history)."""
    for n in range(entries):
        unit.notes = f"bench change {n:03d}"
        unit.save()


def main() -> None:
    print(f"ServiceLoop document bench — database: {connection.vendor}, {RUNS} PDFs each")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    report = RepairReport.objects.filter(
        engineer_signed_at__isnull=False, case__unit__isnull=False
    ).latest("pk")
    case, unit = report.case, report.case.unit
    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    pages = [
        ("repair report", reverse("service:report_document", args=[case.pk, report.pk])),
        ("service registration", reverse("service:case_document", args=[case.pk])),
        ("customer profile record", reverse("records:customer_document", args=[case.customer_id])),
        ("unit record file", reverse("records:unit_document", args=[unit.pk])),
    ]
    print(f"  {'document':<34} {'median ms':>10} {'max ms':>8} {'pages':>6} {'queries':>8}")
    for name, url in pages:
        median, slowest, count, queries = measure(client, url)
        print(f"  {name:<34} {median:>10.1f} {slowest:>8.1f} {count:>6} {queries:>8}")
    grow_history(unit, 200)
    median, slowest, count, queries = measure(client, pages[-1][1])
    name = "unit record file, +200 entries"
    print(f"  {name:<34} {median:>10.1f} {slowest:>8.1f} {count:>6} {queries:>8}")


if __name__ == "__main__":
    main()
