"""Parts on quotes and bills: a quote's part line takes the catalogue name and the
office's list price; the bill for the work done takes its parts from what the signed
report used, at the quoted price when the part was quoted."""

from decimal import Decimal

import pytest

from serviceloop.parts.models import ReportPart
from serviceloop.parts.services.reports import save_report_parts
from serviceloop.service.models import ChargeLine, Quote
from serviceloop.service.selectors import charges
from serviceloop.service.services import charges as charge_services

pytestmark = pytest.mark.django_db
PART = ChargeLine.Kind.PART


def test_a_quoted_part_takes_the_catalogue_name_and_the_office_list_price(world):
    case = world.case()
    quote = charge_services.create_quote(
        by=world.coordinator,
        case=case,
        scope="更换IGBT",
        lines=[{"kind": PART, "part_number": "ｓｐ－２００１", "quantity": Decimal(1)}],
    )
    line = quote.lines.get()
    assert line.unit_price == Decimal("5200.00")
    assert "IGBT模块" in line.description


def test_a_part_the_catalogue_does_not_know_keeps_what_the_writer_typed(world):
    quote = charge_services.create_quote(
        by=world.coordinator,
        case=world.case(),
        scope="外购件",
        lines=[
            {
                "kind": PART,
                "part_number": "LOCAL-77",
                "description": "本地采购接头",
                "quantity": Decimal(2),
                "unit_price": Decimal(35),
            }
        ],
    )
    line = quote.lines.get()
    assert (line.description, line.unit_price) == ("本地采购接头", Decimal(35))


def test_the_bill_takes_the_parts_the_signed_report_used(world):
    world.receive(world.igbt, 2)
    world.receive(world.filter, 5)
    case = world.on_site()
    quote = charge_services.create_quote(
        by=world.coordinator,
        case=case,
        scope="更换IGBT",
        lines=[
            {
                "kind": PART,
                "part_number": "SP-2001",
                "quantity": Decimal(2),
                "unit_price": Decimal(5000),
            },
        ],
    )
    Quote.objects.filter(pk=quote.pk).update(state=Quote.State.APPROVED)
    report = world.report(case)
    kept = ReportPart.Defective.KEPT
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[
            {"part": world.igbt, "warehouse": world.store, "quantity": 1, "defective": kept},
            {"part": world.filter, "warehouse": world.store, "quantity": 2, "defective": kept},
        ],
    )
    world.sign(report)
    case.refresh_from_db()

    totals = charges.statement(case)

    parts = {line.part_number: line for line in totals.lines if line.kind == PART}
    assert parts["SP-2001"].quantity == 1 and parts["SP-2001"].unit_price == Decimal(5000)
    assert parts["SP-1102"].quantity == 2 and parts["SP-1102"].unit_price == Decimal(180)
    assert len(parts) == 2  # the quoted 2 IGBTs became the 1 fitted


def test_the_quote_form_offers_the_machines_parts_at_the_office_list_price(world):
    from serviceloop.parts.models import ModelPart
    from serviceloop.service import extensions

    case = world.case()
    ModelPart.objects.create(equipment_model=case.unit.model, part=world.igbt, quantity=1)
    [choices] = extensions.part_choices.call(case=case)
    assert choices == [("SP-2001", "SP-2001 IGBT模块 · 5200.00 CNY")]
