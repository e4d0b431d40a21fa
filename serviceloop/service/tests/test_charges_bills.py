"""The statement of the work done, and the office's rates it is priced at."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from serviceloop.accounts.models import Role
from serviceloop.service.models import ChargeLine, ChargeRates, RepairReport
from serviceloop.service.selectors import charges
from serviceloop.service.services import charges as services
from serviceloop.service.services import settings as settings_services

from .charges_builders import REPAIR, write_quote

pytestmark = pytest.mark.django_db


Kind, Cover = ChargeLine.Kind, ChargeLine.Cover


@pytest.fixture(autouse=True)
def _english():
    # The messages checked below are read in English, whatever the default language.
    with translation.override("en"):
        yield


# the statement: the bill for the work done


def _signed_report(case, engineer, labour, travel, signed=True) -> RepairReport:
    return RepairReport.objects.create(
        case=case,
        engineer=engineer,
        fault_found="IGBT 击穿",
        actions="更换IGBT模块",
        labour_hours=Decimal(labour),
        travel_hours=Decimal(travel),
        engineer_signed_at=timezone.now() if signed else None,
    )


def test_the_statement_prices_signed_hours_at_the_approved_quotes_rates(
    users, shanghai, chargeable_case
):
    lines = [{**REPAIR[0], "unit_price": Decimal("500.00")}, REPAIR[1], REPAIR[2]]
    quote = write_quote(users, chargeable_case, lines)
    services.record_purchase_order(
        by=users[Role.COORDINATOR],
        quote=quote,
        version=quote.version,
        purchase_order="PO-7",
        name="",
    )
    assert charges.statement(chargeable_case) is None  # no signed report yet
    settings_services.set_charge_rates(
        by=users[Role.MANAGER],
        office=shanghai,
        labour_rate=Decimal("999"),
        travel_rate=Decimal("999"),
        vat_percent=Decimal("6"),
    )
    engineer = users[Role.ENGINEER]
    _signed_report(chargeable_case, engineer, "2.5", "1.5")
    _signed_report(chargeable_case, engineer, "1", "0.5")
    _signed_report(chargeable_case, engineer, "8", "8", signed=False)
    bill = charges.statement(chargeable_case)
    rows = {(row.kind, row.description): row for row in bill.lines}
    labour = rows[(Kind.LABOUR, str(Kind.LABOUR.label))]
    travel = rows[(Kind.TRAVEL, str(Kind.TRAVEL.label))]
    assert (labour.quantity, labour.unit_price, labour.amount) == (3.5, 500, Decimal("1750.00"))
    assert (travel.quantity, travel.unit_price, travel.amount) == (2, 300, Decimal("600.00"))
    assert rows[(Kind.PART, "IGBT 模块")].amount == Decimal("8800.00")
    assert len(bill.lines) == 3
    assert bill.vat_percent == Decimal("13.00")  # the quote's, not today's rates
    assert bill.net == Decimal("11150.00")
    assert bill.vat == Decimal("1449.50")
    assert bill.total == Decimal("12599.50")


def test_the_statement_of_a_warranty_case_costs_the_customer_nothing(users, warranty_case):
    _signed_report(warranty_case, users[Role.ENGINEER], "3", "2")
    bill = charges.statement(warranty_case)
    assert {row.cover for row in bill.lines} == {Cover.WARRANTY}
    assert bill.subtotal == Decimal("1950.00")  # office rates: 3 × 450 + 2 × 300
    assert (bill.net, bill.total) == (0, 0)


# rates


def test_only_the_offices_manager_sets_its_rates(users, shanghai, beijing):
    rates = settings_services.set_charge_rates(
        by=users[Role.MANAGER],
        office=shanghai,
        labour_rate=Decimal("480"),
        travel_rate=Decimal("320"),
        vat_percent=Decimal("13"),
    )
    assert charges.rates_for(shanghai) == rates
    for who, office in ((users[Role.COORDINATOR], shanghai), (users[Role.MANAGER], beijing)):
        with pytest.raises(PermissionDenied):
            settings_services.set_charge_rates(
                by=who,
                office=office,
                labour_rate=Decimal("1"),
                travel_rate=Decimal("1"),
                vat_percent=Decimal("1"),
            )
    assert not ChargeRates.objects.filter(office=beijing).exists()
    with pytest.raises(ValidationError):
        settings_services.set_charge_rates(
            by=users[Role.MANAGER],
            office=shanghai,
            labour_rate=Decimal("-1"),
            travel_rate=Decimal("1"),
            vat_percent=Decimal("101"),
        )


def test_an_office_without_rates_charges_nothing_per_hour(beijing):
    rates = charges.rates_for(beijing)
    assert (rates.labour_rate, rates.travel_rate, rates.vat_percent) == (0, 0, 13)
    assert rates.pk is None


def test_the_manager_edits_the_rates_and_a_coordinator_may_not(client, users, shanghai, rates):
    url = reverse("service:charge_rates")
    client.force_login(users[Role.MANAGER])
    assert client.get(url).status_code == 200
    response = client.post(url, {"labour_rate": "480.50", "travel_rate": "320", "vat_percent": "6"})
    assert response.status_code == 302
    rates.refresh_from_db()
    assert (rates.labour_rate, rates.travel_rate, rates.vat_percent) == (
        Decimal("480.50"),
        Decimal("320.00"),
        Decimal("6.00"),
    )
    client.force_login(users[Role.COORDINATOR])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"labour_rate": "1", "travel_rate": "1", "vat_percent": "1"}).status_code
        == 403
    )
    rates.refresh_from_db()
    assert rates.labour_rate == Decimal("480.50")
