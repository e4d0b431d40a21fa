"""Repair report forms: the report, and the customer's signature on it (or on a quote)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import RepairReport


class ReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RepairReport
        fields = [
            "fault_found",
            "root_cause",
            "actions",
            "parts_used",
            "labour_hours",
            "travel_hours",
            "readings_after",
        ]
        widgets = {
            "fault_found": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 4}),
            "parts_used": forms.Textarea(attrs={"rows": 3}),
            "readings_after": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self):
        pass


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    customer_name = forms.CharField(
        label=_("Name of the customer accepting the work"), max_length=100
    )
    signature = forms.CharField(widget=forms.HiddenInput, required=False)
