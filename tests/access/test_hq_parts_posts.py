"""Headquarters changes nothing in spare parts but the orders and repairs addressed to it
(issue 21, decision 0009): the POST half of the role × URL table for the parts URLs.

The table posts once per URL name; here every step and movement kind is posted on its own,
the parts tables are compared before and after, and the three views HQ may post to are
driven with well-formed data, on what is addressed to it and on what is not. Every
refusal of a well-formed step is paired with the office making the same step, so a 403
cannot come from a malformed request."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_office
from serviceloop.core.form_keys import new_form_key
from serviceloop.parts.forms import MOVEMENTS
from serviceloop.parts.locks import lock_balance
from serviceloop.parts.models import (
    OrderLine,
    Part,
    RepairOrder,
    ReplenishmentOrder,
    Reservation,
    StockAlert,
    StockBalance,
    StockingPolicy,
    StockMovement,
)
from serviceloop.parts.services import orders, repairs
from serviceloop.parts.services.ledger import post
from serviceloop.parts.views.orders import OFFICE_STEPS, REPAIR_STEPS

from .parts_rows import HQ_PARTS_POSTS, PARTS_ROWS

pytestmark = pytest.mark.django_db
OrderState = ReplenishmentOrder.State

# The parts URLs whose last segment picks what is done: each value is posted on its own.
SLUGS = {
    "parts:order_step": ("step", OFFICE_STEPS),
    "parts:repair_step": ("step", set(REPAIR_STEPS)),
    "parts:movement_new": ("kind", set(MOVEMENTS)),
}


def _parts_post_urls(data) -> list[tuple[str, str]]:
    urls = []
    for name, (kwargs_for, _) in PARTS_ROWS.items():
        kwargs = kwargs_for(data) if kwargs_for else {}
        if name in SLUGS:
            slug, values = SLUGS[name]
            urls += [(name, reverse(name, kwargs={**kwargs, slug: v})) for v in sorted(values)]
        else:
            assert not {"step", "kind"} & kwargs.keys(), f"{name}: list its values in SLUGS"
            urls.append((name, reverse(name, kwargs=kwargs or None)))
    return urls


def _parts_state() -> dict:
    """Everything a parts POST could change, as comparable rows."""
    return {
        "parts": list(Part.objects.order_by("pk").values_list()),
        "movements": list(StockMovement.objects.order_by("pk").values_list("pk")),
        "balances": list(StockBalance.objects.order_by("pk").values_list()),
        "reservations": list(Reservation.objects.order_by("pk").values_list()),
        "orders": list(ReplenishmentOrder.objects.order_by("pk").values_list()),
        "lines": list(OrderLine.objects.order_by("pk").values_list()),
        "repairs": list(RepairOrder.objects.order_by("pk").values_list()),
        "policies": list(StockingPolicy.objects.order_by("pk").values_list()),
        "alerts": list(StockAlert.objects.order_by("pk").values_list()),
    }


def test_hq_posts_to_every_parts_step_are_refused_but_its_three_and_change_nothing(
    client, users, data
):
    client.force_login(users[Role.HQ])
    before = _parts_state()
    accepted, tried = set(), 0
    for name, url in _parts_post_urls(data):
        tried += 1
        if client.post(url, {}).status_code != 403:
            accepted.add(name)
    print(f"HQ parts POSTs tried: {tried}, accepted: {sorted(accepted)}")
    assert accepted == HQ_PARTS_POSTS
    assert _parts_state() == before


def _order_to_another_headquarters(clerk, store, part) -> ReplenishmentOrder:
    """A second head office (a sister plant's): HQ Spain does not answer for its orders."""
    other = make_office(
        "germany-hq", name="Headquarters — Germany", time_zone="Europe/Berlin", is_headquarters=True
    )
    order = orders.create_order(by=clerk, warehouse=store, lines=[{"part": part, "quantity": 1}])
    ReplenishmentOrder.objects.filter(pk=order.pk).update(supplier=other)
    order.refresh_from_db()
    return orders.send_order(by=clerk, order=order, version=order.version)


def _post(client, user, url: str, payload: dict) -> int:
    client.force_login(user)
    return client.post(url, payload).status_code


def _offers(client, user, page: str, action: str) -> bool:
    client.force_login(user)
    return f'action="{action}"' in client.get(page).content.decode()


def test_hq_confirms_and_ships_only_the_orders_addressed_to_it(client, users, data):
    hq, clerk, admin = users[Role.HQ], users[Role.WAREHOUSE], users[Role.ADMIN]
    own, store, part = data["order"], data["store"], data["part"]
    elsewhere = _order_to_another_headquarters(clerk, store, part)
    promised = (timezone.localdate() + timedelta(days=7)).isoformat()

    def confirm(order):
        return reverse("parts:order_confirm", args=[order.pk])

    def page(order):
        return reverse("parts:order_detail", args=[order.pk])

    # Not addressed to it: not offered, and refused when posted anyway.
    assert not _offers(client, hq, page(elsewhere), confirm(elsewhere))
    payload = {"version": elsewhere.version, "promised_on": promised}
    assert _post(client, hq, confirm(elsewhere), payload) == 403
    elsewhere = orders.confirm_order(
        by=admin, order=elsewhere, version=elsewhere.version, promised_on=timezone.localdate()
    )
    ship = reverse("parts:order_ship", args=[elsewhere.pk])
    payload = {"version": elsewhere.version, "transport": "air", "tracking": "DHL 1"}
    assert _post(client, hq, ship, payload) == 403
    elsewhere.refresh_from_db()
    assert (elsewhere.state, elsewhere.tracking) == (OrderState.CONFIRMED, "")

    # Addressed to it: offered and done.
    assert _offers(client, hq, page(own), confirm(own))
    payload = {"version": own.version, "promised_on": promised}
    assert _post(client, hq, confirm(own), payload) == 302
    own.refresh_from_db()
    assert own.state == OrderState.CONFIRMED
    ship = reverse("parts:order_ship", args=[own.pk])
    payload = {"version": own.version, "transport": "sea", "tracking": "MSKU 1"}
    assert _post(client, hq, ship, payload) == 302
    own.refresh_from_db()
    assert (own.state, own.tracking) == (OrderState.SHIPPED, "MSKU 1")


def _office_step(client, hq, clerk, order, step: str, payload: dict, then: str) -> None:
    """HQ is refused the step and nothing changes; the clerk's same post is taken."""
    url = reverse("parts:order_step", args=[order.pk, step])
    before = _parts_state()
    assert _post(client, hq, url, payload) == 403, step
    assert _parts_state() == before, step
    assert _post(client, clerk, url, payload) == 302, step
    order.refresh_from_db()
    assert order.state == then, step


def test_hq_is_refused_every_step_of_the_office_even_well_formed(client, users, data):
    hq, clerk = users[Role.HQ], users[Role.WAREHOUSE]
    order, part = data["order"], data["part"]
    order = orders.confirm_order(
        by=hq, order=order, version=order.version, promised_on=timezone.localdate()
    )
    order = orders.ship_order(
        by=hq, order=order, version=order.version, tracking="", transport="air"
    )
    line = order.lines.get()
    customs = {"version": order.version, "declaration": "2224"}
    _office_step(client, hq, clerk, order, "customs", customs, OrderState.IN_CUSTOMS)
    receive = {"form_key": new_form_key(), f"q{line.pk}": 1}
    _office_step(client, hq, clerk, order, "receive", receive, OrderState.PARTLY_RECEIVED)

    draft = orders.create_order(
        by=clerk, warehouse=data["store"], lines=[{"part": part, "quantity": 1}]
    )
    _office_step(client, hq, clerk, draft, "send", {"version": draft.version}, OrderState.SENT)
    cancel = {"version": draft.version}
    _office_step(client, hq, clerk, draft, "cancel", cancel, OrderState.CANCELLED)


def _vendor_repair(clerk, repair) -> RepairOrder:
    """A second defective board of the same shelf, sent to a vendor in China."""
    with transaction.atomic():
        post(
            lock_balance(repair.part_id, repair.warehouse_id),
            kind="return",
            quantity=1,
            by=clerk,
            condition="defective",
        )
    vendor = repairs.open_repair(
        by=clerk, part=repair.part, warehouse=repair.warehouse, serial=None
    )
    vendor = repairs.decide_repair(
        by=clerk, repair=vendor, version=vendor.version, repairer="vendor", vendor="苏州电子维修"
    )
    return repairs.send_repair(by=clerk, repair=vendor, version=vendor.version, expected_back=None)


def test_hq_ships_back_only_what_it_repaired(client, users, data):
    hq, clerk = users[Role.HQ], users[Role.WAREHOUSE]
    own = data["repair"]
    vendor = _vendor_repair(clerk, own)

    def ship_back(repair):
        return reverse("parts:repair_ship_back", args=[repair.pk])

    def page(repair):
        return reverse("parts:repair_detail", args=[repair.pk])

    assert not _offers(client, hq, page(vendor), ship_back(vendor))
    before = _parts_state()
    assert _post(client, hq, ship_back(vendor), {"version": vendor.version, "cost": "300"}) == 403
    assert _parts_state() == before

    assert _offers(client, hq, page(own), ship_back(own))
    payload = {"version": own.version, "cost": "1200", "result": "换IGBT驱动芯片"}
    assert _post(client, hq, ship_back(own), payload) == 302
    own.refresh_from_db()
    assert own.state == RepairOrder.State.SHIPPED_BACK

    # Back on the office's shelf: the office's step, refused to HQ even well-formed.
    receive = reverse("parts:repair_step", args=[own.pk, "receive"])
    before = _parts_state()
    assert _post(client, hq, receive, {"version": own.version}) == 403
    assert _parts_state() == before
    assert _post(client, clerk, receive, {"version": own.version}) == 302
    own.refresh_from_db()
    assert own.state == RepairOrder.State.REFURBISHED
