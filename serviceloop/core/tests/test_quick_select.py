"""The filters' quick_select writes a field's select as Django's widget would: every key
and label escaped, the chosen value selected."""

from django import forms
from django.utils.safestring import mark_safe

from serviceloop.core.templatetags.serviceloop import quick_select


class Filters(forms.Form):
    state = forms.ChoiceField(
        choices=[("", "All"), ("a&b", "A <b>"), ("x", mark_safe("<i>X</i>"))], required=False
    )


def test_a_quick_select_escapes_every_option_and_selects_the_chosen_one():
    html = quick_select(Filters({"state": "a&b"})["state"])
    assert html == (
        '<select name="state" id="id_state"><option value="">All</option>'
        '<option value="a&amp;b" selected>A &lt;b&gt;</option>'
        '<option value="x"><i>X</i></option></select>'
    )
