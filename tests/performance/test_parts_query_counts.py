"""The stock, ledger, reservation, order and repair pages, and the case and records pages
with their parts sections, run the same number of SQL queries for 10 and for 120 rows
(parts, movements, reservations, order lines, repairs, parts replaced)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_model, make_unit
from serviceloop.parts.models import ModelPart, Part, ReportPart, Warehouse
from serviceloop.parts.services import orders, repairs, reservations, stock
from serviceloop.parts.services.policy import set_policy
from serviceloop.parts.testing import make_part, make_warehouse
from serviceloop.service.models import Case, RepairReport
from serviceloop.service.testing import make_case


class Store:
    """An office warehouse and a van whose parts, movements, reservations, orders and
    repairs grow together; one case reserves every part; one order holds every part."""

    def __init__(self, users, office, headquarters):
        self.users, self.office = users, office
        self.clerk = users[Role.WAREHOUSE]
        self.store = make_warehouse(
            office, "sh-main", name="上海备件库", latitude=31.2, longitude=121.4
        )
        self.van = make_warehouse(
            office, "van-1", Warehouse.Kind.VAN, engineer=users[Role.ENGINEER], name="王工车载"
        )
        make_warehouse(headquarters, "hq-es", Warehouse.Kind.HQ, name="HQ Spain")
        self.model = make_model("IH-QC")
        customer = make_customer(office, "C-0001", "零件客户")
        unit = make_unit(customer, "QC-1", model=self.model)
        self.case = make_case(
            office,
            customer=customer,
            unit=unit,
            opened_by=users[Role.COORDINATOR],
            assignee=users[Role.ENGINEER],
            state=Case.State.ON_SITE,
            on_site_at=timezone.now(),
        )
        self.report = RepairReport.objects.create(
            case=self.case, engineer=users[Role.ENGINEER], fault_found="x", actions="y"
        )
        # An earlier visit's signed report: the parts replaced on the unit and the customer.
        self.signed = RepairReport.objects.create(
            case=self.case,
            engineer=users[Role.ENGINEER],
            fault_found="x",
            actions="y",
            engineer_signed_at=timezone.now(),
        )
        self.order = None
        self.repair = None
        self.parts: list[Part] = []

    def grow_to(self, rows: int) -> None:
        for n in range(len(self.parts), rows):
            part = make_part(
                f"SP-{n:04d}",
                name_zh=f"备件{n}",
                is_critical=n % 2 == 0,
                is_repairable=n % 3 == 0,
                price_cny=100 + n,
            )
            self.parts.append(part)
            ModelPart.objects.create(equipment_model=self.model, part=part, quantity=2)
            for warehouse in (self.store, self.van):
                stock.receive_stock(by=self.clerk, part=part, warehouse=warehouse, quantity=5)
            stock.adjust_stock(
                by=self.clerk, part=part, warehouse=self.store, quantity=-1, reason="盘点"
            )
            set_policy(
                by=self.clerk,
                part=part,
                warehouse=self.store,
                min_quantity=3,
                reorder_point=5,
                max_quantity=8,
                target_fill_rate="0.95",
            )
            [reservation] = reservations.reserve_part(
                by=self.users[Role.COORDINATOR],
                case=self.case,
                part=part,
                warehouse=self.store,
                quantity=1,
            )
            ReportPart.objects.create(
                report=self.report,
                part=part,
                warehouse=self.store,
                quantity=1,
                reservation=reservation,
                defective=ReportPart.Defective.RETURNED,
            )
            line = [{"part": part, "quantity": 2}]
            if self.order is None:
                self.order = orders.create_order(by=self.clerk, warehouse=self.store, lines=line)
            else:
                orders._write_lines(self.order, line)
            ReportPart.objects.create(
                report=self.signed,
                part=part,
                warehouse=self.van,
                quantity=1,
                defective=ReportPart.Defective.SCRAPPED,
            )
            if part.is_repairable:
                repair = repairs.open_repair(
                    by=self.clerk, part=part, warehouse=self.store, serial=None
                )
                self.repair = self.repair or repair


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES = {
    "stock": lambda s: reverse("parts:stock"),
    "stock at or below reorder point": lambda s: reverse("parts:stock") + "?low=on",
    "ledger": lambda s: reverse("parts:ledger"),
    "ledger of a part": lambda s: reverse("parts:ledger") + "?part=SP-0000",
    "reservations to pick": lambda s: reverse("parts:reservations"),
    "order list": lambda s: reverse("parts:order_list"),
    "order page": lambda s: reverse("parts:order_detail", args=[s.order.pk]),
    "repair list": lambda s: reverse("parts:repair_list"),
    "catalogue": lambda s: reverse("parts:catalogue"),
    "part page": lambda s: reverse("parts:part_detail", args=[s.parts[0].pk]),
    "where is it": lambda s: reverse("parts:where_is") + "?q=SP-0000",
    "warehouses": lambda s: reverse("parts:warehouse_list"),
    "replenishment": lambda s: reverse("parts:replenishment"),
    "stocking policy": lambda s: reverse("parts:policy_list"),
    "repair page": lambda s: reverse("parts:repair_detail", args=[s.repair.pk]),
    "case page with reservations": lambda s: reverse("service:case_detail", args=[s.case.pk]),
    "unit record with parts replaced": lambda s: reverse(
        "records:unit_record", args=[s.case.unit_id]
    ),
    "customer record with parts replaced": lambda s: reverse(
        "records:customer_record", args=[s.case.customer_id]
    ),
    "report page with parts": lambda s: reverse("service:report_form", args=[s.case.pk]),
}
ENGINEER_PAGES = {"report page with parts"}
MANAGER_PAGES = {
    "case page with reservations",
    "unit record with parts replaced",
    "customer record with parts replaced",
}


@pytest.mark.django_db
@pytest.mark.parametrize("page_name", PAGES)
def test_stock_page_runs_the_same_queries_for_10_and_120_rows(
    client, users, shanghai, spain_hq, page_name
):
    world = Store(users, shanghai, spain_hq)
    viewer = users[Role.WAREHOUSE]
    if page_name in ENGINEER_PAGES:
        viewer = users[Role.ENGINEER]
    if page_name in MANAGER_PAGES:
        viewer = users[Role.MANAGER]
    client.force_login(viewer)
    counts = []
    for rows in (10, 120):
        world.grow_to(rows)
        counts.append(_count(client, PAGES[page_name](world)))
    print(f"{page_name}: {counts[0]} queries for 10 rows, {counts[1]} for 120")
    assert counts[0] == counts[1]
