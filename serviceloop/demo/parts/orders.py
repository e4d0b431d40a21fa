"""The office's replenishment orders to HQ in the demo history: the weekly review orders
critical parts by air, the first review of a month the rest by rail or sea; each order
goes sent → confirmed → shipped → in customs → received (now and then in two receipts).
A few orders are pinned to the last weeks before now, so that whatever the day the demo is
loaded there is an order in every state: draft, sent, confirmed, shipped, in customs,
partly received, received and cancelled."""

from datetime import datetime, timedelta
from typing import NamedTuple

from serviceloop.parts.models import (
    OrderLine,
    Part,
    ReplenishmentOrder,
    Reservation,
    StockMovement,
)

State = ReplenishmentOrder.State
Transport = ReplenishmentOrder.Transport
Kind = StockMovement.Kind
# Days from HQ's dispatch to the Chinese port.
TRANSIT = {
    Transport.EXPRESS: (3, 5),
    Transport.AIR: (4, 7),
    Transport.RAIL: (16, 22),
    Transport.SEA: (28, 38),
}
CARRIERS = {
    Transport.EXPRESS: "DHL {:010d}",
    Transport.AIR: "AWB 176-{:08d}",
    Transport.RAIL: "CRE-BIO-{:06d}",
    Transport.SEA: "MSKU{:07d}",
}
PROPOSED = "按库存策略和等待备件的服务单建议下单"
DUPLICATE = "与 %(number)s 重复，已取消"
# About seven months in, a regular order is sent twice.
DUPLICATE_AFTER_DAYS = 200
SHORT_LINE = "HQ 该件缺货，随下一批补发"
CHECK_DRAFT = "常用件补货草稿，待库管核对后发出"


class _Recent(NamedTuple):
    """An order pinned before now: days before today it was sent, confirmed, shipped,
    reached customs and was received (None: not yet); `short`: its last line is still at
    HQ. Whole days back at fixed hours, so every step is before now whatever the time."""

    transport: str
    sent: int
    confirmed: int | None = None
    shipped: int | None = None
    customs: int | None = None
    received: int | None = None
    short: bool = False


RECENT = (
    _Recent(Transport.AIR, 1),
    _Recent(Transport.AIR, 4, 3),
    _Recent(Transport.AIR, 9, 8, 3),
    _Recent(Transport.AIR, 16, 15, 10, 2),
    _Recent(Transport.AIR, 32, 31, 27, 21, 16, short=True),
    _Recent(Transport.RAIL, 70, 68, 64, 44, 38),
)
LINES_PER_ORDER = 2


class _Orders:
    """Orders of the demo history (a part of `_History`)."""

    def _review(self, at: datetime) -> None:
        """Monday's review of the office's stock against its policy."""
        store = self.stores.store
        monthly = self.moment_day(at).day <= 7
        urgent, regular = [], []
        for part_id in self.plan.stocked(store):
            part = self.by_id[part_id]
            _minimum, reorder, maximum = self.plan.policies[(part_id, store.pk)]
            position = self.position(part, store)
            if position > reorder:
                continue
            line = (part, max(maximum - position, 1))
            if part.is_critical or self.backordered(part, store):
                urgent.append(line)
            elif monthly:
                regular.append(line)
        if urgent:
            self._order(at, urgent, Transport.AIR, urgent=True)
        if regular:
            self._order(at, regular, self.rng.choice([Transport.RAIL, Transport.SEA]))
            late_enough = self.moment_day(at) - self.first_day > timedelta(DUPLICATE_AFTER_DAYS)
            if late_enough and not self._cancelled:
                self._cancelled = True
                self._cancelled_order(at, regular)

    def _line_case(self, part: Part):
        waiting = [
            r
            for r in self.reservations
            if r.part_id == part.pk and r.state == Reservation.State.WAITING
        ]
        return waiting[0].case if waiting else None

    def _new_order(self, at: datetime, lines: list, transport: str, urgent: bool = False):
        """A draft order and its lines (the lines' first waiting case named on them)."""
        store = self.stores.store
        order = ReplenishmentOrder(
            pk=self._order_ids.take(),
            number=self.number("PO", at),
            office=store.office,
            supplier=self.stores.hq.office,
            warehouse=store,
            state=State.DRAFT,
            transport=transport,
            is_urgent=urgent,
            note=PROPOSED,
            created_by=self.clerk,
            created_at=at,
        )
        rows = [
            OrderLine(
                pk=self._line_ids.take(),
                order=order,
                part=part,
                quantity=quantity,
                case=self._line_case(part),
            )
            for part, quantity in lines
        ]
        self.orders.append(order)
        self.order_lines += rows
        return order, rows

    def _order(self, at: datetime, lines: list, transport: str, urgent: bool = False) -> None:
        """An order sent to HQ: on order from now on, and on its way."""
        order, rows = self._new_order(at, lines, transport, urgent)
        order.state, order.version = State.SENT, 2
        order.sent_at = at + timedelta(minutes=self.rng.randint(20, 90))
        for row in rows:
            self.on_order[(row.part_id, order.warehouse_id)] += row.quantity
            self.review_alerts(row.part, order.warehouse, order.sent_at)
        self._plan_shipment(order, rows)

    def _plan_shipment(self, order: ReplenishmentOrder, rows: list[OrderLine]) -> None:
        rng = self.rng
        confirmed = order.sent_at + timedelta(hours=rng.randint(16, 40))
        promised = self.moment_day(confirmed) + timedelta(days=rng.randint(1, 4))
        short = [self.hq_short[row.part_id] for row in rows if row.part_id in self.hq_short]
        if short:  # HQ has none: it promises the day its next batch is ready
            promised = max(promised, self.moment_day(max(short)))
        shipped = self.moment(promised + timedelta(days=rng.randint(0, 1)), 15)
        low, high = TRANSIT[order.transport]
        customs = shipped + timedelta(days=rng.randint(low, high), hours=rng.randint(0, 8))
        clearance = max(row.part.customs_days for row in rows)
        received = self.moment(
            self.moment_day(customs) + timedelta(days=clearance + rng.randint(-1, 1)), 10
        )
        late = []
        if len(rows) >= 3 and rng.random() < 0.2:  # one line was short at HQ: it follows
            late = [rows[-1]]
        confirmation = {"confirmed_at": confirmed, "promised_on": promised}
        self.at(confirmed, self._order_step, order, State.CONFIRMED, confirmation)
        self.at(shipped, self._order_step, order, State.SHIPPED, {"shipped_at": shipped})
        self.at(customs, self._order_step, order, State.IN_CUSTOMS, {"customs_at": customs})
        first = [row for row in rows if row not in late]
        self.at(received, self._receive, order, first)
        for row in first:
            self.arrivals[(row.part_id, order.warehouse_id)].append((received, "order"))
        if late:
            later = received + timedelta(days=rng.randint(6, 15))
            self.at(later, self._receive, order, late)
            self.arrivals[(late[0].part_id, order.warehouse_id)].append((later, "order"))

    def _order_step(self, at: datetime, order: ReplenishmentOrder, state: str, fields) -> None:
        order.state = state
        order.version += 1
        for name, value in fields.items():
            setattr(order, name, value)
        if state == State.SHIPPED:
            order.tracking = CARRIERS[order.transport].format(self.rng.randint(10**5, 10**7))
        if state == State.IN_CUSTOMS:
            order.customs_declaration = f"2233{at:%Y}{self.rng.randint(10**9, 10**10 - 1)}"

    def _receive(self, at: datetime, order: ReplenishmentOrder, rows: list[OrderLine]) -> None:
        store = order.warehouse
        # A recalled part's shipment is held until HQ's next batch: it comes after now.
        rows = [row for row in rows if not at < self.hq_short.get(row.part_id, at)]
        if not rows:
            return
        for row in rows:
            self.book.bring(
                row.part,
                store,
                Kind.RECEIPT,
                row.outstanding,
                at,
                self.clerk,
                reference=order.number,
                order_line=row,
            )
            self.on_order[(row.part_id, store.pk)] -= row.outstanding
            row.received = row.quantity
            self.after(row.part, store, at)
        done = all(row.received == row.quantity for row in self.order_lines if row.order is order)
        order.state = State.RECEIVED if done else State.PARTLY_RECEIVED
        order.received_at = at if done else None
        order.version += 1

    def _draft_order(self) -> None:
        """The month's regular order, proposed and not sent yet: what is low and not
        ordered, for the clerk to check (with nothing low, the clerk's own draft of the
        most used parts)."""
        store = self.stores.store
        lines = []
        for part_id in self.plan.stocked(store):
            part = self.by_id[part_id]
            _minimum, reorder, maximum = self.plan.policies[(part_id, store.pk)]
            position = self.position(part, store)
            if position <= reorder:
                lines.append((part, max(maximum - position, 1)))
        at = self.now - timedelta(hours=3)
        if lines:
            self._new_order(at, lines, Transport.SEA)
        elif self._recent_parts:
            order, _rows = self._new_order(at, self._recent_lines(0), Transport.SEA)
            order.note = CHECK_DRAFT

    # Orders pinned before now ---------------------------------------------------------------

    def _plan_recent_orders(self, recalled: str) -> None:
        """The orders of RECENT, of the store's most used parts (not the recalled one,
        whose shipments wait for HQ's next batch)."""
        store = self.stores.store
        used = [self.by_id[part_id] for part_id, _count in self.plan.demand.most_common()]
        self._recent_parts = [
            part
            for part in used
            if (part.pk, store.pk) in self.plan.policies and part.number != recalled
        ]
        if not self._recent_parts:
            return
        for index, recent in enumerate(RECENT):
            sent = self._days_back(recent.sent, 16)
            self.at(sent, self._recent_order, recent, self._recent_lines(index + 1))

    def _days_back(self, days: int, hour: int) -> datetime:
        return self.moment(self.moment_day(self.now) - timedelta(days=days), hour)

    def _recent_lines(self, index: int) -> list:
        parts = self._recent_parts
        start = index * LINES_PER_ORDER
        return [(parts[(start + n) % len(parts)], 2) for n in range(LINES_PER_ORDER)]

    def _recent_order(self, at: datetime, recent: _Recent, lines: list) -> None:
        order, rows = self._new_order(at - timedelta(minutes=40), lines, recent.transport)
        order.state, order.version, order.sent_at = State.SENT, 2, at
        for row in rows:
            self.on_order[(row.part_id, order.warehouse_id)] += row.quantity
            self.review_alerts(row.part, order.warehouse, at)
        if not self._cancelled:  # the history sent no order twice: this one is
            self._cancelled = True
            self._cancelled_order(at, lines)
        steps = {"confirmed": 17, "shipped": 22, "customs": 11, "received": 10}
        back = {
            step: self._days_back(days, hour)
            for step, hour in steps.items()
            if (days := getattr(recent, step)) is not None
        }
        confirmed, shipped = back.get("confirmed"), back.get("shipped")
        customs, received = back.get("customs"), back.get("received")
        if confirmed is not None:
            promised = self.moment_day(shipped or self.now + timedelta(days=3))
            fields = {"confirmed_at": confirmed, "promised_on": promised}
            self.at(confirmed, self._order_step, order, State.CONFIRMED, fields)
        if shipped is not None:
            self.at(shipped, self._order_step, order, State.SHIPPED, {"shipped_at": shipped})
        if customs is not None:
            self.at(customs, self._order_step, order, State.IN_CUSTOMS, {"customs_at": customs})
        if received is not None:
            arrived = rows[:-1] if recent.short else rows
            if recent.short:
                order.note = SHORT_LINE
            self.at(received, self._receive, order, arrived)
            for row in arrived:
                self.arrivals[(row.part_id, order.warehouse_id)].append((received, "order"))

    def _cancelled_order(self, at: datetime, lines: list) -> None:
        """Once, a regular order was sent twice; the second is cancelled the same day."""
        order, _rows = self._new_order(at, lines, Transport.RAIL)
        order.state, order.version = State.CANCELLED, 3
        order.sent_at = at + timedelta(minutes=5)
        order.note = DUPLICATE % {"number": self.orders[-2].number}
