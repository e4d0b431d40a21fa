"""The field's use of stock in the demo history: parts issued on the signed repair reports
(from the engineer's van, the key customer's consignment stock or the office), the pieces
taken out (returned, scrapped at the plant or kept) and the repair loop of the
repairable ones."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext

from serviceloop.parts.models import (
    Part,
    RepairOrder,
    ReportPart,
    SerialItem,
    StockMovement,
    Warehouse,
)
from serviceloop.service.models import Case

from .plan import parts_lines

Kind = StockMovement.Kind
Status = SerialItem.Status
Fate = ReportPart.Defective
Repair = RepairOrder.State
# Power electronics, coils and transformers go back to the factory; boards, drives,
# sensors and pumps to a repairer in China.
HQ_REPAIRS = {
    "power_semiconductors",
    "output_transformer",
    "inductor",
    "resonant_tank",
    "dc_link",
    "bus_leads",
}
VENDORS = {
    "sensors": "苏州华测计量校准服务站",
    "cooling": "无锡恒流泵业维修部",
    "quench": "无锡恒流泵业维修部",
}
VENDOR = "上海精测工业电子维修中心"
HQ_RESULT = "Repaired at HQ: failed components replaced, full-load test passed"
VENDOR_RESULT = "维修完成：更换损坏元件，通电测试合格"
BEYOND_REPAIR = "评估后无修复价值，报废"


def zh(message: str) -> str:
    """The app's own wording (translated already), as a Chinese clerk would have seen it."""
    with translation.override("zh-hans"):
        return gettext(message)


class _Usage:
    """Stock used by the service loop (a part of `_History`)."""

    def _plan_usage(self) -> None:
        self.by_key = {part.number_key: part for part in self.parts.values()}
        self.refurbished = zh("Refurbished")
        for report in self.reports:
            lines = parts_lines(report)
            if lines:
                self.at(report.engineer_signed_at, self._issue_report, report, lines)
        self._plan_reservations()

    # Parts on the signed reports -----------------------------------------------------------

    def _issue_report(self, at: datetime, report, lines: list[tuple[str, int]]) -> None:
        van = self.stores.vans.get(report.engineer_id)
        for key, quantity in lines:
            part = self.by_key.get(key)
            if part is None:
                continue
            for count in [1] * quantity if part.is_serialized else [quantity]:
                place = self._source(part, count, report.case, van)
                if place is not None:
                    self._issue(at, report, part, place, count)

    def _source(self, part: Part, count: int, case: Case, van) -> Warehouse | None:
        """The engineer's van first, then consignment stock at its customer, then the office;
        a part none of them has was not taken from stock (the customer's own spare)."""
        places = []
        if van is not None and (part.pk, van.pk) in self.plan.policies:
            places.append(van)
        consignment = self.stores.consignment
        if consignment is not None and case.customer_id == consignment.customer_id:
            places.append(consignment)
        places.append(self.stores.store)
        return next((p for p in places if self.book.free(part, p) >= count), None)

    def _issue(self, at: datetime, report, part: Part, place: Warehouse, count: int) -> None:
        case = report.case
        [(issue, fitted)] = self.book.take(
            part,
            place,
            Kind.ISSUE,
            count,
            at,
            report.engineer,
            status=Status.INSTALLED,
            unit=case.unit,
            case=case,
            report=report,
            reference=case.number,
        )
        line = ReportPart(
            report=report, part=part, warehouse=place, quantity=count, serial=fitted, issue=issue
        )
        line.defective = self._fate(part, place)
        if line.defective == Fate.RETURNED:
            removed = self._removed_piece(part, case)
            item = self.book.return_defective(
                part,
                place,
                count,
                at,
                report.engineer,
                item=removed,
                serial_number=self._removed_number(part, case),
                case=case,
                report=report,
                reference=case.number,
            )
            line.removed_serial = item.serial if item else ""
            if part.is_repairable:
                for _piece in range(count if item is None else 1):
                    self._open_repair(at, report, part, place, item)
        self.report_parts.append(line)
        self.after(part, place, at)

    def _fate(self, part: Part, place: Warehouse) -> str:
        """What happened to the piece the new one replaced."""
        if part.is_repairable:
            return Fate.RETURNED
        if part.unit in ("m", "L") or part.spare_class == Part.SpareClass.C:
            return self.rng.choice([Fate.NONE, Fate.SCRAPPED, Fate.SCRAPPED])
        if place.kind == Warehouse.Kind.VAN:
            return self.rng.choice([Fate.SCRAPPED, Fate.KEPT])
        return self.rng.choices([Fate.RETURNED, Fate.SCRAPPED, Fate.KEPT], weights=[3, 5, 2])[0]

    @staticmethod
    def _removed_number(part: Part, case: Case) -> str:
        """The serial of a tracked piece the system meets when it comes out of a machine."""
        if not part.is_serialized or case.unit is None:
            return ""
        return f"{case.unit.serial}/{part.number[3:]}"

    def _removed_piece(self, part: Part, case: Case) -> SerialItem | None:
        """A piece fitted to this machine earlier from our stock is the one coming out."""
        if not part.is_serialized:
            return None
        fitted = [
            item
            for item in self.book.serials
            if item.part_id == part.pk
            and item.unit_id == case.unit_id
            and item.status == Status.INSTALLED
        ]
        return fitted[0] if fitted else None

    # The repair loop -----------------------------------------------------------------------

    def _open_repair(self, at: datetime, report, part: Part, place: Warehouse, item) -> None:
        rng = self.rng
        repair = RepairOrder(
            pk=self._repair_ids.take(),
            number=self.number("RO", at),
            part=part,
            serial=item,
            warehouse=place,
            state=Repair.DEFECTIVE,
            case=report.case,
            fault=report.fault_found[:2000],
            created_by=report.engineer,
            created_at=at,
        )
        self.repairs.append(repair)
        decided = at + timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 5))
        if rng.random() < 0.08:
            self.at(decided, self._scrap_on_shelf, repair)
            return
        to_hq = part.category in HQ_REPAIRS or rng.random() < 0.2
        sent = decided + timedelta(days=rng.randint(1, 4))
        back = sent + timedelta(days=rng.randint(18, 35) if to_hq else rng.randint(6, 14))
        home = back + timedelta(days=rng.randint(6, 12) if to_hq else rng.randint(1, 3))
        decision = {
            "repairer": RepairOrder.Repairer.HQ if to_hq else RepairOrder.Repairer.VENDOR,
            "repairer_office": self.stores.hq.office if to_hq else None,
            "vendor": "" if to_hq else VENDORS.get(part.category, VENDOR),
        }
        self.at(decided, self._repair_step, repair, Repair.TO_REPAIR, decision)
        self.at(sent, self._send_repair, repair, self.moment_day(home) + timedelta(days=3))
        if rng.random() < 0.08:
            fields = {"scrapped_at": back, "result": BEYOND_REPAIR}
            self.at(back, self._repair_step, repair, Repair.SCRAPPED, fields)
            return
        share = Decimal(str(round(rng.uniform(0.2, 0.45), 2)))
        cost = part.cost_eur * share if to_hq else part.cost_eur * share * Decimal("7.8")
        fields = {
            "shipped_back_at": back,
            "cost": cost.quantize(Decimal("1")),
            "currency": "EUR" if to_hq else "CNY",
            "result": HQ_RESULT if to_hq else VENDOR_RESULT,
        }
        self.at(back, self._repair_step, repair, Repair.SHIPPED_BACK, fields)
        self.at(home, self._repair_home, repair)
        self.arrivals[(part.pk, place.pk)].append((home, "repair"))

    def _repair_step(self, at: datetime, repair: RepairOrder, state: str, fields: dict) -> None:
        repair.state, repair.version = state, repair.version + 1
        for name, value in fields.items():
            setattr(repair, name, value)
        if state == Repair.SCRAPPED and repair.serial is not None:
            repair.serial.status = Status.SCRAPPED

    def _send_repair(self, at: datetime, repair: RepairOrder, expected_back) -> None:
        self.book.repair_leaves(
            repair, Kind.REPAIR_OUT, at, self.clerk, Status.IN_REPAIR, case=repair.case
        )
        self._repair_step(at, repair, Repair.SENT, {"sent_at": at, "expected_back": expected_back})

    def _repair_home(self, at: datetime, repair: RepairOrder) -> None:
        self.book.repair_returns(repair, at, self.clerk, reason=self.refurbished)
        self._repair_step(at, repair, Repair.REFURBISHED, {"returned_at": at})
        self.after(repair.part, repair.warehouse, at)

    def _scrap_on_shelf(self, at: datetime, repair: RepairOrder) -> None:
        self.book.repair_leaves(
            repair, Kind.SCRAP, at, self.clerk, Status.SCRAPPED, reason=BEYOND_REPAIR
        )
        self._repair_step(at, repair, Repair.SCRAPPED, {"scrapped_at": at, "result": BEYOND_REPAIR})
