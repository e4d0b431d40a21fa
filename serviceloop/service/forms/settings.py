"""Office settings forms: the calendar, SLA targets and the engineers' profiles."""

from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.core.widgets import IsoDateInput
from serviceloop.equipment.models import EquipmentModel

from ..models import CalendarDay, Skill


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=IsoDateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=100, required=False)


class SlaTargetsForm(forms.Form):
    first_response_hours = forms.DecimalField(
        label=_("First response (hours)"), min_value=0, max_digits=6, decimal_places=2
    )
    on_site_hours = forms.DecimalField(
        label=_("On site (hours)"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    restore_hours = forms.DecimalField(
        label=_("Restore (hours)"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    business_hours = forms.BooleanField(label=_("In business hours"), required=False)


class EngineerProfileForm(forms.Form):
    home_base = forms.CharField(label=_("Home base"), max_length=100, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [(0, "—"), *Skill.Level.choices]
        for value, label in EquipmentModel.Family.choices:
            self.fields[f"skill_{value}"] = forms.TypedChoiceField(
                label=label, choices=levels, coerce=int, required=False, empty_value=0
            )

    def skills(self) -> dict[str, int]:
        return {
            family: self.cleaned_data.get(f"skill_{family}") or 0
            for family in EquipmentModel.Family.values
        }


class CertificationForm(forms.Form):
    name = forms.CharField(label=_("Certification"), max_length=100)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=IsoDateInput())
