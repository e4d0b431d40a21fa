"""Parts on the repair report: listed while it is a draft (perhaps offline), issued from
stock when it is signed, the unused rest of the reservation released, the defective piece
returned into the repair loop or scrapped; a refused issue leaves the report unsigned."""

import pytest
from django.core.exceptions import ValidationError

from serviceloop.parts.models import (
    RepairOrder,
    ReportPart,
    Reservation,
    SerialItem,
    StockBalance,
)
from serviceloop.parts.models import StockMovement as Move
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.services import reservations
from serviceloop.parts.services.reports import save_report_parts

pytestmark = pytest.mark.django_db
Defective = ReportPart.Defective


def _balance(part, warehouse):
    return StockBalance.objects.get(part=part, warehouse=warehouse)


def test_signing_issues_the_reserved_part_and_releases_what_was_not_used(world):
    world.receive(world.igbt, 4)
    case = world.on_site()
    [reservation] = reservations.reserve_part(
        by=world.engineer, case=case, part=world.igbt, warehouse=world.store, quantity=3
    )
    report = world.report(case)
    line = {"part": world.igbt, "warehouse": world.store, "quantity": 2}
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[{**line, "reservation": reservation, "defective": Defective.SCRAPPED}],
    )
    assert _balance(world.igbt, world.store).on_hand == 4  # nothing moves before signing

    world.sign(report)

    balance = _balance(world.igbt, world.store)
    assert (balance.on_hand, balance.reserved) == (2, 0)
    reservation.refresh_from_db()
    assert (reservation.state, reservation.issued, reservation.released) == ("done", 2, 1)
    issue = Move.objects.get(kind=Move.Kind.ISSUE)
    assert (issue.quantity, issue.case_id, issue.report_id) == (-2, case.pk, report.pk)
    assert ReportPart.objects.get().issue == issue
    assert stock_discrepancies() == []


def test_a_defective_repairable_part_returns_to_stock_and_enters_the_repair_loop(world):
    world.receive(world.board, 1, serials=["DB-0001"])
    case = world.on_site()
    report = world.report(case)
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[
            {
                "part": world.board,
                "warehouse": world.store,
                "quantity": 1,
                "serial": "DB-0001",
                "defective": Defective.RETURNED,
                "removed_serial": "DB-0777",
            }
        ],
    )
    world.sign(report)

    balance = _balance(world.board, world.store)
    assert (balance.on_hand, balance.defective) == (0, 1)
    repair = RepairOrder.objects.get()
    assert (repair.state, repair.serial.serial, repair.case_id) == ("defective", "DB-0777", case.pk)
    installed = ReportPart.objects.get().serial
    assert (installed.serial, installed.status, installed.unit_id) == (
        "DB-0001",
        "installed",
        case.unit_id,
    )
    assert stock_discrepancies() == []


def test_a_part_gone_from_stock_meanwhile_refuses_the_signing_and_the_report_stays_open(world):
    world.receive(world.filter, 1)
    case = world.on_site()
    report = world.report(case)
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[
            {
                "part": world.filter,
                "warehouse": world.store,
                "quantity": 2,
                "defective": Defective.KEPT,
            }
        ],
    )
    with pytest.raises(ValidationError, match="Only 1 of SP-1102 free in 上海备件库, 2 asked"):
        world.sign(report)
    report.refresh_from_db()
    assert not report.is_signed and not report.customer_signature
    assert _balance(world.filter, world.store).on_hand == 1
    assert not Move.objects.filter(kind=Move.Kind.ISSUE).exists()


def test_an_engineer_takes_only_from_its_own_van_or_the_office_store(world, users):
    from serviceloop.accounts.models import Role
    from serviceloop.parts.models import Warehouse
    from serviceloop.parts.testing import make_warehouse

    other_van = make_warehouse(
        world.office, "van-2", Warehouse.Kind.VAN, engineer=users[Role.COORDINATOR]
    )
    world.receive(world.filter, 2, warehouse=other_van)
    report = world.report(world.on_site())
    with pytest.raises(ValidationError, match="may not take stock from"):
        save_report_parts(
            by=world.engineer,
            report=report,
            lines=[
                {
                    "part": world.filter,
                    "warehouse": other_van,
                    "quantity": 1,
                    "defective": Defective.KEPT,
                }
            ],
        )


def test_closing_the_case_releases_its_reservations(world, users):
    from serviceloop.accounts.models import Role
    from serviceloop.service.services import cases as case_services

    world.receive(world.igbt, 2)
    case = world.case()
    reservations.reserve_part(
        by=world.coordinator, case=case, part=world.igbt, warehouse=world.store, quantity=2
    )
    case_services.move(users[Role.COORDINATOR], case, "cancel", None, "客户自行修复")
    assert _balance(world.igbt, world.store).reserved == 0
    assert Reservation.objects.get().state == Reservation.State.CANCELLED
    assert stock_discrepancies() == []


def test_the_piece_scrapped_at_the_plant_cannot_be_one_on_the_shelf(world):
    # Found by the stock state machine: the shelf's piece was marked scrapped while its
    # balance still counted it.
    world.receive(world.board, 2, serials=["DB-0001", "DB-0002"])
    report = world.report(world.on_site())
    line = {"part": world.board, "warehouse": world.store, "quantity": 1, "serial": "DB-0001"}
    save_report_parts(
        by=world.engineer,
        report=report,
        lines=[{**line, "defective": Defective.SCRAPPED, "removed_serial": "DB-0002"}],
    )
    with pytest.raises(ValidationError, match="Serial DB-0002 is already in 上海备件库"):
        world.sign(report)
    assert _balance(world.board, world.store).on_hand == 2
    assert set(SerialItem.objects.values_list("status", flat=True)) == {"in_stock"}


def test_a_line_cannot_take_from_one_warehouse_what_its_reservation_holds_in_another(world):
    # Issued from the van against a reservation held in the store, signing would release
    # the store's hold from the van's balance.
    world.receive(world.filter, 2)
    world.receive(world.filter, 2, warehouse=world.van)
    case = world.on_site()
    [reservation] = reservations.reserve_part(
        by=world.engineer, case=case, part=world.filter, warehouse=world.store, quantity=1
    )
    report = world.report(case)
    line = {"part": world.filter, "warehouse": world.van, "quantity": 1}
    with pytest.raises(ValidationError, match="that reservation holds the part in 上海备件库"):
        save_report_parts(
            by=world.engineer,
            report=report,
            lines=[{**line, "reservation": reservation, "defective": Defective.KEPT}],
        )
    assert not ReportPart.objects.exists()
    assert (
        _balance(world.filter, world.store).reserved,
        _balance(world.filter, world.van).reserved,
    ) == (1, 0)
