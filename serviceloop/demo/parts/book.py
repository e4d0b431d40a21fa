"""The demo's stock book: movements with the exact running balances the services write
(parts/services/ledger.py), serial-tracked parts piece by piece, and the primary keys the
rows will take, so that the whole history is written in a few bulk inserts."""

from collections import defaultdict
from datetime import datetime

from django.db.models import Max

from serviceloop.core.text import normalize_code
from serviceloop.parts.models import (
    Condition,
    Part,
    RepairOrder,
    SerialItem,
    StockBalance,
    StockMovement,
    Warehouse,
)

Kind = StockMovement.Kind
Status = SerialItem.Status
GOOD, DEFECTIVE = Condition.GOOD, Condition.DEFECTIVE


class Ids:
    """Primary keys handed out before the rows are written, so that a row can point at one
    written in the same bulk insert (a transfer in at its transfer out); writing.py moves
    the database's sequences past them."""

    def __init__(self, model) -> None:
        self.next = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


class Book:
    """Balances per (part id, warehouse id), the serial items on each shelf, and every
    movement in the order it happened (its primary key follows that order)."""

    def __init__(self) -> None:
        self.on_hand: defaultdict[tuple, int] = defaultdict(int)
        self.reserved: defaultdict[tuple, int] = defaultdict(int)
        self.defective: defaultdict[tuple, int] = defaultdict(int)
        self.shelves: defaultdict[tuple, list[SerialItem]] = defaultdict(list)
        self.serials: list[SerialItem] = []
        self.movements: list[StockMovement] = []
        self._move_ids, self._serial_ids = Ids(StockMovement), Ids(SerialItem)
        self._serial_keys: defaultdict[int, set[str]] = defaultdict(set)

    def free(self, part: Part, warehouse: Warehouse) -> int:
        place = (part.pk, warehouse.pk)
        return self.on_hand.get(place, 0) - self.reserved.get(place, 0)

    def post(
        self, part: Part, warehouse: Warehouse, kind: str, quantity: int, at: datetime, by, **links
    ) -> StockMovement:
        """One movement, refused exactly where ledger.post refuses it."""
        place, condition = (part.pk, warehouse.pk), links.pop("condition", GOOD)
        balances = self.on_hand if condition == GOOD else self.defective
        after = balances[place] + quantity
        if after < 0 or (condition == GOOD and after < self.reserved[place]):
            raise ValueError(f"demo stock of {part.number} in {warehouse.code} would break")
        balances[place] = after
        # Ids rather than instances: thousands of rows are built, and only keys are written.
        keys = {f"{name}_id": value.pk for name, value in links.items() if hasattr(value, "pk")}
        values = {name: value for name, value in links.items() if not hasattr(value, "pk")}
        move = StockMovement(
            pk=self._move_ids.take(),
            part_id=part.pk,
            warehouse_id=warehouse.pk,
            kind=kind,
            condition=condition,
            quantity=quantity,
            balance_after=after,
            at=at,
            by_id=by.pk if by else None,
            **keys,
            **values,
        )
        self.movements.append(move)
        return move

    def hold(self, part: Part, warehouse: Warehouse, quantity: int) -> None:
        """Reserves (or, negative, frees) good stock, as ledger.hold."""
        place = (part.pk, warehouse.pk)
        if not 0 <= self.reserved[place] + quantity <= self.on_hand[place]:
            raise ValueError(f"demo reservation of {part.number} in {warehouse.code} breaks")
        self.reserved[place] += quantity

    # Serial numbers -----------------------------------------------------------------------

    def new_serial(
        self, part: Part, warehouse: Warehouse, status: str, at: datetime, serial: str = ""
    ) -> SerialItem:
        taken = self._serial_keys[part.pk]
        serial = serial or f"{part.number[3:]}-{at:%y%m}-{len(taken) + 1:04d}"
        while normalize_code(serial) in taken:
            serial += "A"
        taken.add(normalize_code(serial))
        item = SerialItem(
            pk=self._serial_ids.take(),
            part=part,
            serial=serial,
            serial_key=normalize_code(serial),
            status=status,
            warehouse=warehouse,
        )
        self.serials.append(item)
        self.shelves[(part.pk, warehouse.pk, item_condition(status))].append(item)
        return item

    def _shelf(self, part: Part, warehouse: Warehouse, condition: str) -> list[SerialItem]:
        return self.shelves[(part.pk, warehouse.pk, condition)]

    # Movements of whole pieces --------------------------------------------------------------

    def bring(
        self, part: Part, warehouse: Warehouse, kind: str, quantity: int, at: datetime, by, **links
    ) -> list[StockMovement]:
        """Good stock arriving (receipt, a count that found more): by serial when tracked."""
        if not part.is_serialized:
            return [self.post(part, warehouse, kind, quantity, at, by, **links)]
        return [
            self.post(
                part,
                warehouse,
                kind,
                1,
                at,
                by,
                serial=self.new_serial(part, warehouse, Status.IN_STOCK, at),
                **links,
            )
            for _piece in range(quantity)
        ]

    def take(
        self, part: Part, warehouse: Warehouse, kind: str, quantity: int, at: datetime, by, **links
    ) -> list[tuple[StockMovement, SerialItem | None]]:
        """Stock leaving (issue, scrap, a count that found less), oldest serial first; a
        serial leaves to `status` (installed on `unit`, scrapped)."""
        status, unit = links.pop("status"), links.pop("unit", None)
        condition = links.get("condition", GOOD)
        if not part.is_serialized:
            return [(self.post(part, warehouse, kind, -quantity, at, by, **links), None)]
        taken = []
        for _piece in range(quantity):
            item = self._shelf(part, warehouse, condition).pop(0)
            item.status, item.warehouse, item.unit = status, None, unit
            taken.append((self.post(part, warehouse, kind, -1, at, by, serial=item, **links), item))
        return taken

    def transfer(
        self, part: Part, source: Warehouse, target: Warehouse, quantity: int, at: datetime, by
    ) -> None:
        """One transfer out and its linked transfer in, per serial when tracked."""
        pieces: list[tuple[SerialItem | None, int]] = [(None, quantity)]
        if part.is_serialized:
            pieces = [(item, 1) for item in self._shelf(part, source, GOOD)[:quantity]]
        for item, count in pieces:
            if item is not None:
                self._shelf(part, source, GOOD).remove(item)
                self._shelf(part, target, GOOD).append(item)
                item.warehouse = target
            out = self.post(part, source, Kind.TRANSFER_OUT, -count, at, by, serial=item)
            self.post(part, target, Kind.TRANSFER_IN, count, at, by, serial=item, counterpart=out)

    def return_defective(
        self, part: Part, warehouse: Warehouse, quantity: int, at: datetime, by, **links
    ) -> SerialItem | None:
        """The piece taken out of a machine, back on the defective shelf: a known piece
        (`item`, fitted earlier from stock) or one the system meets for the first time."""
        serial, item = links.pop("serial_number", ""), links.pop("item", None)
        if item is not None:
            item.status, item.warehouse, item.unit = Status.DEFECTIVE, warehouse, None
            self._shelf(part, warehouse, DEFECTIVE).append(item)
        elif part.is_serialized or serial:
            item = self.new_serial(part, warehouse, Status.DEFECTIVE, at, serial)
        self.post(
            part,
            warehouse,
            Kind.RETURN,
            quantity,
            at,
            by,
            condition=DEFECTIVE,
            serial=item,
            **links,
        )
        return item

    def repair_leaves(self, repair: RepairOrder, kind: str, at: datetime, by, status: str, **links):
        """A defective piece of a repair order leaves the shelf (to the repairer, to scrap)."""
        item = repair.serial
        if item is not None:
            self._shelf(repair.part, repair.warehouse, DEFECTIVE).remove(item)
            item.status, item.warehouse = status, None
        self.post(
            repair.part,
            repair.warehouse,
            kind,
            -1,
            at,
            by,
            condition=DEFECTIVE,
            serial=item,
            repair=repair,
            reference=repair.number,
            **links,
        )

    def repair_returns(self, repair: RepairOrder, at: datetime, by, reason: str) -> None:
        """The refurbished piece back on the shelf as good stock."""
        item = repair.serial
        if item is not None:
            item.status, item.warehouse = Status.IN_STOCK, repair.warehouse
            self._shelf(repair.part, repair.warehouse, GOOD).append(item)
        self.post(
            repair.part,
            repair.warehouse,
            Kind.REPAIR_IN,
            1,
            at,
            by,
            serial=item,
            repair=repair,
            reference=repair.number,
            reason=reason,
        )

    def balances(self) -> list[StockBalance]:
        places = set(self.on_hand) | set(self.defective) | set(self.reserved)
        return [
            StockBalance(
                part_id=part_id,
                warehouse_id=warehouse_id,
                on_hand=self.on_hand[(part_id, warehouse_id)],
                reserved=self.reserved[(part_id, warehouse_id)],
                defective=self.defective[(part_id, warehouse_id)],
            )
            for part_id, warehouse_id in sorted(places)
        ]


def item_condition(status: str) -> str:
    return DEFECTIVE if status == Status.DEFECTIVE else GOOD
