"""The period of the case feedback analysis."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PeriodForm(forms.Form):
    """Received from / until, both days included; a value that does not parse is dropped
    (the last 12 months stand in), not refused."""

    since = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {key: cleaned.get(key) for key in ("since", "until") if cleaned.get(key)}
