"""Visit forms: planning a visit on a case, and checking in at the plant."""

from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import Role, User

from ..models import Case


class VisitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    engineers = forms.ModelMultipleChoiceField(
        label=_("Engineers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    planned_start = forms.DateTimeField(
        label=_("Planned arrival"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineers"].queryset = User.objects.filter(
            office_id=case.office_id, role=Role.ENGINEER, is_active=True
        )


class CheckInForm(forms.Form):
    # A day's drive at most: the minutes are billed as travel.
    travel_minutes = forms.IntegerField(
        label=_("Travel time (minutes)"),
        min_value=0,
        max_value=24 * 60,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
