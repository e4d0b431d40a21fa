"""A portal user reaches its own customer's records only: 404 on every other customer's,
403 on every staff page."""

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.customers.models import PortalAccess
from serviceloop.customers.testing import make_contact, make_customer, make_site
from serviceloop.equipment.testing import make_unit


@pytest.fixture
def two_customers(shanghai):
    people = {}
    for name, code in (("a", "C-0001"), ("b", "C-0002")):
        customer = make_customer(shanghai, code, f"客户{name}")
        user = make_user(Role.CUSTOMER, username=f"portal-{name}", office=shanghai)
        PortalAccess.objects.create(user=user, customer=customer)
        people[name] = {
            "user": user,
            "customer": customer,
            "site": make_site(customer),
            "contact": make_contact(customer),
            "unit": make_unit(customer, f"UNIT-{name}"),
        }
    return people


@pytest.mark.django_db
def test_portal_user_gets_404_on_another_customers_records(client, two_customers):
    a, b = two_customers["a"], two_customers["b"]
    client.force_login(a["user"])
    own = [
        reverse("portal:site_detail", args=[a["site"].pk]),
        reverse("portal:unit_detail", args=[a["unit"].pk]),
    ]
    others = [
        reverse("portal:site_detail", args=[b["site"].pk]),
        reverse("portal:unit_detail", args=[b["unit"].pk]),
    ]
    assert [client.get(url).status_code for url in own] == [200, 200]
    assert [client.get(url).status_code for url in others] == [404, 404]
    # The nameplate's QR code: its own machine opens in the portal, another's is not found.
    scan = client.get(reverse("equipment:unit_by_serial", args=[a["unit"].serial_key]))
    assert scan.url == reverse("portal:unit_detail", args=[a["unit"].pk])
    assert (
        client.get(reverse("equipment:unit_by_serial", args=[b["unit"].serial_key])).status_code
        == 404
    )
    home = client.get(reverse("portal:home")).content.decode()
    assert "UNIT-a" in home and "UNIT-b" not in home


@pytest.mark.django_db
def test_portal_user_gets_403_on_every_staff_page_of_any_customer(client, two_customers):
    a, b = two_customers["a"], two_customers["b"]
    client.force_login(a["user"])
    tried = 0
    for target in (a, b):
        customer, site, contact, unit = (target[k] for k in ("customer", "site", "contact", "unit"))
        for url in (
            reverse("records:customer_record", args=[customer.pk]),
            reverse("records:unit_record", args=[unit.pk]),
            reverse("customers:customer_edit", args=[customer.pk]),
            reverse("customers:site_edit", args=[customer.pk, site.pk]),
            reverse("customers:contact_edit", args=[customer.pk, contact.pk]),
            reverse("equipment:unit_edit", args=[unit.pk]),
            reverse("equipment:unit_label", args=[unit.pk]),
            reverse("customers:customer_list"),
            reverse("equipment:unit_list"),
        ):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"name_zh": "x"}).status_code in (403, 405), url
            tried += 2
    print(f"portal isolation: {tried} staff requests refused")
    b["customer"].refresh_from_db()
    assert b["customer"].name_zh == "客户b"
