"""core's id guard in the project's real lookups: ids beyond 64 bits match nothing."""

import pytest
from django import forms

from serviceloop.accounts.models import Office, User

HUGE = "99999999999999999999"


@pytest.mark.django_db
def test_out_of_range_ids_through_foreign_keys_and_in_lists_match_nothing(shanghai):
    # Django guards `pk=` itself; these are the lookups SQLite answered with OverflowError.
    huge = int(HUGE)
    assert not User.objects.filter(office_id=huge).exists()
    assert not User.objects.filter(office=-huge).exists()
    assert not User.objects.filter(office__in=[huge]).exists()
    assert list(Office.objects.filter(pk__in=[huge, shanghai.pk])) == [shanghai]
    assert Office.objects.exclude(pk__in=[huge]).count() == Office.objects.count()


@pytest.mark.django_db
def test_model_multiple_choice_field_refuses_an_out_of_range_id(shanghai):
    field = forms.ModelMultipleChoiceField(queryset=Office.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean([HUGE])
