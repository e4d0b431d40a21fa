"""The unit's record file holds its whole history: every entry once, in time order, on as
many pages as it takes (rows never cut, the table's header on every page), in the same
number of queries for a few entries as for hundreds."""

import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from serviceloop.accounts.models import Role
from serviceloop.core.testing_documents import pdf_page_count
from serviceloop.customers.models import PortalAccess
from serviceloop.equipment.models import UnitMove
from serviceloop.service.models import RepairReport
from serviceloop.service.testing import make_case

from .conftest import visit_on

pytestmark = pytest.mark.django_db


def _changes(unit, first: int, count: int) -> None:
    """`count` changes of the unit's record, each with a marker of its own in its notes."""
    for n in range(first, first + count):
        unit.notes = f"HX{n:03d}"
        unit.save()


def _repairs(unit, users, count: int) -> None:
    """`count` more cases on the unit, each visited and closed by a signed report."""
    engineer = users[Role.ENGINEER]
    for _ in range(count):
        case = make_case(
            unit.customer.office, customer=unit.customer, unit=unit, opened_by=users[Role.ADMIN]
        )
        visit_on(case, engineer, users[Role.COORDINATOR])
        RepairReport.objects.create(
            case=case,
            engineer=engineer,
            fault_found="滤网堵塞",
            actions="清洗滤网",
            customer_name="王建华",
            customer_signed_at=timezone.now(),
            engineer_signed_at=timezone.now(),
        )


def test_two_hundred_entries_print_once_each_on_pages_that_repeat_the_header(client, users, served):
    _changes(served.unit, 1, 200)
    engineer = users[Role.ENGINEER]
    engineer.language = "en"
    engineer.save()
    client.force_login(engineer)
    url = reverse("records:unit_document", args=[served.unit.pk])
    pdf = client.get(url, {"format": "pdf"}).content

    assert pdf_page_count(pdf) >= 4
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    text = "\n".join(pages)
    counts = {f"HX{n:03d}": len(re.findall(rf"HX{n:03d}(?!\d)", text)) for n in range(1, 201)}
    assert {marker for marker, seen in counts.items() if seen != 1} == set()
    # Oldest first, across the page breaks.
    order = [int(found) for found in re.findall(r"HX(\d{3})(?!\d)", text)]
    assert order == sorted(order)
    with translation.override("en"):
        header = gettext("Details")
    history_pages = [page for page in pages if "HX" in page]
    assert len(history_pages) >= 3
    assert all(header in page for page in history_pages)


def test_the_unit_files_queries_do_not_grow_with_its_history(
    client, users, served, django_assert_num_queries
):
    unit = served.unit
    _changes(unit, 1, 2)
    UnitMove.objects.create(
        unit=unit,
        from_customer=unit.customer,
        to_customer=unit.customer,
        moved_on=date.today() - timedelta(days=3),
        reason="换线",
        moved_by=users[Role.COORDINATOR],
    )
    client.force_login(users[Role.COORDINATOR])
    url = reverse("records:unit_document", args=[unit.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        few_page = client.get(url).content.decode()

    _changes(unit, 3, 150)
    _repairs(unit, users, 12)
    with django_assert_num_queries(len(few)):
        many_page = client.get(url).content.decode()
    assert many_page.count("<tr>") > few_page.count("<tr>") + 150


def test_the_portal_copy_runs_as_many_queries_for_many_cases_as_for_one(
    client, users, served, django_assert_num_queries
):
    portal = users[Role.CUSTOMER]
    PortalAccess.objects.create(user=portal, customer=served.customer)
    client.force_login(portal)
    url = reverse("portal:unit_document", args=[served.unit.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _repairs(served.unit, users, 10)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200
