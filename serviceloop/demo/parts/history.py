"""Two years of stock history, played day by day from one seeded generator: opening stock,
weekly reviews and orders to HQ (orders.py), vans restocked from the office, parts issued
on the signed repair reports and the repair loop (usage.py), counts and scrap.

Every event runs at its moment in time order, so each movement carries the balance the
services would have written; what is planned after now (a shipment still at sea, a repair
still at the repairer) stays in the state it has reached."""

import heapq
import itertools
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from serviceloop.accounts.models import User
from serviceloop.parts.models import (
    DocumentNumber,
    OrderLine,
    Part,
    RepairOrder,
    ReplenishmentOrder,
    ReportPart,
    Reservation,
    StockAlert,
    StockMovement,
    Warehouse,
)

from .book import DEFECTIVE, Book, Ids, Status
from .orders import _Orders
from .plan import Plan
from .reservations import _Reservations
from .usage import _Usage
from .warehouses import Stores

Kind = StockMovement.Kind
DAYS = 730
HQ_OPENING = {"A": (3, 6), "B": (4, 12), "C": (15, 40)}
# Why a count corrects stock: (fewer found, more found); a van's count only finds fewer.
STORE_COUNT = (
    ["季度盘点：实物少 1，账实调整", "盘点：包装内数量与标签不符"],
    ["季度盘点：发现未登记的退库件", "盘点：上次发料多记 1"],
)
VAN_COUNT = (["车载库存盘点：现场用料未登记"], [])
HQ_COUNT = (["Recuento anual: diferencia de inventario"],) * 2
SCRAP_RETURNED = "退回的损坏件，不可修复，报废"
# A batch of driver boards recalled by HQ's quality notice a month before the demo is
# loaded: scrapped wherever it was; HQ ships the next batch only after the demo's "now".
RECALL = {
    "number": "SP-2101",
    "days_ago": 26,
    "ships_in_days": 12,
    "reason": "HQ 质量通知 QN-%(year)s-07：该批次驱动板召回，报废",
    "reason_hq": "Aviso de calidad QN-%(year)s-07: lote retirado",
}
# Good stock found damaged: day of the history, part, quantity, why.
INCIDENTS = [
    (150, "SP-1605", 2, "O 型圈超过储存期，老化报废"),
    (330, "SP-1305", 1, "搬运跌落，外壳破裂，报废"),
    (480, "SP-1301", 1, "树脂受潮结块，报废"),
    (610, "SP-1140", 1, "来料复检不合格（运输损坏），报废"),
]


class _History(_Orders, _Usage, _Reservations):
    def __init__(self, stores: Stores, parts: dict[str, Part], plan: Plan, reports, now) -> None:
        self.rng = random.Random(2026)  # noqa: S311 — demo data, reproducible on purpose
        self.stores, self.parts, self.plan, self.reports = stores, parts, plan, reports
        self.by_id = {part.pk: part for part in parts.values()}
        self.now = now
        self.tz = ZoneInfo(stores.store.office.time_zone)
        self.first_day = self.moment_day(now) - timedelta(days=DAYS)
        users = User.objects.in_bulk(["warehouse", "hq", "coordinator"], field_name="username")
        self.clerk, self.hq_user = users.get("warehouse"), users.get("hq")
        self.coordinator = users.get("coordinator")
        self.book = Book()
        self.queue: list = []
        self._order_of_events = itertools.count()
        self.on_order: defaultdict[tuple, int] = defaultdict(int)
        # (part id, warehouse id) → when orders ("order") and repairs ("repair") bring stock
        self.arrivals: defaultdict[tuple, list[tuple[datetime, str]]] = defaultdict(list)
        self.reservations: list[Reservation] = []
        self.waits: defaultdict[tuple, int] = defaultdict(int)  # what waiting reservations want
        self.hq_short: dict[int, datetime] = {}  # part id → when HQ ships it again
        self.alerts: list[StockAlert] = []
        self._open_alerts: dict[tuple, StockAlert] = {}
        self.counters = {
            (c.prefix, c.year): c.last
            for c in DocumentNumber.objects.filter(prefix__in=["PO", "RO"])
        }
        self.orders: list[ReplenishmentOrder] = []
        self.order_lines: list[OrderLine] = []
        self.repairs: list[RepairOrder] = []
        self.report_parts: list[ReportPart] = []
        self._order_ids, self._line_ids = Ids(ReplenishmentOrder), Ids(OrderLine)
        self._repair_ids = Ids(RepairOrder)
        self._cancelled = False
        self._recent_parts: list[Part] = []

    # The calendar -------------------------------------------------------------------------

    def at(self, moment: datetime, action, *args) -> None:
        heapq.heappush(self.queue, (moment, next(self._order_of_events), action, args))

    def moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)

    def moment_day(self, moment: datetime) -> date:
        """The office's calendar day of a moment."""
        return moment.astimezone(self.tz).date()

    def run(self) -> None:
        self._plan_calendar()
        while self.queue and self.queue[0][0] <= self.now:
            moment, _order, action, args = heapq.heappop(self.queue)
            action(moment, *args)
        self._draft_order()

    def _plan_calendar(self) -> None:
        first = self.first_day
        self.at(self.moment(first, 9), self._opening)
        self.at(self.moment(first + timedelta(days=1), 14), self._restock)
        for offset in range(2, DAYS + 1):
            day = first + timedelta(days=offset)
            if day.weekday() == 0:
                self.at(self.moment(day, 10), self._review)
            if day.weekday() == 4 and (offset // 7) % 2 == 0:
                self.at(self.moment(day, 15), self._restock)
            if day.day == 28:
                self.at(self.moment(day, 16), self._scrap_returned)
            if day.day == 20 and day.month in (3, 6, 9, 12):
                self.at(self.moment(day, 9, 30), self._count, self.stores.store, STORE_COUNT)
                self.at(self.moment(day, 11), self._hq_lot)
            if day.day == 21 and day.month in (6, 12):
                for van in self.stores.vans.values():
                    self.at(self.moment(day, 17), self._count, van, VAN_COUNT)
            if day.day == 15 and day.month == 12:
                self.at(self.moment(day, 10), self._count, self.stores.hq, HQ_COUNT)
        for day, number, quantity, reason in INCIDENTS:
            self.at(
                self.moment(first + timedelta(days=day), 11),
                self._incident,
                number,
                quantity,
                reason,
            )
        recall = self.moment_day(self.now) - timedelta(days=RECALL["days_ago"])
        self.at(self.moment(recall, 10, 30), self._recall)
        self._plan_recent_orders(RECALL["number"])
        self._plan_usage()

    # Stock that arrives, leaves or is found ------------------------------------------------

    def _opening(self, at: datetime) -> None:
        """HQ's item master in stock; the office's shelves filled to their maximum."""
        hq, store = self.stores.hq, self.stores.store
        if hq is not None:
            for part in self.parts.values():
                low, high = (1, 3) if part.is_serialized else HQ_OPENING[part.spare_class]
                count = self.rng.randint(low, high) * (5 if part.unit in ("m", "L") else 1)
                self.book.bring(
                    part, hq, Kind.RECEIPT, count, at, self.hq_user, reference="Inventario inicial"
                )
        for part_id in self.plan.stocked(store):
            part = self.by_id[part_id]
            count = self.plan.maximum(part, store)
            if count:
                self.book.bring(
                    part, store, Kind.RECEIPT, count, at, self.clerk, reference="期初库存"
                )

    def _restock(self, at: datetime) -> None:
        """Every other Friday the vans and the consignment stock are filled up from the
        office's shelves, as far as the office has free stock."""
        store = self.stores.store
        places = [*self.stores.vans.values(), self.stores.consignment]
        for place in [p for p in places if p is not None]:
            for part_id in self.plan.stocked(place):
                part = self.by_id[part_id]
                wanted = self.plan.maximum(part, place) - self.book.on_hand.get(
                    (part.pk, place.pk), 0
                )
                count = min(wanted, self.book.free(part, store))
                if count > 0:
                    self.book.transfer(part, store, place, count, at, self.clerk)
                    self.after(part, store, at)
                    self.after(part, place, at)

    def _count(self, at: datetime, place: Warehouse | None, reasons: tuple) -> None:
        """A count finds a few differences on untracked parts: adjustments with the reason."""
        fewer, more = reasons
        if place is None:
            return
        counted = [
            self.by_id[part_id]
            for (part_id, warehouse_id), on_hand in sorted(self.book.on_hand.items())
            if warehouse_id == place.pk and on_hand > 0 and not self.by_id[part_id].is_serialized
        ]
        by = self.hq_user if place.kind == Warehouse.Kind.HQ else self.clerk
        for part in self.rng.sample(counted, min(len(counted), self.rng.randint(1, 3))):
            found = bool(more) and self.rng.random() < 0.35
            if not found and self.book.free(part, place) < 1:
                continue
            reason = self.rng.choice(more if found else fewer)
            self.book.post(part, place, Kind.ADJUSTMENT, 1 if found else -1, at, by, reason=reason)
            self.after(part, place, at)

    def _hq_lot(self, at: datetime) -> None:
        """A production lot at HQ for the parts the field uses most."""
        hq = self.stores.hq
        if hq is None:
            return
        quarter = (self.moment_day(at).month - 1) // 3 + 1
        for part_id, _count in self.plan.demand.most_common(8):
            part = self.by_id[part_id]
            if part_id in self.hq_short:
                continue
            self.book.bring(
                part,
                hq,
                Kind.RECEIPT,
                self.rng.randint(4, 12),
                at,
                self.hq_user,
                reference=f"Lote de fabricación {at:%Y}-T{quarter}",
            )

    def _scrap_returned(self, at: datetime) -> None:
        """Month end: returned pieces that cannot be repaired are scrapped."""
        for (part_id, warehouse_id), count in sorted(self.book.defective.items()):
            part = self.by_id[part_id]
            if count and not part.is_repairable:
                place = self.warehouse(warehouse_id)
                self.book.take(
                    part,
                    place,
                    Kind.SCRAP,
                    count,
                    at,
                    self.clerk,
                    condition=DEFECTIVE,
                    status=Status.SCRAPPED,
                    reason=SCRAP_RETURNED,
                )

    def _incident(self, at: datetime, number: str, quantity: int, reason: str) -> None:
        part, store = self.parts.get(number), self.stores.store
        if part is not None and self.book.free(part, store) >= quantity:
            self.book.take(
                part,
                store,
                Kind.SCRAP,
                quantity,
                at,
                self.clerk,
                status=Status.SCRAPPED,
                reason=reason,
            )
            self.after(part, store, at)

    def _recall(self, at: datetime) -> None:
        part = self.parts.get(RECALL["number"])
        if part is None:
            return
        self.hq_short[part.pk] = self.now + timedelta(days=RECALL["ships_in_days"])
        for place in self.stores.all:
            count = self.book.free(part, place)
            if count > 0:
                at_hq = place.kind == Warehouse.Kind.HQ
                reason = RECALL["reason_hq" if at_hq else "reason"] % {"year": at.year}
                by = self.hq_user if at_hq else self.clerk
                self.book.take(
                    part, place, Kind.SCRAP, count, at, by, status=Status.SCRAPPED, reason=reason
                )
                self.after(part, place, at)

    def arrives(self, part: Part, place: Warehouse, since: datetime) -> bool:
        """Stock of the part reaches the place after `since` and before now (a recalled
        part's orders wait for HQ's next batch)."""
        return any(
            since < moment <= self.now and not (source == "order" and part.pk in self.hq_short)
            for moment, source in self.arrivals[(part.pk, place.pk)]
        )

    def warehouse(self, pk: int) -> Warehouse:
        return next(place for place in self.stores.all if place.pk == pk)

    # What follows a movement (services/effects.py) -----------------------------------------

    def after(self, part: Part, place: Warehouse, at: datetime) -> None:
        """Waiting reservations are served first come, first served; alerts follow."""
        if self.waits[(part.pk, place.pk)]:
            for reservation in self.reservations:
                if reservation.state != Reservation.State.WAITING or (
                    (reservation.part_id, reservation.warehouse_id) != (part.pk, place.pk)
                ):
                    continue
                if reservation.remaining > self.book.free(part, place):
                    break
                self.book.hold(part, place, reservation.remaining)
                self.waits[(part.pk, place.pk)] -= reservation.remaining
                reservation.state = Reservation.State.ACTIVE
        self.review_alerts(part, place, at)

    def backordered(self, part: Part, place: Warehouse) -> int:
        return self.waits[(part.pk, place.pk)]

    def position(self, part: Part, place: Warehouse) -> int:
        free = self.book.free(part, place)
        return free + self.on_order[(part.pk, place.pk)] - self.backordered(part, place)

    def review_alerts(self, part: Part, place: Warehouse, at: datetime) -> None:
        _minimum, reorder, maximum = self.plan.policies.get((part.pk, place.pk), (0, 0, 0))
        if not maximum:
            return
        low = self.position(part, place) <= reorder
        empty = part.is_critical and self.book.free(part, place) <= 0
        for kind, raised in ((StockAlert.Kind.REORDER, low), (StockAlert.Kind.CRITICAL_OUT, empty)):
            key = (part.pk, place.pk, kind)
            alert = self._open_alerts.get(key)
            if raised and alert is None:
                self._open_alerts[key] = StockAlert(
                    part=part, warehouse=place, kind=kind, raised_at=at
                )
                self.alerts.append(self._open_alerts[key])
            elif not raised and alert is not None:
                alert.cleared_at = at
                del self._open_alerts[key]

    def number(self, prefix: str, at: datetime) -> str:
        """PO-2025-0012, RO-2026-0003: the year's next number, as services/numbers.py."""
        year = self.moment_day(at).year
        self.counters[(prefix, year)] = self.counters.get((prefix, year), 0) + 1
        return f"{prefix}-{year}-{self.counters[(prefix, year)]:04d}"
