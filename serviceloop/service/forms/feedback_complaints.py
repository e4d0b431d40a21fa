"""A complaint opened by staff: heard on a call, read in an e-mail, told during a visit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Complaint
from ..selectors.feedback_complaints import (
    complaint_customers_for,
    complaint_owners_for,
    customer_case,
)

# A survey answer opens its complaint from the answer itself (surveys app), and low case
# feedback opens its own: neither is typed in.
TYPED_SOURCES = [
    (value, label)
    for value, label in Complaint.Source.choices
    if value not in (Complaint.Source.FEEDBACK, Complaint.Source.SURVEY)
]


class NewComplaintForm(forms.Form):
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=None)
    case_number = forms.CharField(
        label=_("Case number"),
        required=False,
        max_length=20,
        help_text=_("Optional: the customer's case the complaint is about."),
    )
    source = forms.ChoiceField(label=_("Source"), choices=TYPED_SOURCES)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Complaint.Severity.choices, initial=Complaint.Severity.MEDIUM
    )
    description = forms.CharField(
        label=_("What the customer says"), widget=forms.Textarea(attrs={"rows": 4})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        empty_label=_("The office's manager"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = complaint_customers_for(user)
        self.fields["owner"].queryset = complaint_owners_for(user)

    def clean(self):
        data = super().clean()
        number = data.get("case_number", "").strip()
        data["case"] = None
        if number and data.get("customer") is not None:
            data["case"] = customer_case(data["customer"], number)
            if data["case"] is None:
                self.add_error("case_number", _("This customer has no case with that number."))
        return data
