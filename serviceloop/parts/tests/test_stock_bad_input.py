"""Bad input at the warehouse's movement forms comes back as a translated error at the
form, in the page's language, and writes nothing: no ledger row, no balance change, no
serial moved (and the form's one-time key stays free for the corrected form)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from serviceloop.core.models import FormSubmission
from serviceloop.core.testing import with_form_key
from serviceloop.parts.models import Reservation, SerialItem, StockBalance, StockMovement
from serviceloop.parts.testing import make_warehouse

pytestmark = pytest.mark.django_db

INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


@pytest.fixture
def clerk(client, world):
    world.receive(world.filter, 2)
    world.receive(world.board, 1, warehouse=world.van, serials=["DB-001"])
    client.force_login(world.clerk)
    return client


def stock_state() -> tuple:
    return (
        list(StockMovement.objects.order_by("pk").values_list("pk", flat=True)),
        sorted(StockBalance.objects.values_list("part_id", "warehouse_id", "on_hand", "reserved")),
        sorted(SerialItem.objects.values_list("serial_key", "status", "warehouse_id")),
    )


def book(client, kind: str, **fields):
    """Sends a movement form; it must come back refused and leave stock as it was."""
    before = stock_state()
    response = client.post(reverse("parts:movement_new", args=[kind]), with_form_key(fields))
    assert response.status_code == 200, "the form comes back, not a redirect or a crash"
    assert stock_state() == before
    assert not FormSubmission.objects.exists()
    return response


def says(response, message: str, **values) -> bool:
    """The page shows the message translated into the page's own language."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        text = gettext(message) % values if values else gettext(message)
    return escape(text) in response.content.decode()


def field_errors(response) -> set[str]:
    return set(response.context["form"].errors)


def test_the_pages_speak_the_clerks_language(clerk, world):
    response = book(clerk, "receipt", part="SP-1102", warehouse=world.store.pk, quantity="0")
    assert response.wsgi_request.LANGUAGE_CODE == world.clerk.language == "zh-hans"
    with translation.override("zh-hans"):
        assert gettext("Give a quantity above zero.") != "Give a quantity above zero."


@pytest.mark.parametrize("quantity", ["0", "-2"])
@pytest.mark.parametrize("kind", ["receipt", "transfer", "scrap"])
def test_zero_or_negative_quantities_are_refused_at_the_quantity(clerk, world, kind, quantity):
    response = book(
        clerk,
        kind,
        part="SP-1102",
        warehouse=world.store.pk,
        target=world.van.pk,
        quantity=quantity,
        reason="运输损坏",
        condition="good",
    )
    assert field_errors(response) == {"quantity"}
    assert says(response, "Give a quantity above zero.")


def test_a_correction_by_zero_is_refused(clerk, world):
    response = book(
        clerk, "adjustment", part="SP-1102", warehouse=world.store.pk, quantity="0", reason="盘点"
    )
    assert field_errors(response) == {"quantity"}
    assert says(response, "An adjustment changes the quantity.")


@pytest.mark.parametrize("kind", ["receipt", "transfer", "adjustment", "scrap"])
def test_an_unknown_part_number_is_refused_at_the_part(clerk, world, kind):
    response = book(
        clerk,
        kind,
        part="SP-9999",
        warehouse=world.store.pk,
        target=world.van.pk,
        quantity="1",
        reason="盘点",
        condition="good",
    )
    assert field_errors(response) == {"part"}
    assert says(response, "Unknown part number “%(value)s”.", value="SP-9999")


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("transfer", {"quantity": "3"}),
        ("adjustment", {"quantity": "-3", "reason": "盘点"}),
        ("scrap", {"quantity": "3", "reason": "运输损坏", "condition": "good"}),
    ],
)
def test_more_than_on_hand_names_what_is_there_and_where(clerk, world, kind, fields):
    response = book(
        clerk, kind, part="sp-1102", warehouse=world.store.pk, target=world.van.pk, **fields
    )
    assert says(
        response,
        "Only %(count)s of %(part)s in %(warehouse)s.",
        count=2,
        part=world.filter,
        warehouse=world.store,
    )
    assert "上海备件库" in response.content.decode()
    assert 'name="quantity" value="' in response.content.decode()  # kept as typed


def test_a_serial_already_in_another_warehouse_is_not_received_again(clerk, world):
    response = book(
        clerk,
        "receipt",
        part="SP-2101",
        warehouse=world.store.pk,
        quantity="1",
        serial_numbers="db-001",
    )
    assert says(
        response,
        "Serial %(serial)s is already in %(warehouse)s.",
        serial="DB-001",
        warehouse=world.van,
    )


def test_a_serial_in_another_warehouse_is_not_moved_from_here(clerk, world):
    world.receive(world.board, 1, serials=["DB-002"])
    response = book(
        clerk,
        "transfer",
        part="SP-2101",
        warehouse=world.store.pk,
        target=world.van.pk,
        quantity="1",
        serial_numbers="DB-001",
    )
    assert says(
        response,
        "Serial %(serial)s of %(part)s is not in %(warehouse)s.",
        serial="DB-001",
        part="SP-2101",
        warehouse=world.store,
    )
    assert SerialItem.objects.get(serial_key="DB-001").warehouse == world.van


@pytest.mark.parametrize("field", ["warehouse", "target"])
@pytest.mark.parametrize("office", ["spain_hq", "beijing"])
def test_a_warehouse_of_another_office_is_not_a_choice(clerk, world, request, field, office):
    """A tampered id (HQ's warehouse, another office's) is refused like any unknown one."""
    foreign = make_warehouse(request.getfixturevalue(office), f"{office}-store")
    fields = {"warehouse": world.store.pk, "target": world.van.pk, field: foreign.pk}
    response = book(clerk, "transfer", part="SP-1102", quantity="1", **fields)
    assert field_errors(response) == {field}
    assert says(response, INVALID_CHOICE)


@pytest.mark.parametrize("kind", ["receipt", "adjustment", "scrap"])
def test_no_movement_books_into_hq_stock(clerk, world, kind):
    response = book(
        clerk,
        kind,
        part="SP-1102",
        warehouse=world.hq.pk,
        quantity="1",
        reason="盘点",
        condition="good",
    )
    assert field_errors(response) == {"warehouse"}
    assert says(response, INVALID_CHOICE)


def test_a_reservation_from_another_offices_warehouse_is_not_a_choice(client, world, beijing):
    foreign = make_warehouse(beijing, "bj-main", name="北京备件库")
    case = world.case()
    client.force_login(world.coordinator)
    response = client.post(
        reverse("parts:case_reserve", args=[case.pk]),
        with_form_key(part="SP-1102", warehouse=foreign.pk, quantity="1"),
    )
    assert response.status_code == 200
    assert says(response, INVALID_CHOICE)
    assert not Reservation.objects.exists()
