"""core.form_rendering.offer: a model choice field shows the options its caller read, and
its queryset still decides what a post may choose."""

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from serviceloop.core.form_rendering import offer


class PickForm(forms.Form):
    group = forms.ModelChoiceField(queryset=Group.objects.none())

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = Group.objects.filter(pk__in=[g.pk for g in groups])
        offer(self.fields["group"], ((g.pk, g.name.upper()) for g in groups))


@pytest.mark.django_db
def test_the_offered_options_show_without_reading_the_queryset_again():
    kept, other = Group.objects.create(name="kept"), Group.objects.create(name="other")
    form = PickForm(groups=[kept])
    with CaptureQueriesContext(connection) as queries:
        html = str(form["group"])
    assert len(queries) == 0
    assert f'<option value="{kept.pk}">KEPT</option>' in html and "OTHER" not in html
    assert '<option value="" selected>' in html  # the field's own empty label first

    assert PickForm({"group": kept.pk}, groups=[kept]).is_valid()
    refused = PickForm({"group": other.pk}, groups=[kept])
    assert not refused.is_valid() and "group" in refused.errors
