"""Forms of replenishment orders and repairs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.core.widgets import IsoDateInput

from ..models import RepairOrder, ReplenishmentOrder, Warehouse
from ..selectors import warehouses_kept_by
from .common import PartNumberField, serial_list

ORDER_ROWS = 8


class OrderForm(forms.Form):
    warehouse = forms.ModelChoiceField(label=_("Deliver to"), queryset=Warehouse.objects.none())
    transport = forms.ChoiceField(
        label=_("Transport"), choices=ReplenishmentOrder.Transport.choices
    )
    is_urgent = forms.BooleanField(label=_("Urgent (a line is down)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses_kept_by(user).exclude(kind=Warehouse.Kind.HQ)
        for n in range(ORDER_ROWS):
            self.fields[f"line{n}-part"] = PartNumberField(required=False)
            self.fields[f"line{n}-quantity"] = forms.IntegerField(
                label=_("Quantity"), min_value=1, required=False
            )

    def line_rows(self):
        for n in range(ORDER_ROWS):
            yield self[f"line{n}-part"], self[f"line{n}-quantity"]

    def clean(self):
        data = super().clean()
        for n in range(ORDER_ROWS):
            part, quantity = data.get(f"line{n}-part"), data.get(f"line{n}-quantity")
            if part and not quantity:
                self.add_error(f"line{n}-quantity", _("Give the quantity."))
            if quantity and not part and f"line{n}-part" not in self.errors:
                self.add_error(f"line{n}-part", _("Which part?"))
        return data

    def lines(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"part": data[f"line{n}-part"], "quantity": data[f"line{n}-quantity"]}
            for n in range(ORDER_ROWS)
            if data.get(f"line{n}-part")
        ]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmOrderForm(VersionForm):
    promised_on = forms.DateField(label=_("Ships on"), widget=IsoDateInput)


class ShipOrderForm(VersionForm):
    transport = forms.ChoiceField(
        label=_("Transport"), choices=ReplenishmentOrder.Transport.choices
    )
    tracking = forms.CharField(label=_("Tracking number"), max_length=60, required=False)


class CustomsForm(VersionForm):
    declaration = forms.CharField(
        label=_("Customs declaration number"), max_length=40, required=False
    )


class ReceiveOrderForm(forms.Form):
    """What arrived, line by line; serial-tracked parts with their serials.
    Its one-time key is the page's `{% form_key %}` (core/form_keys.py)."""

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_lines = [line for line in order.lines.all() if line.outstanding > 0]
        for line in self.order_lines:
            self.fields[f"q{line.pk}"] = forms.IntegerField(
                label=line.part.number,
                min_value=0,
                max_value=line.outstanding,
                required=False,
                initial=line.outstanding,
            )
            if line.part.is_serialized:
                self.fields[f"s{line.pk}"] = forms.CharField(
                    label=_("Serial numbers"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def rows(self):
        for line in self.order_lines:
            yield (
                line,
                self[f"q{line.pk}"],
                self[f"s{line.pk}"] if f"s{line.pk}" in self.fields else None,
            )

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"q{line.pk}") or 0 for line in self.order_lines}

    def serials(self) -> dict[int, list[str]]:
        return {
            line.pk: serial_list(self.cleaned_data.get(f"s{line.pk}", ""))
            for line in self.order_lines
        }


class DecideRepairForm(VersionForm):
    repairer = forms.ChoiceField(label=_("Repaired by"), choices=RepairOrder.Repairer.choices)
    vendor = forms.CharField(label=_("Vendor"), max_length=100, required=False)


class SendRepairForm(VersionForm):
    expected_back = forms.DateField(label=_("Expected back"), widget=IsoDateInput, required=False)


class ShipBackForm(VersionForm):
    cost = forms.DecimalField(
        label=_("Repair cost"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    result = forms.CharField(
        label=_("What was repaired"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReceiveRepairForm(VersionForm):
    cost = forms.DecimalField(
        label=_("Repair cost"), max_digits=12, decimal_places=2, min_value=0, required=False
    )


class ScrapRepairForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)
