from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer, make_site
from serviceloop.equipment import services
from serviceloop.equipment.models import Unit
from serviceloop.equipment.testing import make_model, make_unit


def _unit_changes(customer, **overrides):
    changes = {
        "serial": "IH-2024-0100",
        "model": make_model(),
        "customer": customer,
        "pre_acceptance_date": date(2024, 1, 10),
        "final_acceptance_date": date(2024, 3, 1),
        "commissioning_date": date(2024, 3, 5),
        "warranty_months": 24,
    }
    changes.update(overrides)
    return changes


@pytest.mark.django_db
def test_warranty_starts_at_final_acceptance_unless_set(users, shanghai):
    coordinator = users[Role.COORDINATOR]
    customer = make_customer(shanghai)
    unit = services.save_unit(by=coordinator, unit=None, changes=_unit_changes(customer))
    assert unit.warranty_end == date(2026, 2, 28)
    unit = services.save_unit(
        by=coordinator, unit=unit, changes={"warranty_start": date(2024, 6, 1)}
    )
    assert unit.warranty_end == date(2026, 5, 31)


@pytest.mark.django_db
def test_refuses_a_duplicate_serial_written_in_full_width(users, shanghai):
    customer = make_customer(shanghai)
    make_unit(customer, "IH-2024-0100")
    with pytest.raises(ValidationError):
        services.save_unit(
            by=users[Role.COORDINATOR],
            unit=None,
            changes=_unit_changes(customer, serial="ＩＨ－２０２４－０１００"),
        )


@pytest.mark.django_db
def test_refuses_dates_out_of_order(users, shanghai):
    customer = make_customer(shanghai)
    with pytest.raises(ValidationError):
        services.save_unit(
            by=users[Role.COORDINATOR],
            unit=None,
            changes=_unit_changes(customer, commissioning_date=date(2024, 2, 1)),
        )


@pytest.mark.django_db
def test_moving_a_line_moves_its_power_supply_and_records_the_move(users, shanghai):
    coordinator = users[Role.COORDINATOR]
    first, second = make_customer(shanghai), make_customer(shanghai, "C-0002", "第二客户")
    line = make_unit(first, "LINE-1")
    power_supply = make_unit(first, "PS-1", parent=line)
    new_site = make_site(second)
    move = services.move_unit(
        by=coordinator,
        unit=line,
        to_customer=second,
        to_site=new_site,
        moved_on=date(2026, 11, 1),
        reason="转卖",
    )
    power_supply.refresh_from_db()
    assert (power_supply.customer, power_supply.site) == (second, new_site)
    assert move.from_customer == first
    assert line.history.count() >= 2  # its history went with it


@pytest.mark.django_db
def test_editing_cannot_change_the_customer_without_a_move(users, shanghai):
    customer = make_customer(shanghai)
    other = make_customer(shanghai, "C-0002", "第二客户")
    unit = make_unit(customer)
    with pytest.raises(ValidationError):
        services.save_unit(by=users[Role.COORDINATOR], unit=unit, changes={"customer": other})


@pytest.mark.django_db
def test_engineer_and_hq_cannot_change_units(users, shanghai):
    unit = make_unit(make_customer(shanghai))
    for role in (Role.ENGINEER, Role.HQ, Role.ACCOUNT_MANAGER):
        with pytest.raises(PermissionDenied):
            services.save_unit(by=users[role], unit=unit, changes={"location": "x"})


@pytest.mark.django_db
def test_a_full_width_serial_opens_the_unit(client, users, shanghai):
    unit = make_unit(make_customer(shanghai), "IH-2024-0100")
    client.force_login(users[Role.ENGINEER])
    response = client.get(reverse("equipment:unit_list"), {"q": "ｉｈ－２０２４－０１００"})
    assert response.status_code == 302
    assert response.url == reverse("records:unit_record", args=[unit.pk])


@pytest.mark.django_db
def test_unit_of_another_office_answers_404(client, users, beijing):
    unit = make_unit(make_customer(beijing, "C-9001"), "BJ-1")
    client.force_login(users[Role.ENGINEER])
    assert client.get(reverse("records:unit_record", args=[unit.pk])).status_code == 404
    assert client.get(reverse("equipment:unit_by_serial", args=["BJ-1"])).status_code == 404
    assert Unit.objects.filter(pk=unit.pk).exists()


@pytest.mark.django_db
def test_nameplate_label_carries_a_qr_code_of_the_units_link(client, users, shanghai):
    unit = make_unit(make_customer(shanghai), "IH-2024-0100")
    client.force_login(users[Role.ENGINEER])
    html = client.get(reverse("equipment:unit_label", args=[unit.pk])).content.decode()
    assert "<svg" in html and "IH-2024-0100" in html
