"""Charge forms: the office's rates, quotes and their lines, and the customer's decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceloop.core.widgets import IsoDateInput

from ..models import ChargeLine


class ChargeRatesForm(forms.Form):
    labour_rate = forms.DecimalField(
        label=_("Labour rate per hour"), max_digits=12, decimal_places=2, min_value=0
    )
    travel_rate = forms.DecimalField(
        label=_("Travel rate per hour"), max_digits=12, decimal_places=2, min_value=0
    )
    vat_percent = forms.DecimalField(
        label=_("VAT (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )


class QuoteForm(forms.Form):
    scope = forms.CharField(
        label=_("Work quoted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What will be done, as the customer reads it."),
    )
    valid_until = forms.DateField(label=_("Valid until"), widget=IsoDateInput)

    def clean_valid_until(self):
        valid_until = self.cleaned_data["valid_until"]
        if valid_until < timezone.localdate():
            raise forms.ValidationError(_("A quote is valid until today or later."))
        return valid_until


class QuoteLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChargeLine.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    part_number = forms.CharField(
        label=_("Part number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"list": "part-choices", "autocomplete": "off"}),
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=8, decimal_places=2, min_value=0, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_(
            "Empty: the office's hourly rate for labour and travel, the list price for a "
            "catalogue part."
        ),
    )
    cover = forms.ChoiceField(
        label=_("Paid by"),
        choices=[("", _("As covered")), *ChargeLine.Cover.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if self.has_line() and not data.get("quantity"):
            self.add_error("quantity", _("Give the quantity."))
        return data

    def has_line(self) -> bool:
        """A row with anything typed in it is a line (and checked); untouched rows are not."""
        data = self.cleaned_data
        return any(
            data.get(name) not in (None, "")
            for name in ("quantity", "description", "part_number", "unit_price")
        )


QuoteLineFormSet = forms.formset_factory(
    QuoteLineForm, extra=0, min_num=1, max_num=30, validate_max=True
)


class SendQuoteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    email = forms.EmailField(label=_("Send to"), required=False)


class PurchaseOrderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    purchase_order = forms.CharField(label=_("Purchase order number"), max_length=60)
    name = forms.CharField(label=_("Approved by (customer)"), max_length=100, required=False)


class QuoteDecisionForm(forms.Form):
    """The customer's decision on the approval link."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    reason = forms.CharField(
        label=_("If you decline: why?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
