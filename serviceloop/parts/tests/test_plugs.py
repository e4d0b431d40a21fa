"""The parts app's places in the seam on the case (decision 0014): its section in the unit's
record file, the customer's record and the printed repair report, and its step on a case's
end after the service app's own."""

import pytest
from django.urls import reverse

from serviceloop.parts.models import ReportPart
from serviceloop.parts.plugs import release_reservations
from serviceloop.parts.services import reservations
from serviceloop.parts.services.reports import save_report_parts
from serviceloop.service import extensions as service
from serviceloop.service.services.charges import withdraw_open_quotes

pytestmark = pytest.mark.django_db


def test_the_unit_record_file_lists_the_parts_replaced_through_the_parts_panel(world, client):
    world.receive(world.igbt, 2)
    case = world.on_site()
    [reservation] = reservations.reserve_part(
        by=world.engineer, case=case, part=world.igbt, warehouse=world.store, quantity=1
    )
    report = world.report(case)
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[
            {
                "part": world.igbt,
                "warehouse": world.store,
                "quantity": 1,
                "reservation": reservation,
                "defective": ReportPart.Defective.SCRAPPED,
            }
        ],
    )
    world.sign(report)
    client.force_login(world.coordinator)
    page = client.get(reverse("records:unit_record", args=[case.unit_id])).content.decode()
    section = page[page.index('data-testid="parts-replaced"') :]
    assert world.igbt.number in section and case.number in section


def test_the_customer_record_lists_the_parts_its_cases_fitted(world, client):
    world.receive(world.filter, 5)
    case = world.on_site()
    report = world.report(case)
    line = {"part": world.filter, "warehouse": world.store, "quantity": 2}
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[{**line, "defective": ReportPart.Defective.SCRAPPED}],
    )
    world.sign(report)
    client.force_login(world.coordinator)

    url = reverse("records:customer_record", args=[case.customer_id])
    page = client.get(url).content.decode()
    section = page[page.index('data-testid="customer-parts-replaced"') :]
    assert world.filter.number in section and case.number in section
    assert case.unit.serial in section
    document = client.get(reverse("records:customer_document", args=[case.customer_id]))
    printed = document.content.decode()
    section = printed[printed.index('data-testid="document-customer-parts-replaced"') :]
    assert world.filter.number in section and case.number in section


def test_the_top_search_says_where_a_part_number_or_a_serial_is(world, client):
    world.receive(world.igbt, 3, warehouse=world.van)
    world.receive(world.board, 1, serials=["DB-0001"])
    client.force_login(world.clerk)

    page = client.get(reverse("core:search"), {"q": "ｓｐ－２００１"}).content.decode()
    section = page[page.index('data-testid="search-where-is"') :]
    assert world.igbt.number in section and str(world.van) in section
    page = client.get(reverse("core:search"), {"q": "db-0001"}).content.decode()
    section = page[page.index('data-testid="where-serial"') :]
    assert "DB-0001" in section and str(world.store) in section


def test_the_top_search_shows_no_stock_to_who_may_not_read_it(world, users, client):
    world.receive(world.igbt, 3)
    client.force_login(users["account_manager"])
    page = client.get(reverse("core:search"), {"q": "SP-2001"}).content.decode()
    assert 'data-testid="search-where-is"' not in page


def test_the_printed_repair_report_lists_the_parts_from_stock(world, client):
    world.receive(world.filter, 5)
    case = world.on_site()
    report = world.report(case)
    line = {"part": world.filter, "warehouse": world.store, "quantity": 2}
    line["defective"] = ReportPart.Defective.SCRAPPED
    save_report_parts(by=world.engineer, report=report, lines=[line])
    world.sign(report)
    client.force_login(world.coordinator)
    url = reverse("service:report_document", args=[case.pk, report.pk])
    page = client.get(url).content.decode()
    section = page[page.index('data-testid="document-stock-parts"') :]
    assert world.filter.number in section and "过滤器滤网" in section
    assert service.report_document_sections.call(report=world.report(world.on_site())) == []


def test_reservations_are_released_after_the_open_quotes_are_withdrawn():
    steps = service.case_ending.plugs
    assert steps.index(withdraw_open_quotes) < steps.index(release_reservations)
