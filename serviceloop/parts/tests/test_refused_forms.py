"""Refused parts forms come back with what was typed and the reason at the form: the
reservation on the case page, the parts on the repair report, the steps of an order to HQ
and of a repair (core.forms.save_inline; docs/decisions/0013)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.parts.models import RepairOrder, ReplenishmentOrder, ReportPart, Reservation
from serviceloop.parts.services import orders, repairs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(users):
    # The reasons are read in English, whatever the office's language.
    for user in users.values():
        user.language = "en"
        user.save(update_fields=["language"])


def form_html(response, testid: str) -> str:
    """The refused form as the page shows it again."""
    found = re.search(
        rf'<form [^>]*data-testid="{testid}".*?</form>', response.content.decode(), re.S
    )
    assert found, f"the page shows no {testid}"
    return found.group(0)


def _reserve(client, case, **fields):
    return client.post(reverse("parts:case_reserve", args=[case.pk]), with_form_key(fields))


def test_reserving_more_than_is_free_shows_the_case_page_with_what_is_free_where(client, world):
    world.receive(world.igbt, 1)
    world.receive(world.igbt, 2, warehouse=world.van)
    case = world.case()
    client.force_login(world.coordinator)
    response = _reserve(client, case, part="sp-2001", warehouse=world.store.pk, quantity="2")
    form = form_html(response, "reserve-form")
    assert response.status_code == 200
    assert response.context["case"] == case  # the case page, at the reservation form
    assert 'value="sp-2001"' in form and 'name="quantity" value="2"' in form
    assert re.search(rf'<option value="{world.store.pk}" selected>', form)
    assert "Only 1 of SP-2001 free in 上海备件库, 2 asked." in form
    assert "Free elsewhere: 王工车载 2." in form
    assert "Not saved: Only 1 of SP-2001 free" in response.content.decode()
    assert not Reservation.objects.exists()


def test_an_unknown_part_number_is_asked_again_at_its_field(client, world):
    case = world.case()
    client.force_login(world.coordinator)
    response = _reserve(client, case, part="SP-9999", warehouse=world.store.pk, quantity="3")
    form = form_html(response, "reserve-form")
    assert response.status_code == 200
    assert "Unknown part number “SP-9999”." in form and 'name="quantity" value="3"' in form
    assert "Not saved: the reason is shown at the form." in response.content.decode()
    assert not Reservation.objects.exists()


def test_a_reservation_still_goes_back_to_the_parts_of_the_case(client, world):
    world.receive(world.igbt, 2)
    case = world.case()
    client.force_login(world.coordinator)
    response = _reserve(client, case, part="SP-2001", warehouse=world.store.pk, quantity="2")
    assert response.status_code == 302
    assert response["Location"] == reverse("service:case_detail", args=[case.pk]) + "#parts"
    assert Reservation.objects.get().quantity == 2


def _parts_lines(world, **first_row) -> dict:
    rows = {f"x{n}-defective": "kept" for n in range(3)}
    return {**rows, **{f"x0-{name}": value for name, value in first_row.items()}}


def test_refused_parts_on_the_report_come_back_typed_with_the_reason(client, world):
    world.receive(world.board, 2, serials=["DB-0001", "DB-0002"])
    case = world.on_site()
    world.report(case)
    client.force_login(world.engineer)
    response = client.post(
        reverse("parts:report_parts", args=[case.pk]),
        _parts_lines(world, part="SP-2101", warehouse=world.store.pk, quantity="2"),
    )
    form = form_html(response, "report-parts-form")
    assert response.status_code == 200
    assert response.context["report"].case == case  # the report page again
    assert 'value="SP-2101"' in form and 'name="x0-quantity" value="2"' in form
    assert "SP-2101 is tracked by serial: one piece per line" in form
    assert not ReportPart.objects.exists()


def test_a_parts_line_without_its_warehouse_is_asked_for_at_the_line(client, world):
    case = world.on_site()
    world.report(case)
    client.force_login(world.engineer)
    response = client.post(
        reverse("parts:report_parts", args=[case.pk]),
        _parts_lines(world, part="SP-1102", quantity="1", removed_serial="旧滤网"),
    )
    form = form_html(response, "report-parts-form")
    assert "From which warehouse?" in form and 'value="旧滤网"' in form
    assert not ReportPart.objects.exists()


def _sent_order(world):
    order = orders.create_order(
        by=world.clerk, warehouse=world.store, lines=[{"part": world.filter, "quantity": 2}]
    )
    return orders.send_order(by=world.clerk, order=order, version=order.version)


def test_a_promised_date_in_the_past_comes_back_typed_to_headquarters(client, world, users):
    order = _sent_order(world)
    # Two days back: the past in Shanghai and in Madrid whatever the hour.
    yesterday = (timezone.localdate() - timedelta(days=2)).isoformat()
    client.force_login(users[Role.HQ])
    response = client.post(
        reverse("parts:order_confirm", args=[order.pk]),
        {"version": order.version, "promised_on": yesterday},
    )
    form = form_html(response, "confirm-form")
    assert response.status_code == 200
    assert f'value="{yesterday}"' in form and "The promised date is today or later." in form
    order.refresh_from_db()
    assert order.state == ReplenishmentOrder.State.SENT


def test_receiving_more_than_is_to_come_keeps_the_quantities_and_the_serials(client, world, users):
    order = _sent_order(world)
    order = orders.confirm_order(
        by=users[Role.HQ], order=order, version=order.version, promised_on=timezone.localdate()
    )
    line = order.lines.get()
    client.force_login(world.clerk)
    response = client.post(
        reverse("parts:order_step", args=[order.pk, "receive"]), with_form_key({f"q{line.pk}": "5"})
    )
    form = form_html(response, "receive-form")
    assert response.status_code == 200
    assert f'name="q{line.pk}" value="5"' in form and "errorlist" in form
    assert order.lines.get().received == 0


def test_a_customs_number_too_long_is_shown_again_to_shorten(client, world, users):
    order = _sent_order(world)
    hq = users[Role.HQ]
    order = orders.confirm_order(
        by=hq, order=order, version=order.version, promised_on=timezone.localdate()
    )
    order = orders.ship_order(
        by=hq, order=order, version=order.version, transport="air", tracking="DHL 1"
    )
    declaration = "D" * 41
    client.force_login(world.clerk)
    response = client.post(
        reverse("parts:order_step", args=[order.pk, "customs"]),
        {"version": order.version, "declaration": declaration},
    )
    form = form_html(response, "customs-form")
    assert f'value="{declaration}"' in form and "errorlist" in form
    order.refresh_from_db()
    assert order.state == ReplenishmentOrder.State.SHIPPED


def test_a_repair_changed_meanwhile_keeps_the_scrap_reason_typed(client, world):
    repair = repairs.open_repair(
        by=world.clerk, part=world.board, warehouse=world.store, serial=None
    )
    client.force_login(world.clerk)
    response = client.post(
        reverse("parts:repair_step", args=[repair.pk, "scrap"]),
        {"version": repair.version + 1, "reason": "线路板烧毁，无法维修"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="线路板烧毁，无法维修"' in page
    assert "The repair was changed meanwhile: reload it." in page
    repair.refresh_from_db()
    assert repair.state == RepairOrder.State.DEFECTIVE


def test_a_vendor_repair_without_the_vendor_is_asked_for_at_the_vendor(client, world):
    repair = repairs.open_repair(
        by=world.clerk, part=world.board, warehouse=world.store, serial=None
    )
    client.force_login(world.clerk)
    response = client.post(
        reverse("parts:repair_step", args=[repair.pk, "decide"]),
        {"version": repair.version, "repairer": "vendor", "vendor": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Name the vendor who repairs it." in page
    assert '<option value="vendor" selected>' in page
    repair.refresh_from_db()
    assert repair.state == RepairOrder.State.DEFECTIVE
