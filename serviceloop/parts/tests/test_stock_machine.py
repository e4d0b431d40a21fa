"""Random sequences of every stock movement keep every invariant (issue 19).

A Hypothesis state machine drives the real services on the real database: receipts,
adjustments, transfers, scrap; reservations, their release, their issue on a signed report
(the piece taken out returned or scrapped); the repair loop; serials; repeated submissions.
A plain-Python book (stock_book.py) says what each should do; a move it refuses must raise
the service's error and write nothing. After every step: on-hand ≥ 0, 0 ≤ reserved ≤
on-hand, every balance equals its ledger (check_stock's proof), serial-tracked balances
count the serials on their shelves, and the database is what the book says. The world is
built once; each example runs in a savepoint rolled back at its end.
"""

import copy
import itertools
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from serviceloop.parts.models import RepairOrder, Reservation, SerialItem
from serviceloop.parts.selectors.integrity import stock_discrepancies
from serviceloop.parts.services import repairs, reservations, stock
from serviceloop.parts.services.reports import save_report_parts

from .stock_book import Book, Refused, Stock, need, read_back, snapshot

pytestmark = pytest.mark.django_db

EXAMPLES = 200
SETTINGS = settings(
    max_examples=EXAMPLES,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
PARTS = st.sampled_from(["igbt", "board"])
HOMES = st.sampled_from(["store", "van"])
# Now and then HQ's warehouse, of another office; now and then a quantity not above zero.
ANYWHERE = st.sampled_from(["store", "van"] * 3 + ["hq"])
COUNTS = st.sampled_from([1, 2, 3, 4] * 2 + [0, -1])
INTO = st.sampled_from(["other"] * 5 + ["same", "hq"])
CASES = st.integers(0, 1)
DEFECTIVE = st.sampled_from(["returned", "returned", "none", "scrapped"])
STEPS = ["decide", "send", "receive", "scrap"]
NEXT_STEPS = {
    RepairOrder.State.DEFECTIVE: ["send", "send", "scrap"],
    RepairOrder.State.TO_REPAIR: ["send", "scrap"],
    RepairOrder.State.SENT: ["receive", "receive", "scrap"],
}
RARELY = st.sampled_from([False, False, False, True])
Status = SerialItem.Status
State = Reservation.State


class StockMachine(RuleBasedStateMachine):
    examples = 0

    def __init__(self, world, cases) -> None:
        super().__init__()
        StockMachine.examples += 1
        self.world, self.cases = world, cases
        self.parts = {"igbt": world.igbt, "board": world.board}
        self.warehouses = {"store": world.store, "van": world.van, "hq": world.hq}
        self.names = [(part, where) for part in self.parts for where in ("store", "van")]
        self.book = Book()
        self.numbers = itertools.count(1)
        self.last: tuple[Callable, list[int]] | None = None
        self.changed = True  # since the invariants were last checked
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # --- helpers ----------------------------------------------------------------------------

    def place(self, part: str, where: str) -> tuple[int, int]:
        return (self.parts[part].pk, self.warehouses[where].pk)

    def of(self, part: str, where: str) -> dict:
        return {"part": self.parts[part], "warehouse": self.warehouses[where]}

    def key(self, keyed: bool) -> str | None:
        return f"form-{next(self.numbers)}" if keyed else None

    def fresh(self) -> str:
        return f"DB-{next(self.numbers):04d}"

    def stocked(self, data, field: str = "available") -> tuple[str, str]:
        """A part and a warehouse of the office, mostly one with some stock of the kind."""
        some = [n for n in self.names if getattr(self.book.at(self.place(*n)), field) > 0]
        return data.draw(st.sampled_from(some if some and not data.draw(RARELY) else self.names))

    def amount(self, data, have: int) -> int:
        """Mostly some of what there is; now and then more, nothing, or less than nothing."""
        if have > 0 and not data.draw(RARELY):
            return data.draw(st.integers(1, min(have, 4)))
        return data.draw(st.sampled_from([have + 1, 0, -1]))

    def arriving(self, data, part: str, quantity: int) -> list[str]:
        """New serials for pieces coming in; now and then one the system knows already."""
        if part != "board" or quantity <= 0:
            return []
        serials = [self.fresh() for _ in range(quantity)]
        if self.book.serials and data.draw(RARELY):
            serials[0] = data.draw(st.sampled_from(sorted(self.book.serials)))
        return serials

    def leaving(self, data, part: str, where: str, quantity: int, status=Status.IN_STOCK):
        """Serials from the shelf for pieces going out; now and then one from elsewhere."""
        if part != "board" or quantity <= 0:
            return []
        shelf = self.book.shelf(self.warehouses[where].pk, status)
        chosen = list(data.draw(st.permutations(shelf)))[:quantity] if shelf else []
        if len(chosen) < quantity or data.draw(RARELY):
            strays = [*sorted(set(self.book.serials) - set(shelf)), self.fresh()]
            chosen = [*chosen[: quantity - 1], data.draw(st.sampled_from(strays))]
        return chosen

    def attempt(self, model: Callable[[Book], object], call: Callable, key=None) -> None:
        """Runs the service where the book accepts the move; else proves it is refused with
        the service's error and writes nothing."""
        trial = copy.deepcopy(self.book)
        try:
            model(trial)
        except Refused as refused:
            before = snapshot()
            with pytest.raises(refused.error):
                call()
            assert snapshot() == before
            return
        result = call()
        self.book, self.changed = trial, True
        if key:
            self.last = (call, [row.pk for row in result])

    # --- services/stock.py ------------------------------------------------------------------

    @initialize(data=st.data())
    def stock_the_shelves(self, data):
        """Each example starts with some stock of each part in one of the office's warehouses."""
        for part in self.parts:
            where, quantity = data.draw(HOMES), data.draw(st.integers(0, 4))
            serials = [self.fresh() for _ in range(quantity)] if part == "board" else []
            if quantity:
                self.book.receive(self.place(part, where), quantity, serials)
                self.world.receive(self.parts[part], quantity, self.warehouses[where], serials)

    @rule(part=PARTS, where=ANYWHERE, quantity=COUNTS, keyed=st.booleans(), data=st.data())
    def receive(self, part, where, quantity, keyed, data):
        serials, key = self.arriving(data, part, quantity), self.key(keyed)
        self.attempt(
            lambda book: (
                need(where != "hq", PermissionDenied),
                book.receive(self.place(part, where), quantity, serials),
            ),
            lambda: stock.receive_stock(
                by=self.world.clerk,
                **self.of(part, where),
                quantity=quantity,
                serial_numbers=serials,
                request_key=key,
            ),
            key,
        )

    @precondition(lambda self: self.book.serials)
    @rule(where=HOMES, data=st.data())
    def a_known_piece_arrives(self, where, data):
        """Back from a machine, found again, or in fact still on a shelf or at the repairer."""
        serial = data.draw(st.sampled_from(sorted(self.book.serials)))
        self.attempt(
            lambda book: book.receive(self.place("board", where), 1, [serial]),
            lambda: self.world.receive(self.parts["board"], 1, self.warehouses[where], [serial]),
        )

    @rule(up=st.booleans(), keyed=st.booleans(), data=st.data())
    def adjust(self, up, keyed, data):
        part, where = self.stocked(data)
        if up:
            quantity = max(0, data.draw(COUNTS))
            serials = self.arriving(data, part, quantity)
        else:
            quantity = -max(0, self.amount(data, self.book.at(self.place(part, where)).available))
            serials = self.leaving(data, part, where, -quantity)
        key = self.key(keyed)
        self.attempt(
            lambda book: book.adjust(self.place(part, where), quantity, serials),
            lambda: stock.adjust_stock(
                by=self.world.clerk,
                **self.of(part, where),
                quantity=quantity,
                reason="stocktake",
                serial_numbers=serials,
                request_key=key,
            ),
            key,
        )

    @rule(into=INTO, keyed=st.booleans(), data=st.data())
    def transfer(self, into, keyed, data):
        part, source = self.stocked(data)
        into = {"other": "van" if source == "store" else "store", "same": source}.get(into, into)
        quantity = self.amount(data, self.book.at(self.place(part, source)).available)
        serials, key = self.leaving(data, part, source, quantity), self.key(keyed)
        self.attempt(
            lambda book: (
                need(into != "hq", PermissionDenied),
                book.transfer(self.place(part, source), self.place(part, into), quantity, serials),
            ),
            lambda: stock.transfer_stock(
                by=self.world.clerk,
                part=self.parts[part],
                source=self.warehouses[source],
                target=self.warehouses[into],
                quantity=quantity,
                serial_numbers=serials,
                request_key=key,
            ),
            key,
        )

    @rule(defective=st.booleans(), data=st.data())
    def scrap(self, defective, data):
        part, where = self.stocked(data, "defective" if defective else "available")
        there = self.book.at(self.place(part, where))
        quantity = self.amount(data, there.defective if defective else there.available)
        status = Status.DEFECTIVE if defective else Status.IN_STOCK
        serials = self.leaving(data, part, where, quantity, status)
        self.attempt(
            lambda book: book.scrap(self.place(part, where), quantity, defective, serials),
            lambda: stock.scrap_stock(
                by=self.world.clerk,
                **self.of(part, where),
                quantity=quantity,
                reason="damaged",
                condition="defective" if defective else "good",
                serial_numbers=serials,
            ),
        )

    @precondition(lambda self: self.last is not None)
    @rule()
    def submit_again(self):
        """A double click or a retried request: the same key makes nothing more."""
        call, made = self.last
        before = snapshot()
        assert [row.pk for row in call()] == made
        assert snapshot() == before

    # --- reservations and the signed report -------------------------------------------------

    @rule(case=CASES, wait=st.booleans(), keyed=st.booleans(), data=st.data())
    def reserve(self, case, wait, keyed, data):
        part, where = self.stocked(data)
        where = data.draw(st.sampled_from([where] * 6 + ["hq"]))  # HQ: of another office
        quantity = self.amount(data, self.book.at(self.place(part, where)).available)
        key = self.key(keyed)
        self.attempt(
            lambda book: (
                need(where != "hq", PermissionDenied),
                book.reserve(case, self.place(part, where), quantity, wait),
            ),
            lambda: reservations.reserve_part(
                by=self.world.coordinator,
                case=self.cases[case],
                **self.of(part, where),
                quantity=quantity,
                wait=wait,
                request_key=key,
            ),
            key,
        )

    @precondition(lambda self: self.book.held)
    @rule(pick=st.integers(0, 50), quantity=st.none() | st.integers(1, 3))
    def release(self, pick, quantity):
        index = pick % len(self.book.held)
        reservation = Reservation.objects.order_by("pk")[index]
        self.attempt(
            lambda book: book.release(index, quantity),
            lambda: reservations.release_reservation(
                by=self.world.coordinator, reservation=reservation, quantity=quantity
            ),
        )

    def draw_line(self, data, case: int) -> dict:
        """One line of the report's parts form: a reservation of the case (its part and
        warehouse), or a part taken from free stock, mostly where there is some."""
        mine = [i for i, held in enumerate(self.book.held) if held.case == case and held.is_open]
        held = data.draw(st.sampled_from(mine)) if mine and data.draw(st.booleans()) else None
        if held is not None:
            part, where = next(
                n for n in self.names if self.place(*n) == self.book.held[held].place
            )
        else:
            part, where = self.stocked(data)
        have = self.book.at(self.place(part, where)).available
        if held is not None and self.book.held[held].state == State.ACTIVE:
            have += self.book.held[held].remaining
        board = part == "board"
        removed = self.arriving(data, part, 1)[0] if board else ""
        return {
            **self.of(part, where),
            "quantity": 1 if board else data.draw(st.integers(1, max(1, min(have + 1, 3)))),
            "reservation": Reservation.objects.order_by("pk")[held] if held is not None else None,
            "serial": self.leaving(data, part, where, 1)[0] if board else "",
            "defective": data.draw(DEFECTIVE),
            "removed_serial": removed,
            # for the book
            "place": self.place(part, where),
            "held": held,
            "removed": removed or None,
        }

    @rule(case=CASES, data=st.data())
    def sign_report(self, case, data):
        lines, used = [], set()
        for _ in range(data.draw(st.integers(1, 2))):
            line = self.draw_line(data, case)
            if line["held"] is None or line["held"] not in used:  # one row per reservation
                used.add(line["held"])
                lines.append(line)
        report = self.world.report(self.cases[case])
        save_report_parts(by=self.world.engineer, report=report, lines=lines)

        def model(book: Book) -> None:
            for line in lines:
                book.issue(line, line["part"].is_serialized, line["part"].is_repairable)
            book.fill(*{line["place"] for line in lines})

        self.attempt(model, lambda: self.world.sign(report))

    # --- services/repairs.py ----------------------------------------------------------------

    def repair_step(self, index: int, step: str) -> None:
        order = RepairOrder.objects.order_by("pk")[index]
        given = {"by": self.world.clerk, "repair": order, "version": order.version}
        calls = {
            "decide": lambda: repairs.decide_repair(**given, repairer="vendor", vendor="苏州"),
            "send": lambda: repairs.send_repair(**given, expected_back=None),
            "receive": lambda: repairs.receive_repaired(**given),
            "scrap": lambda: repairs.scrap_repair(**given, reason="beyond repair"),
        }
        self.attempt(lambda book: book.repair(index, step), calls[step])

    @precondition(lambda self: self.book.repairs)
    @rule(data=st.data())
    def repair(self, data):
        """Mostly the next step of an open repair order (deciding on a vendor and sending it
        in one go); now and then a step not possible now."""
        orders = self.book.repairs
        active = [i for i, order in enumerate(orders) if order.state in NEXT_STEPS]
        odd = data.draw(RARELY)
        index = data.draw(st.sampled_from(active if active and not odd else range(len(orders))))
        state = orders[index].state
        step = data.draw(
            st.sampled_from(NEXT_STEPS[state] if state in NEXT_STEPS and not odd else STEPS)
        )
        if step == "send" and state == RepairOrder.State.DEFECTIVE:
            self.repair_step(index, "decide")
        self.repair_step(index, step)

    # --- after every step -------------------------------------------------------------------

    @invariant()
    def stock_is_in_range_equals_its_ledger_and_the_book(self):
        if not self.changed:  # only refusals since the last check, each proved to write nothing
            return
        self.changed = False
        found = read_back([case.pk for case in self.cases])
        for s in found.stock.values():
            assert s.on_hand >= 0 and 0 <= s.reserved <= s.on_hand and s.defective >= 0, s
        assert stock_discrepancies() == []  # manage.py check_stock's proof
        # A serial-tracked balance counts the serials on its shelf, and only those.
        board = self.world.board.pk
        counted = {p: (s.on_hand, s.defective) for p, s in found.stock.items() if p[0] == board}
        assert {p: c for p, c in counted.items() if c != (0, 0)} == found.by_serial(board)
        # The database is what the book says.
        expected = {place: s for place, s in self.book.stock.items() if s != Stock()}
        assert found.stock == expected
        assert (found.held, found.repairs, found.serials) == (
            self.book.held,
            self.book.repairs,
            self.book.serials,
        )


def test_random_stock_movements_keep_every_invariant(world):
    world.igbt.is_repairable = True  # its returned pieces enter the repair loop too
    world.igbt.save(update_fields=["is_repairable"])
    cases = [world.on_site(), world.on_site()]
    StockMachine.examples = 0
    run_state_machine_as_test(lambda: StockMachine(world, cases), settings=SETTINGS)
    assert StockMachine.examples >= EXAMPLES
