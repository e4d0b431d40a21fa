"""Who pays and how much: the arithmetic of a quote and the cover of a machine."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from serviceloop.equipment.models import Contract
from serviceloop.service.models import ChargeLine
from serviceloop.service.selectors import charges
from serviceloop.service.services import charges_pricing

from .charges_builders import ready_case, under_basic_contract, write_quote

pytestmark = pytest.mark.django_db


Kind, Cover = ChargeLine.Kind, ChargeLine.Cover


def _line(kind, quantity, unit_price, cover=Cover.CHARGEABLE, description="") -> ChargeLine:
    return ChargeLine(
        kind=kind,
        description=description or kind,
        quantity=Decimal(quantity),
        unit_price=Decimal(unit_price),
        cover=cover,
    )


@pytest.fixture(autouse=True)
def _english():
    # The messages checked below are read in English, whatever the default language.
    with translation.override("en"):
        yield


# pricing: the arithmetic, no database


def test_each_line_is_rounded_half_up_to_the_cent_before_adding():
    totals = charges_pricing.total(
        [_line(Kind.OTHER, "0.5", "10.05"), _line(Kind.OTHER, "0.5", "10.05")], Decimal("0")
    )
    # 5.025 rounds up to 5.03 per line; rounding the sum would give 10.05.
    assert [row.amount for row in totals.lines] == [Decimal("5.03"), Decimal("5.03")]
    assert totals.subtotal == totals.net == totals.total == Decimal("10.06")


def test_vat_is_computed_once_on_the_chargeable_net_and_rounded_half_up():
    totals = charges_pricing.total([_line(Kind.OTHER, "1", "0.50")], Decimal("13"))
    assert totals.vat == Decimal("0.07")  # 0.065
    assert totals.total == Decimal("0.57")


def test_covered_lines_pay_nothing_and_vat_falls_on_the_chargeable_net_only():
    totals = charges_pricing.total(
        [
            _line(Kind.LABOUR, "2", "450.00"),
            _line(Kind.PART, "1", "1000.00", Cover.WARRANTY),
            _line(Kind.TRAVEL, "1", "300.00", Cover.CONTRACT),
            _line(Kind.OTHER, "1", "200.00", Cover.GOODWILL),
        ],
        Decimal("13"),
    )
    assert [row.payable for row in totals.lines] == [
        Decimal("900.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]
    assert totals.subtotal == Decimal("2400.00")
    assert totals.covered == Decimal("1500.00")
    assert totals.net == Decimal("900.00")
    assert totals.subtotal == totals.covered + totals.net
    assert totals.vat == Decimal("117.00")
    assert totals.total == totals.net + totals.vat == Decimal("1017.00")


def test_no_lines_cost_nothing():
    totals = charges_pricing.total([], Decimal("13"))
    assert (totals.subtotal, totals.net, totals.vat, totals.total) == (0, 0, 0, 0)


def test_a_contract_pays_only_what_it_covers_and_other_lines_are_chargeable():
    basic = charges_pricing.CaseCover(Cover.CONTRACT, labour=True, travel=True, parts=False)
    assert charges_pricing.default_cover(Kind.LABOUR, basic) == Cover.CONTRACT
    assert charges_pricing.default_cover(Kind.TRAVEL, basic) == Cover.CONTRACT
    assert charges_pricing.default_cover(Kind.PART, basic) == Cover.CHARGEABLE
    assert charges_pricing.default_cover(Kind.OTHER, charges_pricing.WARRANTY) == Cover.CHARGEABLE
    assert charges_pricing.allowed_covers(basic, Kind.LABOUR) == {
        Cover.CHARGEABLE,
        Cover.GOODWILL,
        Cover.CONTRACT,
    }
    # The contract does not pay parts: a part line cannot claim it.
    assert charges_pricing.allowed_covers(basic, Kind.PART) == {Cover.CHARGEABLE, Cover.GOODWILL}
    assert charges_pricing.allowed_covers(charges_pricing.NOTHING_COVERED, Kind.LABOUR) == {
        Cover.CHARGEABLE,
        Cover.GOODWILL,
    }


# cover_of: who pays, from the unit's warranty or contract


def test_a_unit_in_warranty_has_everything_covered(warranty_case):
    cover = charges.cover_of(warranty_case)
    assert cover == charges_pricing.WARRANTY
    assert all(cover.covers(kind) for kind in (Kind.LABOUR, Kind.TRAVEL, Kind.PART))


def test_a_basic_contract_covers_labour_and_travel_but_parts_are_chargeable(shanghai, users, rates):
    case = ready_case(shanghai, users, unit=under_basic_contract)
    cover = charges.cover_of(case)
    assert cover.kind == Cover.CONTRACT and not cover.is_chargeable
    assert (cover.labour, cover.travel, cover.parts) == (True, True, False)
    quote = write_quote(users, case)
    assert {line.kind: line.cover for line in quote.lines.all()} == {
        Kind.LABOUR: Cover.CONTRACT,
        Kind.TRAVEL: Cover.CONTRACT,
        Kind.PART: Cover.CHARGEABLE,
    }
    assert charges.quote_totals(quote).net == Decimal("8800.00")


def test_a_unit_out_of_coverage_has_everything_chargeable(chargeable_case):
    cover = charges.cover_of(chargeable_case)
    assert cover == charges_pricing.NOTHING_COVERED and cover.is_chargeable


def test_a_contract_that_ended_before_the_case_covers_nothing(shanghai, users, rates):
    def lapsed(customer):
        unit = under_basic_contract(customer)
        Contract.objects.filter(units=unit).update(
            starts_on=date(2024, 1, 1), ends_on=timezone.localdate() - timedelta(days=1)
        )
        return unit

    assert charges.cover_of(ready_case(shanghai, users, unit=lapsed)).is_chargeable


def test_a_case_without_a_unit_is_chargeable(shanghai, users, rates):
    case = ready_case(shanghai, users, unit=lambda customer: None)
    assert case.unit_id is None
    assert charges.cover_of(case) == charges_pricing.NOTHING_COVERED
