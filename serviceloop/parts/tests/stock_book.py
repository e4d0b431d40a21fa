"""The state machine's own book of what stock should be (test_stock_machine.py).

A plain-Python model of the parts services: each method does what the service should do,
or raises `Refused` with the error the service should raise, leaving the book half
changed — the machine works on a copy and keeps it only when the service accepted.
Places are (part pk, warehouse pk); reservations and repair orders are kept in the order
they were made, which is the order of their primary keys in the database.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from serviceloop.parts.models import (
    RepairOrder,
    Reservation,
    SerialItem,
    StockBalance,
    StockMovement,
)

State = Reservation.State
Status = SerialItem.Status
Repair = RepairOrder.State
Place = tuple[int, int]
EMPTY = (0, 0, 0)
# Where a serial is on a shelf, or with a repair order: it cannot arrive anywhere else.
SOMEWHERE = frozenset({Status.IN_STOCK, Status.DEFECTIVE, Status.IN_REPAIR})


class Refused(Exception):
    def __init__(self, error: type[Exception] = ValidationError) -> None:
        super().__init__(error.__name__)
        self.error = error


def need(condition: bool, error: type[Exception] = ValidationError) -> None:
    if not condition:
        raise Refused(error)


@dataclass
class Stock:
    on_hand: int = 0
    reserved: int = 0
    defective: int = 0

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass
class Held:
    case: int
    place: Place
    quantity: int
    state: str
    issued: int = 0
    released: int = 0

    @property
    def remaining(self) -> int:
        return self.quantity - self.issued - self.released

    @property
    def is_open(self) -> bool:
        return self.state in Reservation.OPEN


@dataclass
class InRepair:
    place: Place
    serial: str | None
    state: str = Repair.DEFECTIVE


@dataclass
class Book:
    stock: dict[Place, Stock] = field(default_factory=dict)
    held: list[Held] = field(default_factory=list)
    repairs: list[InRepair] = field(default_factory=list)
    # serial → (status, warehouse pk or None); one serial-tracked part in this world
    serials: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def at(self, place: Place) -> Stock:
        return self.stock.setdefault(place, Stock())

    def shelf(self, warehouse: int, status: str = Status.IN_STOCK) -> list[str]:
        return sorted(s for s, where in self.serials.items() if where == (status, warehouse))

    def by_serial(self, part: int) -> dict[Place, tuple[int, int]]:
        """What the serials on the shelves count of a serial-tracked part: (good, defective)."""
        counts: dict[Place, tuple[int, int]] = {}
        for status, warehouse in self.serials.values():
            if status in (Status.IN_STOCK, Status.DEFECTIVE):
                good, defective = counts.get((part, warehouse), (0, 0))
                good, defective = (
                    good + (status == Status.IN_STOCK),
                    defective + (status != Status.IN_STOCK),
                )
                counts[(part, warehouse)] = (good, defective)
        return counts

    # --- ledger.post / ledger.hold / effects.fill_waiting ---------------------------------

    def post(self, place: Place, quantity: int, *, defective: bool = False) -> None:
        stock = self.at(place)
        name = "defective" if defective else "on_hand"
        after = getattr(stock, name) + quantity
        need(after >= 0)
        need(defective or after >= stock.reserved)
        setattr(stock, name, after)

    def hold(self, place: Place, quantity: int) -> None:
        stock = self.at(place)
        need(stock.reserved + quantity <= stock.on_hand)
        assert stock.reserved + quantity >= 0, "released more than was reserved"
        stock.reserved += quantity

    def fill(self, *places: Place) -> None:
        for place in places:
            for held in self.held:
                if held.place != place or held.state != State.WAITING:
                    continue
                if held.remaining > self.at(place).available:
                    break
                self.hold(place, held.remaining)
                held.state = State.ACTIVE

    # --- serials ----------------------------------------------------------------------------

    def arrive(self, serial: str, warehouse: int, status: str = Status.IN_STOCK) -> None:
        need(self.serials.get(serial, ("", None))[0] not in SOMEWHERE)
        self.serials[serial] = (status, warehouse)

    def take(self, serial: str, warehouse: int, status: str, leaves_as: str, to=None) -> None:
        need(self.serials.get(serial) == (status, warehouse))
        self.serials[serial] = (leaves_as, to)

    # --- services/stock.py ------------------------------------------------------------------

    def receive(self, place: Place, quantity: int, serials: list[str]) -> None:
        need(quantity > 0)
        for serial in serials:
            self.arrive(serial, place[1])
        self.post(place, quantity)
        self.fill(place)

    def adjust(self, place: Place, quantity: int, serials: list[str]) -> None:
        need(quantity != 0)
        for serial in serials:
            if quantity > 0:
                self.arrive(serial, place[1])
            else:
                self.take(serial, place[1], Status.IN_STOCK, Status.WRITTEN_OFF)
        self.post(place, quantity)
        self.fill(place)

    def transfer(self, source: Place, target: Place, quantity: int, serials: list[str]) -> None:
        need(quantity > 0)
        need(source != target)
        for serial in serials:
            self.take(serial, source[1], Status.IN_STOCK, Status.IN_STOCK, target[1])
        self.post(source, -quantity)
        self.post(target, quantity)
        self.fill(source, target)

    def scrap(self, place: Place, quantity: int, defective: bool, serials: list[str]) -> None:
        need(quantity > 0)
        shelf = Status.DEFECTIVE if defective else Status.IN_STOCK
        for serial in serials:
            self.take(serial, place[1], shelf, Status.SCRAPPED)
        self.post(place, -quantity, defective=defective)
        if defective:
            # The repair orders of the scrapped pieces, still on the shelf, are scrapped too:
            # by serial, or the oldest ones for pieces without serials.
            on_shelf = [
                repair
                for repair in self.repairs
                if repair.place == place and repair.state in (Repair.DEFECTIVE, Repair.TO_REPAIR)
            ]
            closing = [r for r in on_shelf if r.serial in serials] if serials else []
            if not serials:
                closing = [r for r in on_shelf if r.serial is None][:quantity]
            for repair in closing:
                repair.state = Repair.SCRAPPED
        self.fill(place)

    # --- services/reservations.py -----------------------------------------------------------

    def reserve(self, case: int, place: Place, quantity: int, wait: bool) -> None:
        need(quantity > 0)
        held = min(self.at(place).available, quantity)
        need(held == quantity or wait)
        if held:
            self.hold(place, held)
            self.held.append(Held(case, place, held, State.ACTIVE))
        if held < quantity:
            self.held.append(Held(case, place, quantity - held, State.WAITING))

    def _release(self, held: Held, quantity: int | None) -> None:
        count = held.remaining if quantity is None else min(quantity, held.remaining)
        if held.state == State.ACTIVE and count:
            self.hold(held.place, -count)
        held.released += count
        if held.remaining == 0:
            held.state = State.DONE if held.issued else State.CANCELLED

    def release(self, index: int, quantity: int | None) -> None:
        held = self.held[index]
        if held.is_open:
            self._release(held, quantity)
            self.fill(held.place)

    # --- services/reports.py: a signed report's lines ---------------------------------------

    def issue(self, line: dict, serialized: bool, repairable: bool) -> None:
        place, quantity = line["place"], line["quantity"]
        held = self.held[line["held"]] if line["held"] is not None else None
        from_held = min(held.remaining, quantity) if held and held.state == State.ACTIVE else 0
        if quantity - from_held:
            self.hold(place, quantity - from_held)
        self.hold(place, -quantity)
        if serialized:
            self.take(line["serial"], place[1], Status.IN_STOCK, Status.INSTALLED)
        self.post(place, -quantity)
        if held and from_held:
            held.issued += from_held
            self._release(held, None)
        removed = line["removed"]
        if line["defective"] == "returned":
            if removed:
                self.arrive(removed, place[1], Status.DEFECTIVE)
            self.post(place, quantity, defective=True)
            if repairable:
                for _piece in range(1 if removed else quantity):
                    self.repairs.append(InRepair(place, removed))
        elif line["defective"] == "scrapped" and removed in self.serials:
            # The piece taken out of the machine cannot be one on a shelf or in repair.
            need(self.serials[removed][0] not in SOMEWHERE)
            self.serials[removed] = (Status.SCRAPPED, None)

    # --- services/repairs.py ----------------------------------------------------------------

    def repair(self, index: int, step: str) -> None:
        repair = self.repairs[index]
        place, serial = repair.place, repair.serial
        allowed = {
            "decide": {Repair.DEFECTIVE},
            "send": {Repair.TO_REPAIR},
            "receive": {Repair.SENT, Repair.SHIPPED_BACK},
            "scrap": {Repair.DEFECTIVE, Repair.TO_REPAIR, Repair.SENT, Repair.SHIPPED_BACK},
        }[step]
        need(repair.state in allowed)
        on_shelf = repair.state in (Repair.DEFECTIVE, Repair.TO_REPAIR)
        if step == "decide":
            repair.state = Repair.TO_REPAIR
        elif step == "send":
            if serial:
                self.take(serial, place[1], Status.DEFECTIVE, Status.IN_REPAIR)
            self.post(place, -1, defective=True)
            repair.state = Repair.SENT
        elif step == "receive":
            if serial:
                self.take(serial, None, Status.IN_REPAIR, Status.IN_STOCK, place[1])
            self.post(place, 1)
            self.fill(place)
            repair.state = Repair.REFURBISHED
        else:
            if serial and on_shelf:
                self.take(serial, place[1], Status.DEFECTIVE, Status.SCRAPPED)
            elif serial:
                self.take(serial, None, Status.IN_REPAIR, Status.SCRAPPED)
            if on_shelf:
                self.post(place, -1, defective=True)
            repair.state = Repair.SCRAPPED


# --- the database, read back ----------------------------------------------------------------


def snapshot() -> tuple:
    """Everything a stock service writes."""
    return (
        list(StockBalance.objects.order_by("pk").values_list()),
        list(StockMovement.objects.order_by("pk").values_list("pk", flat=True)),
        list(Reservation.objects.order_by("pk").values_list("pk", "state", "issued", "released")),
        list(SerialItem.objects.order_by("pk").values_list("pk", "status", "warehouse", "unit")),
        list(RepairOrder.objects.order_by("pk").values_list("pk", "state", "version")),
    )


def read_back(case_pks: list[int]) -> Book:
    """The book the database's rows make (the places with some stock only)."""
    book = Book()
    balances = StockBalance.objects.values_list(
        "part", "warehouse", "on_hand", "reserved", "defective"
    )
    for part, warehouse, *quantities in balances:
        if tuple(quantities) != EMPTY:
            book.stock[(part, warehouse)] = Stock(*quantities)
    held = Reservation.objects.order_by("pk").values_list(
        "case", "part", "warehouse", "quantity", "state", "issued", "released"
    )
    book.held = [
        Held(case_pks.index(case), (part, warehouse), *rest)
        for case, part, warehouse, *rest in held
    ]
    repairs = RepairOrder.objects.order_by("pk").values_list(
        "part", "warehouse", "serial__serial", "state"
    )
    book.repairs = [InRepair((part, where), *rest) for part, where, *rest in repairs]
    rows = SerialItem.objects.values_list("serial", "status", "warehouse")
    book.serials = {serial: (status, where) for serial, status, where in rows}
    return book
