"""Forms of the warehouse's stock pages: filters, movements, reservations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.core.form_rendering import offer

from ..models import Condition, Part, StockMovement, Warehouse
from ..selectors import reserving_warehouses, warehouses_for, warehouses_kept_by
from .common import PartNumberField, serial_list


class StockFilterForm(forms.Form):
    q = forms.CharField(label=_("Part number or name"), required=False, max_length=100)
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"), queryset=Warehouse.objects.none(), required=False
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All categories")), *Part.Category.choices],
        required=False,
    )
    low = forms.BooleanField(label=_("Only at or below the reorder point"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses_for(user)


class LedgerFilterForm(forms.Form):
    part = PartNumberField(required=False)
    warehouse = forms.ModelChoiceField(
        label=_("Warehouse"), queryset=Warehouse.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Movement"),
        choices=[("", _("All movements")), *StockMovement.Kind.choices],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses_for(user)


MOVEMENTS = {
    "receipt": _("Receive stock"),
    "adjustment": _("Correct stock after a count"),
    "transfer": _("Move stock to another warehouse"),
    "scrap": _("Scrap stock"),
}


class MovementForm(forms.Form):
    """One form for the four movements the warehouse books by hand; `kind` picks its fields."""

    part = PartNumberField()
    warehouse = forms.ModelChoiceField(label=_("Warehouse"), queryset=Warehouse.objects.none())
    target = forms.ModelChoiceField(
        label=_("To warehouse"), queryset=Warehouse.objects.none(), required=False
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), help_text=_("For a correction: + found, − missing.")
    )
    condition = forms.ChoiceField(
        label=_("Condition"), choices=Condition.choices, initial=Condition.DEFECTIVE
    )
    serial_numbers = forms.CharField(
        label=_("Serial numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For serial-tracked parts: one per piece, one per line."),
    )
    reference = forms.CharField(
        label=_("Reference"),
        max_length=60,
        required=False,
        help_text=_("Delivery note, order or case number."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    FIELDS = {
        "receipt": ("part", "warehouse", "quantity", "serial_numbers", "reference"),
        "adjustment": ("part", "warehouse", "quantity", "serial_numbers", "reason"),
        "transfer": ("part", "warehouse", "target", "quantity", "serial_numbers", "reference"),
        "scrap": ("part", "warehouse", "quantity", "condition", "serial_numbers", "reason"),
    }

    def __init__(self, *args, user, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(self.FIELDS[kind])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        kept = warehouses_kept_by(user)
        self.fields["warehouse"].queryset = kept
        if "target" in self.fields:
            self.fields["target"].queryset = kept
            self.fields["target"].required = True
        if kind == "adjustment":
            self.fields["reason"].required = True
        if kind == "scrap":
            self.fields["reason"].required = True
        self.kind = kind

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if self.kind != "adjustment" and quantity <= 0:
            raise forms.ValidationError(_("Give a quantity above zero."))
        if quantity == 0:
            raise forms.ValidationError(_("An adjustment changes the quantity."))
        return quantity

    def clean_serial_numbers(self):
        return serial_list(self.cleaned_data.get("serial_numbers", ""))


class ReserveForm(forms.Form):
    """A part for a case, typed by number or picked from the machine's bill of parts."""

    part = PartNumberField(
        widget=forms.TextInput(attrs={"list": "machine-parts", "autocomplete": "off"})
    )
    warehouse = forms.ModelChoiceField(label=_("From warehouse"), queryset=Warehouse.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    wait = forms.BooleanField(
        label=_("Not enough free stock: wait for the next receipt"),
        required=False,
        help_text=_(
            "What is free is held now; the rest is held when stock arrives, and the case resumes."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user, case, visible=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The engineer's van and the office's warehouse first: the first is the default.
        # Offered from the warehouses read once (`visible`: the case page's); the queryset
        # only checks a posted choice.
        offered = reserving_warehouses(user, case, visible)
        field = self.fields["warehouse"]
        field.queryset = Warehouse.objects.filter(pk__in=[w.pk for w in offered])
        offer(field, ((w.pk, str(w)) for w in offered))
