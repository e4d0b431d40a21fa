"""Serial-tracked parts move piece by piece: where each serial may go from where it is."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from serviceloop.core.text import normalize_code

from ..models import Part, SerialItem, Warehouse

Status = SerialItem.Status


def read_serials(part: Part, serials: list[str] | None, quantity: int) -> list[str]:
    """The serials a movement of a serial-tracked part names: one per piece, no repeats."""
    cleaned = [s.strip() for s in serials or [] if s.strip()]
    if not part.is_serialized:
        if cleaned:
            raise ValidationError(_("%(part)s is not tracked by serial.") % {"part": part.number})
        return []
    keys = [normalize_code(s) for s in cleaned]
    if len(cleaned) != quantity or len(set(keys)) != len(keys):
        raise ValidationError(
            _("%(part)s is tracked by serial: give %(count)s different serial numbers.")
            % {"part": part.number, "count": quantity}
        )
    return cleaned


def not_held(item: SerialItem) -> None:
    """Refused while the piece is on a shelf or with its repairer: it is not anywhere else."""
    if item.status in (Status.IN_STOCK, Status.DEFECTIVE):
        raise ValidationError(
            _("Serial %(serial)s is already in %(warehouse)s.")
            % {"serial": item.serial, "warehouse": item.warehouse}
        )
    if item.status == Status.IN_REPAIR:
        raise ValidationError(
            _("Serial %(serial)s is at the repairer: receive it on its repair order.")
            % {"serial": item.serial}
        )


def arriving(part: Part, serial: str, warehouse: Warehouse, status: str) -> SerialItem:
    """A piece coming into stock (new, or a known piece coming back); refused if the
    system already has it on a shelf or in repair."""
    item, _created = SerialItem.objects.get_or_create(
        part=part,
        serial_key=normalize_code(serial),
        defaults={"serial": serial, "status": status, "warehouse": warehouse},
    )
    if not _created:
        not_held(item)
        item.status, item.warehouse, item.unit = status, warehouse, None
        item.save(update_fields=["status", "warehouse", "unit"])
    return item


def on_shelf(
    part: Part, serial: str, warehouse: Warehouse, status: str = Status.IN_STOCK
) -> SerialItem:
    """A piece that must be on this warehouse's shelf (good or defective, as `status`)."""
    item = SerialItem.objects.filter(
        part=part, serial_key=normalize_code(serial), warehouse=warehouse, status=status
    ).first()
    if item is None:
        raise ValidationError(
            _("Serial %(serial)s of %(part)s is not in %(warehouse)s.")
            % {"serial": serial, "part": part.number, "warehouse": warehouse}
        )
    return item


def leave(item: SerialItem, status: str, *, warehouse: Warehouse | None = None, unit=None) -> None:
    item.status, item.warehouse, item.unit = status, warehouse, unit
    item.save(update_fields=["status", "warehouse", "unit"])
