"""Repair report forms: the report, and the customer's signature on it (or on a quote)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import RepairReport
from ..models.charges_amounts import HOURS


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Model validation runs in the service on the locked row; the hours are checked here
        # too, so a negative hour is refused next to its field before the service is called.
        for name in ("labour_hours", "travel_hours"):
            self.fields[name].validators.extend(HOURS)
            self.fields[name].widget.attrs["min"] = "0"

    def _post_clean(self):
        pass


class DrawingInput(forms.HiddenInput):
    """The drawing goes up once: a refused form shown again does not echo it back (up to a
    megabyte, perhaps not an image at all); the customer signs the empty box again."""

    def format_value(self, value):
        return None


class SignForm(forms.Form):
    # The report the page showed: a signing retried after the next report was opened must
    # not sign that one.
    report = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
    customer_name = forms.CharField(
        label=_("Name of the customer accepting the work"), max_length=100
    )
    signature = forms.CharField(widget=DrawingInput, required=False)
    # The service refuses an empty one with its reason (as the customer's).
    engineer_signature = forms.CharField(widget=DrawingInput, required=False)


class AddendumForm(forms.Form):
    """A correction to a signed report (the report itself cannot change)."""

    text = forms.CharField(
        label=_("Correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the correction.")},
    )
