"""Forms of the catalogue and the stocking policy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Part, StockingPolicy


class PartForm(forms.ModelForm):
    price_cny = forms.DecimalField(
        label=_("List price (CNY)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )
    price_eur = forms.DecimalField(
        label=_("List price (EUR)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )

    class Meta:
        model = Part
        fields = [
            "number",
            "name_zh",
            "name_en",
            "category",
            "spare_class",
            "unit",
            "cost_eur",
            "hs_code",
            "is_critical",
            "is_repairable",
            "is_serialized",
            "hq_lead_days",
            "customs_days",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        # The service validates the stored row (decision 0005): the form checks input only.
        pass

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def prices(self) -> dict:
        return {
            "CNY": self.cleaned_data.get("price_cny"),
            "EUR": self.cleaned_data.get("price_eur"),
        }


class PolicyForm(forms.ModelForm):
    class Meta:
        model = StockingPolicy
        fields = ["min_quantity", "reorder_point", "max_quantity", "target_fill_rate"]

    def _post_clean(self):
        pass

    def clean(self):
        data = super().clean()
        low, point, high = (data.get(n) for n in ("min_quantity", "reorder_point", "max_quantity"))
        if None not in (low, point, high) and not low <= point <= high:
            raise forms.ValidationError(_("Minimum ≤ reorder point ≤ maximum."))
        return data
