"""Times the platform's pages on a throw-away SQLite file (or DATABASE_URL if set).

Prints the median and 95th percentile of each page over repeated requests, with the
number of SQL queries, for the demo data and for 100× as many staff accounts.
Not a test: it asserts nothing, it prints numbers.
"""

from common import measure, setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from serviceloop.accounts.models import Office, Role, User  # noqa: E402
from serviceloop.demo import accounts as demo_accounts  # noqa: E402

RUNS = 60


def add_staff(count: int) -> None:
    office = Office.objects.get(code="shanghai")
    User.objects.bulk_create(
        User(
            username=f"bench{n}",
            full_name=f"工程师{n:05d}",
            role=Role.ENGINEER,
            office=office,
            password="!",  # unusable
        )
        for n in range(count)
    )


def report(label: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="manager"))
    staff = User.objects.filter(office__code="shanghai").count()
    print(f"\n{label} ({staff} accounts in the Shanghai office)")
    print(f"  {'page':<34} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, path in [
        ("health", "/health/"),
        ("sign-in page (anonymous)", "/accounts/login/"),
        ("home", "/"),
        ("staff list, page 1", "/accounts/staff/"),
        ("staff list, search '工程师00'", "/accounts/staff/?q=%E5%B7%A5%E7%A8%8B%E5%B8%8800"),
        ("preferences", "/accounts/preferences/"),
    ]:
        page_client = Client() if "anonymous" in name else client
        median, p95, *_, queries = measure(page_client, path, runs=RUNS)
        print(f"  {name:<34} {median:>10.1f} {p95:>8.1f} {queries:>8}")


def main() -> None:
    print(f"ServiceLoop platform bench — database: {connection.vendor}, {RUNS} requests per page")
    call_command("migrate", verbosity=0)
    demo_accounts.load()
    report("Demo data")
    add_staff(len(demo_accounts.USERS) * 100)
    report("100x the accounts")


if __name__ == "__main__":
    main()
