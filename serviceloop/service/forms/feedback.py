"""Feedback forms: the customer's answers and the complaint that follows a poor score."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Complaint, FeedbackResponse

SCALE = [(n, str(n)) for n in range(1, 6)]


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
            **{name: forms.RadioSelect(choices=SCALE) for name in FeedbackResponse.SCORES},
            "solved": forms.RadioSelect(choices=[(True, _("Yes")), (False, _("No"))]),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solved"] = forms.TypedChoiceField(
            label=_("Is the problem solved?"),
            choices=[("True", _("Yes")), ("False", _("No"))],
            coerce=lambda value: value == "True",
            widget=forms.RadioSelect,
        )

    def _post_clean(self):
        pass


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["state", "severity", "root_cause", "corrective_action", "customer_confirmed"]
        widgets = {
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "corrective_action": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):
        pass
