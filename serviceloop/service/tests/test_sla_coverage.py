"""One rule for a case's coverage: the SLA and the charges read the same warranty and contracts,
on the office's day the case was opened, whatever the reader's time zone."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.models import Contract
from serviceloop.equipment.selectors import coverage_at
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import ChargeLine, SlaPolicy
from serviceloop.service.selectors import charges
from serviceloop.service.services import charges_pricing
from serviceloop.service.services.sla import coverage_for
from serviceloop.service.testing import make_case

pytestmark = pytest.mark.django_db

# 1 July 2026, 04:00 in Shanghai; still 30 June (13:00 the day before) in Los Angeles.
OPENED = datetime(2026, 6, 30, 20, 0, tzinfo=UTC)
FIRST_OFFICE_DAY = date(2026, 7, 1)
READERS = ["America/Los_Angeles", "Asia/Shanghai", "Europe/Madrid"]


def _contract(customer, unit, kind, number, *, starts_on, ends_on, archived=False, **covers):
    contract = Contract.objects.create(
        customer=customer,
        number=number,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        archived_at=OPENED if archived else None,
        **covers,
    )
    contract.units.add(unit)
    return contract


def _out_of_warranty(customer):
    return make_unit(customer, f"IH-OLD-{customer.code}", final_acceptance_date=date(2020, 1, 1))


def _case(shanghai, users, customer, unit):
    return make_case(
        shanghai, customer=customer, unit=unit, opened_by=users[Role.COORDINATOR], opened_at=OPENED
    )


def _both(case, reader):
    with timezone.override(reader):
        return coverage_for(case), charges.cover_of(case)


@pytest.mark.parametrize("reader", READERS)
def test_a_contract_starting_on_the_office_day_covers_the_case_for_every_reader(
    shanghai, users, reader
):
    customer = make_customer(shanghai, "C-0101")
    unit = _out_of_warranty(customer)
    _contract(
        customer,
        unit,
        Contract.Kind.BASIC,
        "SC-0101",
        starts_on=FIRST_OFFICE_DAY,
        ends_on=date(2027, 6, 30),
        covers_parts=False,
    )
    sla, cover = _both(_case(shanghai, users, customer, unit), reader)
    assert sla == SlaPolicy.Coverage.BASIC
    assert cover.kind == ChargeLine.Cover.CONTRACT
    assert (cover.labour, cover.travel, cover.parts) == (True, True, False)


@pytest.mark.parametrize("reader", READERS)
def test_a_warranty_ending_the_day_before_the_office_day_covers_nothing_for_every_reader(
    shanghai, users, reader
):
    customer = make_customer(shanghai, "C-0102")
    # Twelve months from 1 July 2025: the warranty's last day is 30 June 2026.
    unit = make_unit(customer, "IH-2025-0102", final_acceptance_date=date(2025, 7, 1))
    assert unit.warranty_end == date(2026, 6, 30)
    sla, cover = _both(_case(shanghai, users, customer, unit), reader)
    assert sla == SlaPolicy.Coverage.NONE
    assert cover == charges_pricing.NOTHING_COVERED


@pytest.mark.parametrize("reader", READERS)
def test_an_archived_contract_counts_for_neither_the_sla_nor_the_charges(shanghai, users, reader):
    customer = make_customer(shanghai, "C-0103")
    unit = _out_of_warranty(customer)
    _contract(
        customer,
        unit,
        Contract.Kind.PREMIUM,
        "SC-0103-P",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        archived=True,
        covers_parts=True,
    )
    _contract(
        customer,
        unit,
        Contract.Kind.BASIC,
        "SC-0103-B",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        covers_parts=False,
    )
    sla, cover = _both(_case(shanghai, users, customer, unit), reader)
    assert sla == SlaPolicy.Coverage.BASIC
    assert cover.kind == ChargeLine.Cover.CONTRACT and not cover.parts


def test_a_unit_with_only_an_archived_contract_is_not_covered(shanghai, users):
    customer = make_customer(shanghai, "C-0104")
    unit = _out_of_warranty(customer)
    _contract(
        customer,
        unit,
        Contract.Kind.PREMIUM,
        "SC-0104",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        archived=True,
    )
    sla, cover = _both(_case(shanghai, users, customer, unit), "America/Los_Angeles")
    assert sla == SlaPolicy.Coverage.NONE
    assert cover == charges_pricing.NOTHING_COVERED


def test_coverage_at_reads_the_day_in_the_office_time_zone(shanghai, spain_hq):
    customer = make_customer(shanghai, "C-0105")
    unit = make_unit(customer, "IH-2025-0105", final_acceptance_date=date(2025, 7, 1))
    # 20:00 UTC on 30 June is still 30 June in Madrid (22:00) but 1 July in Shanghai.
    with timezone.override("America/Los_Angeles"):
        assert coverage_at(unit, OPENED, office=spain_hq).in_warranty
        assert not coverage_at(unit, OPENED, office=shanghai).in_warranty
