"""The widgets core.form_rendering writes in Python give exactly what Django's widget
templates give, for every kind it covers, with values that need escaping."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from serviceloop.core.form_rendering import FormRenderer

CHOICES = [("", "—"), ("a&b", "A <b>"), (3, mark_safe("<i>safe</i>")), ("x", "X")]
GROUPED = [("Group <1>", [("g1", "One"), ("g2", "Two")]), ("plain", "Plain")]


class Everything(forms.Form):
    text = forms.CharField(help_text="help", max_length=20)
    number = forms.IntegerField(min_value=0)
    hidden = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    check = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    note = forms.CharField(widget=forms.Textarea)
    pick = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=GROUPED)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    upload = forms.FileField(required=False)


DATA = {
    "text": 'a "quoted" <value> & more',
    "number": "-1",
    "hidden": "<h>",
    "email": "x@example.com",
    "day": date(2026, 12, 7),
    "at": "2026-12-07T08:30",
    "check": "on",
    "secret": "p<w>",
    "note": "line 1\n<script>x</script>",
    "pick": "a&b",
    "grouped": "g2",
    "many": ["3", "x"],
}


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "bound with errors"])
def test_every_covered_widget_reads_as_djangos_own_templates_write_it(data):
    ours, theirs = Everything(data, renderer=FormRenderer()), Everything(data)
    theirs.renderer = DjangoTemplates()
    for name in Everything.base_fields:
        assert str(ours[name]) == str(theirs[name]), name


def test_safe_values_and_attributes_stay_unescaped_as_in_djangos_templates():
    safe = mark_safe("a&amp;b")
    initial = {"text": safe, "hidden": safe, "pick": "a&b"}
    ours, theirs = Everything(initial=initial, renderer=FormRenderer()), Everything(initial=initial)
    theirs.renderer = DjangoTemplates()
    attrs = {"data-safe": safe, "data-pair": (1, "<2>")}
    for name in ("text", "hidden", "pick", "note"):
        assert ours[name].as_widget(attrs=attrs) == theirs[name].as_widget(attrs=attrs), name
