"""The unit export filters with the unit list's own selector: what the page shows is what the
file holds."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit

pytestmark = pytest.mark.django_db


def _href(page: str, pattern: str) -> str:
    [href] = re.findall(pattern, page)
    return unescape(href)


def _exported_serials(response) -> set[str]:
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    return {row["serial"] for row in rows}


def test_the_unit_export_opened_from_a_customers_record_holds_only_that_customers_units(
    client, users, shanghai, monkeypatch
):
    # The record shows one unit and links to the list of all of them.
    monkeypatch.setattr("serviceloop.records.views.UNITS_SHOWN", 1)
    mine = make_customer(shanghai, "C-0201")
    other = make_customer(shanghai, "C-0202", name_zh="另一家公司")
    make_unit(mine, "IH-MINE-1")
    make_unit(mine, "IH-MINE-2")
    make_unit(other, "IH-OTHER-1")
    client.force_login(users[Role.COORDINATOR])

    record = client.get(reverse("records:customer_record", args=[mine.pk])).text
    unit_list = _href(record, rf'href="({reverse("equipment:unit_list")}\?customer=[^"]*)"')
    listed = client.get(unit_list).text
    assert "IH-MINE-1" in listed and "IH-OTHER-1" not in listed
    export = _href(listed, r'data-testid="export-link" href="([^"]*)"')

    response = client.get(export + "&format=csv")
    assert response.status_code == 200
    assert _exported_serials(response) == {"IH-MINE-1", "IH-MINE-2"}


def test_the_unit_export_takes_every_filter_of_the_list(client, users, shanghai):
    customer = make_customer(shanghai, "C-0203")
    make_unit(customer, "IH-KEPT-1")
    make_unit(customer, "IH-GONE-1", archived_at="2026-01-01T00:00Z")
    client.force_login(users[Role.COORDINATOR])
    url = reverse("transfer:export", args=["units"])

    shown = client.get(url, {"customer": customer.pk, "format": "csv"})
    assert _exported_serials(shown) == {"IH-KEPT-1"}
    with_archived = client.get(url, {"customer": customer.pk, "archived": "on", "format": "csv"})
    assert _exported_serials(with_archived) == {"IH-KEPT-1", "IH-GONE-1"}
