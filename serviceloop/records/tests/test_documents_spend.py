"""The spend on the printed customer profile record (SL-F-04): each billed case's statement
(the signed hours at the approved quote's or the office's rates, the parts fitted from
stock, the quote's other lines, less what warranty or contract pays), summed by the year
the case was opened, in the same number of queries for two billed cases as for twelve."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.models import Contract
from serviceloop.equipment.testing import make_unit
from serviceloop.parts.models import ReportPart
from serviceloop.parts.services.reports import save_report_parts
from serviceloop.service.models import ChargeLine, ChargeRates, Quote, RepairReport
from serviceloop.service.selectors.charges_spend import YearSpend
from serviceloop.service.services import charges as charge_services

from .conftest import _signed, visit_on

pytestmark = pytest.mark.django_db
Kind = ChargeLine.Kind
SHANGHAI = ZoneInfo("Asia/Shanghai")
LODGING = {"kind": Kind.OTHER, "description": "住宿费", "quantity": Decimal(1), "unit_price": 200}
# Labour at 500 an hour, two IGBT modules at 5000 (one is fitted), a part bought locally.
QUOTED_REPAIR = [
    {"kind": Kind.LABOUR, "quantity": Decimal(3), "unit_price": Decimal(500)},
    {"kind": Kind.PART, "part_number": "SP-2001", "quantity": Decimal(2), "unit_price": 5000},
    {
        "kind": Kind.PART,
        "part_number": "LOCAL-77",
        "description": "本地接头",
        "quantity": 2,
        "unit_price": 35,
    },
    LODGING,
]


def _opened(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, tzinfo=SHANGHAI)


def _contract(customer, unit, number, starts_on, ends_on, **fields) -> Contract:
    contract = Contract.objects.create(
        customer=customer,
        number=number,
        kind=Contract.Kind.BASIC,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )
    contract.units.add(unit)
    return contract


def _billed(world, customer, unit, opened, *, hours, parts=(), quote=None, signed=True):
    """A case opened on `opened`, its quote approved, visited and closed by a report of
    `hours` (labour, travel) that fitted `parts` [(part, quantity)] from stock."""
    case = world.on_site(customer=customer, unit=unit, opened_at=opened)
    if quote:
        made = charge_services.create_quote(
            by=world.coordinator, case=case, scope="维修", lines=quote
        )
        Quote.objects.filter(pk=made.pk).update(state=Quote.State.APPROVED)
    visit_on(case, world.engineer, world.coordinator)
    report = world.report(case)
    RepairReport.objects.filter(pk=report.pk).update(
        labour_hours=Decimal(hours[0]), travel_hours=Decimal(hours[1])
    )
    for part, quantity in parts:
        world.receive(part, quantity)
    lines = [
        {
            "part": part,
            "warehouse": world.store,
            "quantity": quantity,
            "defective": ReportPart.Defective.SCRAPPED,
        }
        for part, quantity in parts
    ]
    if lines:
        save_report_parts(by=world.engineer, report=report, lines=lines)
    if signed:
        _signed(report)
    return case


class Machines:
    """A customer's machines: one in warranty, one under a basic contract (labour and
    travel, not parts), one under a full contract, one nothing covers."""

    def __init__(self, world, shanghai):
        self.customer = make_customer(shanghai, "C-0888", "宁波均胜汽车电子股份有限公司")
        self.warranty = make_unit(
            self.customer, "IH-2025-0901", final_acceptance_date=date(2025, 9, 1)
        )
        self.contract = make_unit(
            self.customer, "IH-2019-0101", final_acceptance_date=date(2019, 1, 1)
        )
        self.full = make_unit(self.customer, "IH-2019-0202", final_acceptance_date=date(2019, 1, 1))
        self.old = make_unit(self.customer, "IH-2018-0303", final_acceptance_date=date(2018, 3, 1))
        _contract(self.customer, self.contract, "SC-0888-B", date(2025, 1, 1), date(2026, 12, 31))
        _contract(
            self.customer,
            self.full,
            "SC-0888-F",
            date(2025, 1, 1),
            date(2026, 12, 31),
            covers_parts=True,
        )
        # Neither counts: an archived contract, and the machine's former owner's.
        _contract(
            self.customer,
            self.contract,
            "SC-0888-X",
            date(2024, 1, 1),
            date(2026, 12, 31),
            covers_parts=True,
            archived_at=timezone.now(),
        )
        former = make_customer(shanghai, "C-0889", "前任客户有限公司")
        _contract(
            former,
            self.contract,
            "SC-0889",
            date(2024, 1, 1),
            date(2026, 12, 31),
            covers_parts=True,
        )


@pytest.fixture
def machines(world, shanghai):
    ChargeRates.objects.create(
        office=shanghai, labour_rate=Decimal(450), travel_rate=Decimal(300), vat_percent=13
    )
    return Machines(world, shanghai)


def _spend(client, users, customer):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("records:customer_document", args=[customer.pk]))
    assert response.status_code == 200
    return response.context["spend"]


def test_the_spend_sums_each_billed_cases_statement_by_the_year_it_was_opened(
    client, users, world, machines, shanghai
):
    m = machines
    # 2026: the warranty pays all but the quoted lodging (VAT 13 % as quoted): 200 + 26.
    _billed(
        world,
        m.customer,
        m.warranty,
        _opened(2026, 3, 10),
        hours=(3, 2),
        parts=[(world.igbt, 1)],
        quote=[LODGING],
    )
    # 2026: the contract pays labour and travel, not the 2 filters: 360 + 6 % today.
    _billed(
        world, m.customer, m.contract, _opened(2026, 2, 10), hours=(2, 1), parts=[(world.filter, 2)]
    )
    # 2026: the full contract pays everything: nothing billed, not counted.
    _billed(world, m.customer, m.full, _opened(2026, 4, 1), hours=(2, 1), parts=[(world.igbt, 1)])
    # 2024, before the contract: 4 h × 450 + 1.5 h × 300 = 2250 + 6 %.
    _billed(world, m.customer, m.contract, _opened(2024, 11, 5), hours=(4, "1.5"))
    # 2025, as quoted: 3 h × 500 + 2 h × 300 + the IGBT fitted 5000 + 70 + 200 = 7370 + 13 %.
    _billed(
        world,
        m.customer,
        m.old,
        _opened(2025, 6, 16),
        hours=(3, 2),
        parts=[(world.igbt, 1)],
        quote=QUOTED_REPAIR,
    )
    # 2025, no quote: 1 h × 450 + 3 filters at the list price 180 = 990 + 6 %.
    _billed(world, m.customer, m.old, _opened(2025, 9, 20), hours=(1, 0), parts=[(world.filter, 3)])
    # 2025, no machine: 2 h × 450 = 900 + 6 %.
    _billed(world, m.customer, None, _opened(2025, 12, 1), hours=(2, 0))
    # No signed report, no statement.
    _billed(world, m.customer, m.old, _opened(2025, 7, 1), hours=(9, 9), signed=False)
    # Today's rates carry 6 % VAT; an approved quote keeps the 13 % it was written with.
    ChargeRates.objects.filter(office=shanghai).update(vat_percent=6)

    assert _spend(client, users, m.customer) == [
        YearSpend(2026, "CNY", 2, Decimal("560.00"), Decimal("47.60"), Decimal("607.60")),
        YearSpend(2025, "CNY", 3, Decimal("9260.00"), Decimal("1071.50"), Decimal("10331.50")),
        YearSpend(2024, "CNY", 1, Decimal("2250.00"), Decimal("135.00"), Decimal("2385.00")),
    ]


def _repairs(world, m, first: int, count: int) -> None:
    """`count` billed cases, in turn in warranty, under the basic contract and quoted."""
    for n in range(first, first + count):
        if n % 3 == 0:
            _billed(
                world,
                m.customer,
                m.warranty,
                _opened(2026, 3, 1 + n),
                hours=(2, 1),
                parts=[(world.igbt, 1)],
                quote=[LODGING],
            )
        elif n % 3 == 1:
            _billed(
                world,
                m.customer,
                m.contract,
                _opened(2026, 2, 1 + n),
                hours=(1, 1),
                parts=[(world.filter, 1)],
            )
        else:
            _billed(
                world,
                m.customer,
                m.old,
                _opened(2025, 5, 1 + n),
                hours=(3, 1),
                parts=[(world.igbt, 1)],
                quote=[LODGING],
            )


def test_the_profile_records_queries_do_not_grow_with_the_billed_cases(
    client, users, world, machines, django_assert_num_queries
):
    _repairs(world, machines, 0, 2)
    client.force_login(users[Role.COORDINATOR])
    url = reverse("records:customer_document", args=[machines.customer.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).context["spend"][0].cases == 2
    _repairs(world, machines, 2, 10)
    with django_assert_num_queries(len(few)):
        spend = client.get(url).context["spend"]
    assert sum(year.cases for year in spend) == 12
