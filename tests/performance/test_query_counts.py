"""Each list page and both records pages run the same number of SQL queries for 10 and
for 200 rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.models import PortalAccess
from serviceloop.customers.testing import make_contact, make_customer, make_site
from serviceloop.equipment.models import Contract, UnitMove
from serviceloop.equipment.testing import make_model, make_unit
from serviceloop.service.models import CaseEvent, ChargeLine, InfoRequest, Quote, Reading
from serviceloop.service.testing import make_case


class Archive:
    """One office whose first customer grows: customers, sites, contacts, units (every
    other one a power supply inside another), contracts, moves and models."""

    def __init__(self, office, owner):
        self.office, self.owner = office, owner
        self.first = make_customer(office, "C-0000", "第一客户", account_manager=owner)
        self.model = make_model()
        self.units = []
        self.cases = []

    def grow_to(self, rows: int) -> None:
        for n in range(len(self.units), rows):
            if n:
                make_customer(self.office, f"C-{n:04d}", f"客户{n}")
            site = make_site(self.first, f"S{n}", f"工厂{n}")
            make_contact(self.first, f"联系人{n}", site=site)
            parent = self.units[n // 2] if n % 2 else None
            unit = make_unit(self.first, f"IH-{n:04d}", model=self.model, site=site, parent=parent)
            self.units.append(unit)
            contract = Contract.objects.create(
                customer=self.first,
                number=f"SC-{n}",
                kind=Contract.Kind.BASIC,
                starts_on=date(2025, 1, 1),
                ends_on=date(2027, 1, 1),
            )
            contract.units.add(unit, self.units[0])
            UnitMove.objects.create(
                unit=self.units[0],
                from_customer=self.first,
                to_customer=self.first,
                moved_on=date(2025, 1, 1),
                moved_by=self.owner,
            )
            make_model(f"M-{n}")
            case = make_case(
                self.office,
                customer=self.first,
                unit=unit,
                opened_by=self.owner,
                assignee=self.owner if n % 2 else None,
                # Every third case closed: the case page lists similar closed cases.
                state="closed" if n % 3 == 2 else "new",
                closed_at=timezone.now() if n % 3 == 2 else None,
                resolution="更换流量开关" if n % 3 == 2 else "",
            )
            self.cases.append(case)
            quote = Quote.objects.create(
                case=self.cases[0],
                number=f"{self.cases[0].number}-Q{n + 1}",
                currency="CNY",
                vat_percent=13,
                valid_until=date(2030, 1, 1),
                created_by=self.owner,
                state="sent",
            )
            for kind in ("labour", "part"):
                ChargeLine.objects.create(
                    quote=quote,
                    kind=kind,
                    description=kind,
                    quantity=2,
                    unit_price=450,
                    cover="chargeable",
                )
            InfoRequest.objects.create(
                case=self.cases[0],
                tags=["Q_ps"],
                message="请拍照",
                requested_by=self.owner,
                token_hash=f"hash-{n}",
                expires_at=timezone.now(),
            )
            for k in range(2):
                Reading.objects.create(
                    case=self.cases[0],
                    tag="Q_ps",
                    value=30 + k,
                    taken_at=timezone.now(),
                    recorded_by=self.owner,
                )
                CaseEvent.objects.create(
                    case=self.cases[0], kind="note", actor=self.owner, at=timezone.now()
                )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES = {
    "customer list": lambda a: reverse("customers:customer_list"),
    "customer search": lambda a: reverse("customers:customer_list") + "?q=kehu",
    "unit list": lambda a: reverse("equipment:unit_list"),
    "unit list, in warranty": lambda a: reverse("equipment:unit_list") + "?warranty=in",
    "model list": lambda a: reverse("equipment:model_list"),
    "customer record": lambda a: reverse("records:customer_record", args=[a.first.pk]),
    "unit record": lambda a: reverse("records:unit_record", args=[a.units[0].pk]),
    "portal home": lambda a: reverse("portal:home"),
    "case queue": lambda a: reverse("service:case_list"),
    "all cases": lambda a: reverse("service:case_list") + "?state=all",
    "case search, a word": lambda a: reverse("service:case_list") + "?state=all&q=流量",
    "case search, a number": lambda a: reverse("service:case_list") + f"?q={a.cases[0].number}",
    "case page": lambda a: reverse("service:case_detail", args=[a.cases[0].pk]),
    "portal cases": lambda a: reverse("portal:case_list"),
    "portal case search": lambda a: reverse("portal:case_list") + "?q=流量",
    "portal case page": lambda a: reverse("portal:case_detail", args=[a.cases[0].pk]),
}
PORTAL_PAGES = {"portal home", "portal cases", "portal case page", "portal case search"}


@pytest.mark.django_db
@pytest.mark.parametrize("page_name", PAGES)
def test_page_runs_the_same_queries_for_10_and_200_rows(client, users, shanghai, page_name):
    archive = Archive(shanghai, users[Role.ACCOUNT_MANAGER])
    viewer = users[Role.CUSTOMER] if page_name in PORTAL_PAGES else users[Role.MANAGER]
    PortalAccess.objects.create(user=users[Role.CUSTOMER], customer=archive.first)
    client.force_login(viewer)
    counts = []
    for rows in (10, 200):
        archive.grow_to(rows)
        counts.append(_count(client, PAGES[page_name](archive)))
    print(f"{page_name}: {counts[0]} queries for 10 rows, {counts[1]} for 200")
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_a_far_page_of_cases_reads_its_ids_from_the_case_table_alone(
    client, users, shanghai, monkeypatch
):
    """Past the first rows a page's ids come from the case table's own index: a join for
    what the rows show (customer, machine, assignee) made it read every case before them."""
    from serviceloop.core import paging

    monkeypatch.setattr(paging, "EXACT_UP_TO", 4)
    # PostgreSQL's estimate of a table it never analysed is a guess: the true count here.
    monkeypatch.setattr(paging, "_planner_rows", lambda *sql: 60)
    archive = Archive(shanghai, users[Role.ACCOUNT_MANAGER])
    archive.grow_to(60)  # two pages of fifty
    client.force_login(users[Role.MANAGER])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("service:case_list") + "?state=all&page=2&mine=")
    assert response.status_code == 200
    ids = [q["sql"] for q in queries if "OFFSET" in q["sql"] and '"service_case"."id"' in q["sql"]]
    assert ids and all("JOIN" not in sql for sql in ids)
