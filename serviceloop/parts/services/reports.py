"""Parts from stock on a repair report: chosen while the report is a draft (at the plant,
perhaps offline), issued from stock in the transaction that signs it (decision 0009)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from serviceloop.accounts.models import User
from serviceloop.core.text import normalize_code
from serviceloop.service.models import RepairReport

from .. import permissions
from ..locks import lock_balances
from ..models import Condition, ReportPart, Reservation, SerialItem, StockMovement
from . import effects, repairs, serials
from .ledger import hold, post
from .reservations import _release_locked, refusal

Kind = StockMovement.Kind
Defective = ReportPart.Defective
Status = SerialItem.Status


def _check_line(by: User, report: RepairReport, line: dict, number: int) -> ReportPart:
    part, warehouse, reservation = line["part"], line["warehouse"], line.get("reservation")
    if reservation is not None and (
        reservation.case_id != report.case_id or reservation.part_id != part.pk
    ):
        raise ValidationError(
            _("Line %(n)s: that reservation is not for this case.") % {"n": number}
        )
    if reservation is not None and reservation.warehouse_id != warehouse.pk:
        # Issued from one place while the stock is held in another, the held stock would be
        # released from the wrong balance.
        raise ValidationError(
            _("Line %(n)s: that reservation holds the part in %(warehouse)s.")
            % {"n": number, "warehouse": reservation.warehouse}
        )
    if reservation is None and not permissions.may_reserve_from(by, warehouse):
        raise ValidationError(
            _("Line %(n)s: you may not take stock from %(warehouse)s.")
            % {"n": number, "warehouse": warehouse}
        )
    if part.is_serialized and (line["quantity"] != 1 or not line.get("serial", "").strip()):
        raise ValidationError(
            _(
                "Line %(n)s: %(part)s is tracked by serial: one piece per line, with its "
                "serial number."
            )
            % {"n": number, "part": part.number}
        )
    if line.get("defective") not in Defective.values:
        raise ValidationError(
            _("Line %(n)s: say what happened to the part taken out.") % {"n": number}
        )
    return ReportPart(
        report=report,
        part=part,
        warehouse=warehouse,
        quantity=line["quantity"],
        reservation=reservation,
        defective=line["defective"],
        removed_serial=line.get("removed_serial", "").strip()[:60],
    )


@transaction.atomic
def save_report_parts(*, by: User, report: RepairReport, lines: list[dict]) -> list[ReportPart]:
    """Replaces the parts lines of an unsigned report. Nothing moves in stock yet: the
    report may be written offline, and stock is checked again when it is signed."""
    stored = (
        RepairReport.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=report.pk)
    )
    if stored.engineer_id != by.pk:
        raise PermissionDenied(_("Only the engineer who writes the report lists its parts."))
    if stored.is_signed:
        raise ValidationError(_("This report is signed: add a correction instead."))
    rows = [_check_line(by, stored, line, n) for n, line in enumerate(lines, start=1)]
    for row, line in zip(rows, lines, strict=True):
        row.planned_serial = line.get("serial", "").strip()  # type: ignore[attr-defined]
    stored.stock_parts.all().delete()
    for row in rows:
        if row.part.is_serialized:
            row.serial = SerialItem.objects.filter(
                part=row.part,
                serial_key=normalize_code(row.planned_serial),  # type: ignore[attr-defined]
            ).first()
        row.full_clean(exclude=["report", "part", "warehouse", "reservation", "serial"])
        row.save()
    return rows


def issue_on_signing(*, report: RepairReport, by: User) -> None:
    """Signing issues the report's parts: from the case's reservations where there are, else
    from free stock; what a line's reservation did not need is released; the defective parts
    taken out are returned to stock (and enter the repair loop) or recorded as scrapped.
    Refused stock stops the signing, saying what is available where."""
    lines = list(report.stock_parts.select_related("part", "warehouse", "reservation", "serial"))
    if not lines:
        return
    places = [(line.part_id, line.warehouse_id) for line in lines]
    locked = lock_balances(places)
    for line in lines:
        _issue(line, locked[(line.part_id, line.warehouse_id)], report, by)
    effects.after_change(by, list(locked.values()))


def _issue(line: ReportPart, balance, report: RepairReport, by: User) -> None:
    case = report.case
    reservation = (
        Reservation.objects.filter(pk=line.reservation_id).first() if line.reservation_id else None
    )
    from_reservation = 0
    if reservation is not None and reservation.state == Reservation.State.ACTIVE:
        from_reservation = min(reservation.remaining, line.quantity)
    extra = line.quantity - from_reservation
    if extra:
        try:
            hold(balance, extra)
        except ValidationError:
            raise refusal(line.part, line.warehouse, balance, line.quantity, by) from None
    hold(balance, -line.quantity)
    serial = None
    if line.part.is_serialized:
        serial = serials.on_shelf(
            line.part, line.serial.serial if line.serial else "", line.warehouse
        )
        serials.leave(serial, Status.INSTALLED, unit=case.unit)
    issue = post(
        balance,
        kind=Kind.ISSUE,
        quantity=-line.quantity,
        by=by,
        serial=serial,
        case=case,
        report=report,
        reference=case.number,
    )
    if reservation is not None and from_reservation:
        reservation.issued += from_reservation
        reservation.save(update_fields=["issued"])
        _release_locked(reservation, balance, None)
    line.issue, line.serial = issue, serial
    line.save(update_fields=["issue", "serial"])
    _taken_out(line, balance, report, by)


def _taken_out(line: ReportPart, balance, report: RepairReport, by: User) -> None:
    """The piece the new one replaced: back to the warehouse as defective, or scrapped."""
    case = report.case
    known = None
    if line.removed_serial:
        known = SerialItem.objects.filter(
            part=line.part, serial_key=normalize_code(line.removed_serial)
        ).first()
    if line.defective == Defective.RETURNED:
        item = None
        if line.part.is_serialized or line.removed_serial:
            item = serials.arriving(
                line.part,
                line.removed_serial or f"{case.number}-{line.pk}",
                line.warehouse,
                Status.DEFECTIVE,
            )
        post(
            balance,
            kind=Kind.RETURN,
            quantity=line.quantity,
            condition=Condition.DEFECTIVE,
            by=by,
            serial=item,
            case=case,
            report=report,
            reference=case.number,
        )
        if line.part.is_repairable:
            for _piece in range(line.quantity if item is None else 1):
                repairs.open_repair(
                    by=by,
                    part=line.part,
                    warehouse=line.warehouse,
                    serial=item,
                    case=case,
                    fault=report.fault_found,
                )
    elif line.defective == Defective.SCRAPPED and known is not None:
        serials.not_held(known)  # a piece on a shelf was not in the machine
        serials.leave(known, Status.SCRAPPED)
