"""The filters of the response list: campaign, customer, survey method and period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import User
from serviceloop.core.widgets import IsoDateInput, QuickSelect
from serviceloop.customers.selectors import customers_for

from ..models import Response
from ..selectors.campaigns import campaigns_for
from ..selectors.responses import ResponseFilters


class ResponseFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)
    customer = forms.ModelChoiceField(
        label=_("Customer"), queryset=None, required=False, widget=QuickSelect
    )
    method = forms.ChoiceField(
        label=_("Survey method"), choices=[("", "—"), *Response.Method.choices], required=False
    )
    surveyed_from = forms.DateField(label=_("Surveyed from"), required=False, widget=IsoDateInput)
    surveyed_to = forms.DateField(label=_("until"), required=False, widget=IsoDateInput)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns_for(user)
        self.fields["customer"].queryset = customers_for(user).order_by("code")

    def filters(self) -> ResponseFilters:
        """What the list is filtered by; a filter typed wrong is left out."""
        if not self.is_valid():
            return ResponseFilters()
        data = self.cleaned_data
        return ResponseFilters(
            campaign=data["campaign"].pk if data["campaign"] else None,
            customer=data["customer"].pk if data["customer"] else None,
            method=data["method"],
            surveyed_from=data["surveyed_from"],
            surveyed_to=data["surveyed_to"],
        )
