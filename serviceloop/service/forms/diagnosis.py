"""Remote diagnosis forms: findings, requests to the customer and the customer's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Reading


class FindingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    diagnosis = forms.CharField(
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the readings, photos and calls with the customer showed."),
    )


class InfoRequestForm(forms.Form):
    """What the engineer asks the customer to read off the machine or photograph."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    tags = forms.MultipleChoiceField(
        label=_("Readings to send"),
        choices=Reading.Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wants_photos = forms.BooleanField(label=_("Photos or a video"), required=False)
    message = forms.CharField(
        label=_("Message to the customer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you need and why, as the operator at the machine reads it."),
    )
    email = forms.EmailField(
        label=_("Send the link to"),
        required=False,
        help_text=_("Empty: copy the link from the case page into WeChat."),
    )
    wait = forms.BooleanField(
        label=_("Wait for the answer (the SLA clocks pause)"), required=False, initial=True
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,video/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AnswerForm(forms.Form):
    """The customer's answer on the request link: one field per reading asked for."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    taken_at = forms.DateTimeField(
        label=_("Read at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    photos = MultipleFileField(label=_("Photos or a video"), required=False)
    answer = forms.CharField(
        label=_("Anything else we should know"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, tags: list[str], wants_photos: bool, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Reading.Tag.choices)
        for tag in tags:
            if tag == Reading.Tag.ALARM:
                field = forms.CharField(label=labels[tag], max_length=40, required=False)
            else:
                field = forms.DecimalField(
                    label=labels[tag], max_digits=10, decimal_places=3, required=False
                )
            field.widget.attrs["inputmode"] = "text" if tag == Reading.Tag.ALARM else "decimal"
            self.fields[f"r_{tag}"] = field
        if not wants_photos:
            del self.fields["photos"]
        self.order_fields([f"r_{tag}" for tag in tags] + ["photos", "answer", "taken_at", "name"])

    def readings(self) -> dict:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("r_") and value not in (None, "")
        }
