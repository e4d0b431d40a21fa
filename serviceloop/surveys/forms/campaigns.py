"""The new-campaign form: which questionnaire, when, and to whom (the audience filters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.customers.models import Customer, Division

from ..selectors.campaigns import versions_for


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.questionnaire.title} · v{obj.number}"


class CampaignForm(forms.Form):
    version = VersionChoiceField(label=_("Questionnaire"), queryset=None)
    name = forms.CharField(label=_("Campaign name"), max_length=120)
    opens_on = forms.DateField(
        label=_("Opens"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Closes"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The links stop working at the end of this day; without it, after 30 days."),
    )
    grades = forms.MultipleChoiceField(
        label=_("Customer grades"),
        choices=Customer.Grade.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    industries = forms.MultipleChoiceField(
        label=_("Industries"),
        choices=Customer.Industry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    provinces = forms.MultipleChoiceField(
        label=_("Provinces"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    case_from = forms.DateField(
        label=_("Had a case opened from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    case_to = forms.DateField(
        label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    AUDIENCE = ("grades", "industries", "provinces", "case_from", "case_to")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions_for(user)
        self.fields["provinces"].choices = list(
            Division.objects.filter(level=Division.Level.PROVINCE)
            .order_by("code")
            .values_list("code", "name")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("case_from"), data.get("case_to")
        if start and end and end < start:
            self.add_error("case_to", _("The period ends before it starts."))
        return data

    def audience(self) -> dict:
        """The filters as Campaign.audience keeps them (dates as ISO text)."""
        data = self.cleaned_data
        chosen = {}
        for key in self.AUDIENCE:
            value = data.get(key)
            if value:
                chosen[key] = value.isoformat() if hasattr(value, "isoformat") else list(value)
        return chosen
