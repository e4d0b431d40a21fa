from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer, make_site
from serviceloop.equipment import services
from serviceloop.equipment.coverage import Coverage
from serviceloop.equipment.models import Contract, UnitMove
from serviceloop.equipment.selectors import coverage_of, unit_list
from serviceloop.equipment.testing import make_model, make_unit


@pytest.fixture
def two(shanghai):
    return make_customer(shanghai), make_customer(shanghai, "C-0002", "第二客户")


@pytest.mark.django_db
def test_a_move_carries_the_whole_tree_and_records_each_unit(users, two):
    first, second = two
    line = make_unit(first, "LINE")
    supply = make_unit(first, "PS", parent=line)
    module = make_unit(first, "MOD", parent=supply)
    services.move_unit(
        by=users[Role.COORDINATOR],
        unit=line,
        to_customer=second,
        to_site=make_site(second),
        moved_on=date(2026, 11, 1),
        reason="",
    )
    for unit in (line, supply, module):
        unit.refresh_from_db()
        assert unit.customer == second
        assert UnitMove.objects.filter(unit=unit).count() == 1


@pytest.mark.django_db
def test_a_unit_moved_alone_leaves_its_line_and_its_old_contracts(users, two):
    first, second = two
    line = make_unit(first, "LINE")
    supply = make_unit(first, "PS", parent=line)
    contract = Contract.objects.create(
        customer=first,
        number="SC-1",
        kind=Contract.Kind.BASIC,
        starts_on=date(2025, 1, 1),
        ends_on=date(2030, 1, 1),
    )
    contract.units.add(supply)
    services.move_unit(
        by=users[Role.COORDINATOR],
        unit=supply,
        to_customer=second,
        to_site=None,
        moved_on=date(2026, 11, 1),
        reason="",
    )
    supply.refresh_from_db()
    assert supply.parent is None
    assert not contract.units.filter(pk=supply.pk).exists()
    today = date(2026, 11, 27)
    moved = unit_list(users[Role.MANAGER], today).get(pk=supply.pk)
    assert coverage_of(moved, today).status == Coverage.OUT_OF_COVERAGE


@pytest.mark.django_db
def test_a_line_cannot_be_part_of_its_own_power_supply(users, two):
    first, _ = two
    line = make_unit(first, "LINE")
    supply = make_unit(first, "PS", parent=line)
    with pytest.raises(ValidationError):
        services.save_unit(by=users[Role.COORDINATOR], unit=line, changes={"parent": supply})


@pytest.mark.django_db
def test_a_new_unit_takes_its_models_warranty_when_none_is_given(users, two):
    first, _ = two
    model = make_model("VSH-2000", default_warranty_months=24)
    unit = services.save_unit(
        by=users[Role.COORDINATOR],
        unit=None,
        changes={
            "serial": "NEW-1",
            "model": model,
            "customer": first,
            "final_acceptance_date": date(2025, 1, 10),
            "warranty_months": None,
        },
    )
    assert unit.warranty_months == 24
    assert unit.warranty_end == date(2027, 1, 9)


@pytest.mark.django_db
def test_the_unit_form_offers_the_chosen_customers_sites_and_lines(client, users, two):
    first, second = two
    make_site(first, "S1", "一厂")
    make_site(second, "S9", "别家工厂")
    make_unit(first, "LINE-A")
    client.force_login(users[Role.COORDINATOR])
    html = client.get(reverse("equipment:unit_options"), {"customer": first.pk}).content.decode()
    assert "一厂" in html and "LINE-A" in html and "别家工厂" not in html
