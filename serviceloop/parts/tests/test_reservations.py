"""Reservations hold free stock for a case; a refusal says where else the part is; waiting
reservations are served first come, first served when stock arrives."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from serviceloop.accounts.models import Role
from serviceloop.parts.models import Reservation, StockBalance
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.services import reservations, stock
from serviceloop.parts.services.ledger import StockRefused

pytestmark = pytest.mark.django_db
State = Reservation.State


def test_reserving_holds_free_stock_for_the_case(world):
    world.receive(world.igbt, 3)
    case = world.case()
    made = reservations.reserve_part(
        by=world.coordinator, case=case, part=world.igbt, warehouse=world.store, quantity=2
    )
    assert [r.state for r in made] == [State.ACTIVE]
    balance = StockBalance.objects.get(part=world.igbt, warehouse=world.store)
    assert (balance.on_hand, balance.reserved, balance.available) == (3, 2, 1)
    assert case.events.filter(data__parts="SP-2001").exists()
    assert stock_discrepancies() == []


def test_a_refused_reservation_says_what_is_free_where(world):
    world.receive(world.igbt, 1)
    world.receive(world.igbt, 2, warehouse=world.van)
    with pytest.raises(StockRefused) as refused:
        reservations.reserve_part(
            by=world.coordinator,
            case=world.case(),
            part=world.igbt,
            warehouse=world.store,
            quantity=2,
        )
    message = refused.value.messages[0]
    assert "Only 1 of SP-2001 free in 上海备件库, 2 asked" in message
    assert "王工车载 2" in message
    assert not Reservation.objects.exists()


def test_with_nothing_free_anywhere_the_refusal_says_how_long_hq_takes(world):
    with pytest.raises(StockRefused, match="order it from HQ \\(19 days"):
        reservations.reserve_part(
            by=world.coordinator,
            case=world.case(),
            part=world.igbt,
            warehouse=world.store,
            quantity=1,
        )


def test_waiting_holds_what_is_free_and_queues_the_rest(world):
    world.receive(world.igbt, 1)
    made = reservations.reserve_part(
        by=world.coordinator,
        case=world.case(),
        part=world.igbt,
        warehouse=world.store,
        quantity=3,
        wait=True,
    )
    assert [(r.state, r.quantity) for r in made] == [(State.ACTIVE, 1), (State.WAITING, 2)]
    assert StockBalance.objects.get(part=world.igbt, warehouse=world.store).reserved == 1


def test_a_receipt_serves_waiting_reservations_first_come_first_served(world):
    first = reservations.reserve_part(
        by=world.coordinator,
        case=world.case(state="triaged"),
        part=world.igbt,
        warehouse=world.store,
        quantity=2,
        wait=True,
    )[0]
    second = reservations.reserve_part(
        by=world.coordinator,
        case=world.case(state="triaged"),
        part=world.igbt,
        warehouse=world.store,
        quantity=1,
        wait=True,
    )[0]
    world.receive(world.igbt, 2)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.state, second.state) == (State.ACTIVE, State.WAITING)
    world.receive(world.igbt, 1)
    second.refresh_from_db()
    assert second.state == State.ACTIVE
    assert stock_discrepancies() == []


def test_the_same_reservation_sent_twice_holds_once(world):
    world.receive(world.igbt, 5)
    case = world.case()
    for _ in range(2):
        reservations.reserve_part(
            by=world.coordinator,
            case=case,
            part=world.igbt,
            warehouse=world.store,
            quantity=2,
            request_key="reserve-key-1",
        )
    assert Reservation.objects.count() == 1
    assert StockBalance.objects.get(part=world.igbt, warehouse=world.store).reserved == 2


def test_releasing_gives_the_stock_back(world):
    world.receive(world.igbt, 2)
    made = reservations.reserve_part(
        by=world.coordinator, case=world.case(), part=world.igbt, warehouse=world.store, quantity=2
    )[0]
    released = reservations.release_reservation(by=world.engineer, reservation=made)
    assert released.state == State.CANCELLED and released.released == 2
    assert StockBalance.objects.get(part=world.igbt, warehouse=world.store).reserved == 0


def test_reserved_stock_cannot_be_counted_away(world):
    world.receive(world.igbt, 2)
    reservations.reserve_part(
        by=world.coordinator, case=world.case(), part=world.igbt, warehouse=world.store, quantity=2
    )
    with pytest.raises(ValidationError, match="reserved for cases"):
        stock.adjust_stock(
            by=world.clerk, part=world.igbt, warehouse=world.store, quantity=-1, reason="丢失"
        )


def test_an_engineer_reserves_from_its_own_van_only(world, users):
    other_van = world.van.__class__.objects.create(
        code="van-2", name="李工车载", kind="van", office=world.office, engineer=users[Role.MANAGER]
    )
    world.receive(world.filter, 2, warehouse=other_van)
    with pytest.raises(PermissionDenied):
        reservations.reserve_part(
            by=world.engineer, case=world.case(), part=world.filter, warehouse=other_van, quantity=1
        )


def test_nobody_reserves_hq_stock_or_for_a_closed_case(world, users):
    world.receive(world.igbt, 2)
    with pytest.raises(PermissionDenied):
        reservations.reserve_part(
            by=world.coordinator, case=world.case(), part=world.igbt, warehouse=world.hq, quantity=1
        )
    with pytest.raises(ValidationError, match="while the case is open"):
        reservations.reserve_part(
            by=world.coordinator,
            case=world.case(state="closed"),
            part=world.igbt,
            warehouse=world.store,
            quantity=1,
        )
    for role in (Role.HQ, Role.ACCOUNT_MANAGER, Role.CUSTOMER):
        with pytest.raises(PermissionDenied):
            reservations.reserve_part(
                by=users[role],
                case=world.case(),
                part=world.igbt,
                warehouse=world.store,
                quantity=1,
            )


def test_the_case_shows_its_machines_parts_with_the_van_and_the_office_first(world, users):
    from serviceloop.parts.forms import ReserveForm
    from serviceloop.parts.models import ModelPart
    from serviceloop.parts.selectors import parts_for_case
    from serviceloop.parts.testing import make_warehouse

    # A consignment store at another plant sorts first by name; the engineer's van and the
    # office's own warehouse still come first.
    plant = make_warehouse(world.office, "a-plant", "consignment", customer=world.case().customer)
    for warehouse in (plant, world.store, world.van):
        world.receive(world.filter, 2, warehouse=warehouse)
    case = world.case()
    ModelPart.objects.create(equipment_model=case.unit.model, part=world.filter, quantity=1)

    [(line, places)] = parts_for_case(world.coordinator, case)
    assert line.part == world.filter
    assert [p.warehouse for p in places] == [world.van, world.store, plant]
    choices = ReserveForm(user=world.coordinator, case=case).fields["warehouse"].choices
    assert [pk for pk, _label in choices] == ["", world.van.pk, world.store.pk, plant.pk]


def test_a_case_waiting_for_two_parts_shows_when_each_arrived_and_resumes_on_the_last(world):
    from serviceloop.service.models import Case, CaseEvent
    from serviceloop.service.services import cases as case_services

    case = world.case()
    for part in (world.igbt, world.filter):
        reservations.reserve_part(
            by=world.engineer, case=case, part=part, warehouse=world.store, quantity=1, wait=True
        )
    case.refresh_from_db()
    case_services.wait_for_parts(by=world.engineer, case=case, version=case.version, note="等件")

    world.receive(world.filter, 1)
    case.refresh_from_db()
    assert case.state == Case.State.WAITING_PARTS
    arrived = case.events.filter(kind=CaseEvent.Kind.NOTE, data__parts="SP-1102").last()
    assert arrived is not None and arrived.actor is None and "SP-1102" in arrived.text

    world.receive(world.igbt, 1)
    case.refresh_from_db()
    assert case.state == Case.State.VISIT_SCHEDULED
    resumed = case.events.filter(kind=CaseEvent.Kind.TRANSITION).last()
    assert "SP-2001" in resumed.text and resumed.actor is None
