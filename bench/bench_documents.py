"""Times the printed documents on the demo data: each PDF, and the query count of each
document's print page (a unit file with a few entries and with 200 more). Not a test.
"""

import os

from common import measure, setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from serviceloop.accounts.models import User  # noqa: E402
from serviceloop.core.testing_documents import pdf_page_count  # noqa: E402
from serviceloop.service.models import RepairReport  # noqa: E402

RUNS = 7


def measure_document(client: Client, url: str) -> tuple[float, float, int, int]:
    """Median and slowest ms of the PDF, its pages, and the print page's query count."""
    pdf = client.get(url, {"format": "pdf"})  # the warm-up, kept to count its pages
    assert pdf.status_code == 200, (url, pdf.status_code)
    timing = measure(
        client, url, runs=RUNS, params={"format": "pdf"}, queries_of=url, warm_up=False
    )
    return timing.median, timing.slowest, pdf_page_count(pdf.content), timing.queries


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
        median, slowest, count, queries = measure_document(client, url)
        print(f"  {name:<34} {median:>10.1f} {slowest:>8.1f} {count:>6} {queries:>8}")
    grow_history(unit, 200)
    median, slowest, count, queries = measure_document(client, pages[-1][1])
    name = "unit record file, +200 entries"
    print(f"  {name:<34} {median:>10.1f} {slowest:>8.1f} {count:>6} {queries:>8}")


if __name__ == "__main__":
    main()
