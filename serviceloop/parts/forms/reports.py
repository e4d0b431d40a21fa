"""The parts lines of a repair report: one row per reservation of the case, plus rows for
parts taken from stock without one (the van's shelf)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import ReportPart, Reservation
from ..permissions import may_reserve_from
from ..selectors import warehouses_for
from .common import PartNumberField

EXTRA_ROWS = 3
Defective = ReportPart.Defective


def _row_fields(prefix: str, *, with_part: bool, warehouses) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    if with_part:
        fields[f"{prefix}part"] = PartNumberField(required=False)
        fields[f"{prefix}warehouse"] = forms.ModelChoiceField(
            label=_("From"), queryset=warehouses, required=False
        )
    fields[f"{prefix}quantity"] = forms.IntegerField(label=_("Used"), min_value=0, required=False)
    fields[f"{prefix}serial"] = forms.CharField(
        label=_("Serial fitted"), max_length=60, required=False
    )
    fields[f"{prefix}defective"] = forms.ChoiceField(
        label=_("The part taken out"), choices=Defective.choices, initial=Defective.RETURNED
    )
    fields[f"{prefix}removed_serial"] = forms.CharField(
        label=_("Its serial"), max_length=60, required=False
    )
    return fields


class ReportPartsForm(forms.Form):
    def __init__(self, *args, user, case, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.reservations = list(
            Reservation.objects.filter(case=case, state=Reservation.State.ACTIVE).select_related(
                "part", "warehouse"
            )
        )
        saved = (
            list(report.stock_parts.select_related("part", "warehouse", "serial")) if report else []
        )
        by_reservation = {line.reservation_id: line for line in saved if line.reservation_id}
        free = [line for line in saved if not line.reservation_id]
        candidates = warehouses_for(user).filter(office_id=case.office_id)
        warehouses = candidates.filter(
            pk__in=[w.pk for w in candidates if may_reserve_from(user, w)]
        )
        self.rows = []
        for reservation in self.reservations:
            prefix = f"r{reservation.pk}-"
            self.fields.update(_row_fields(prefix, with_part=False, warehouses=warehouses))
            line = by_reservation.get(reservation.pk)
            self._initial(prefix, line)
            if line is None and report is not None and not saved:
                # Reserved for this repair: most likely used; the engineer corrects it.
                self.initial[f"{prefix}quantity"] = reservation.remaining
            self.rows.append({"prefix": prefix, "reservation": reservation})
        for index in range(max(EXTRA_ROWS, len(free) + 1)):
            prefix = f"x{index}-"
            self.fields.update(_row_fields(prefix, with_part=True, warehouses=warehouses))
            line = free[index] if index < len(free) else None
            self._initial(prefix, line)
            if line is not None:
                self.initial[f"{prefix}part"] = line.part.number
                self.initial[f"{prefix}warehouse"] = line.warehouse_id
            self.rows.append({"prefix": prefix, "reservation": None})

    def _initial(self, prefix: str, line: ReportPart | None) -> None:
        if line is None:
            return
        self.initial.update(
            {
                f"{prefix}quantity": line.quantity,
                f"{prefix}serial": line.serial.serial if line.serial else "",
                f"{prefix}defective": line.defective,
                f"{prefix}removed_serial": line.removed_serial,
            }
        )

    def bound_rows(self):
        """Rows of bound fields for the template, in the order of the form."""
        names = ("part", "warehouse", "quantity", "serial", "defective", "removed_serial")
        for row in self.rows:
            fields = {
                n: self[f"{row['prefix']}{n}"]
                for n in names
                if f"{row['prefix']}{n}" in self.fields
            }
            yield {**row, **fields}

    def clean(self):
        data = super().clean()
        for row in self.rows:
            prefix = row["prefix"]
            if row["reservation"] is None and data.get(f"{prefix}quantity"):
                if not data.get(f"{prefix}part"):
                    self.add_error(f"{prefix}part", _("Which part?"))
                if not data.get(f"{prefix}warehouse"):
                    self.add_error(f"{prefix}warehouse", _("From which warehouse?"))
        return data

    def lines(self) -> list[dict]:
        """The used lines for services.reports.save_report_parts (rows left at 0 are not)."""
        data, lines = self.cleaned_data, []
        for row in self.rows:
            prefix, reservation = row["prefix"], row["reservation"]
            quantity = data.get(f"{prefix}quantity")
            if not quantity:
                continue
            lines.append(
                {
                    "part": reservation.part if reservation else data[f"{prefix}part"],
                    "warehouse": reservation.warehouse
                    if reservation
                    else data[f"{prefix}warehouse"],
                    "reservation": reservation,
                    "quantity": quantity,
                    "serial": data.get(f"{prefix}serial", ""),
                    "defective": data.get(f"{prefix}defective") or Defective.NONE,
                    "removed_serial": data.get(f"{prefix}removed_serial", ""),
                }
            )
        return lines
