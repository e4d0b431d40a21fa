"""Feedback forms: the customer's answers and the complaint that follows a poor score."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Complaint, FeedbackResponse
from ..selectors.feedback import engineers_for

SCALE = [(n, str(n)) for n in range(1, 6)]


class ScoreSelect(forms.RadioSelect):
    """The 1-5 radios; a score typed with full-width digits (５, from a Chinese input
    method) is read as its value, so it is both accepted and shown checked again."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value


def score_field(label) -> forms.TypedChoiceField:
    """A score from 1 to 5; anything else (0, 6, 10^26) is refused at the field."""
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        widget=ScoreSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )


class FeedbackForm(forms.ModelForm):
    """The customer's answers; 1 is very poor, 5 excellent."""

    class Meta:
        model = FeedbackResponse
        fields = [
            "response_speed",
            "competence",
            "attitude",
            "communication",
            "safety",
            "solved",
            "overall",
            "comment",
        ]
        widgets = {
            "solved": forms.RadioSelect(choices=[(True, _("Yes")), (False, _("No"))]),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in FeedbackResponse.SCORES:
            self.fields[name] = score_field(self.fields[name].label)
        self.fields["solved"] = forms.TypedChoiceField(
            label=_("Is the problem solved?"),
            choices=[("True", _("Yes")), ("False", _("No"))],
            coerce=lambda value: value == "True",
            widget=forms.RadioSelect,
        )

    def _post_clean(self):
        pass


class ComplaintForm(forms.ModelForm):
    """The manager's edit of a complaint. Model validation runs here too (no _post_clean
    override): Complaint.clean() names each field a close still needs, and the service
    checks the same rule again on the locked row."""

    class Meta:
        model = Complaint
        fields = ["state", "severity", "root_cause", "corrective_action", "customer_confirmed"]
        widgets = {
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "corrective_action": forms.Textarea(attrs={"rows": 3}),
        }


class FeedbackFilterForm(forms.Form):
    """The feedback list's filters; a value that does not parse is dropped, not refused."""

    since = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    customer = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=100,
        help_text=_("Name, pinyin or code."),
    )
    engineer = forms.ModelChoiceField(
        label=_("Engineer"), queryset=None, required=False, empty_label=_("All engineers")
    )
    at_most = forms.TypedChoiceField(
        label=_("A score at or below"),
        choices=[("", _("Any score")), *SCALE[:-1]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    with_comment = forms.BooleanField(label=_("Only with a comment"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineer"].queryset = engineers_for(user)

    def filters(self) -> dict:
        """The valid filters by name (an invalid one is left out, the others still apply)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
