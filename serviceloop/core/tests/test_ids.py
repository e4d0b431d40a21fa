import pytest
from django import forms
from django.utils import translation

from serviceloop.core.ids import BIGINT_MAX, IdField, parse_id

HUGE = "99999999999999999999"


@pytest.mark.parametrize("text, expected", [("1", 1), (" 42 ", 42), (str(BIGINT_MAX), BIGINT_MAX)])
def test_parse_id_reads_ids_that_fit_a_64_bit_key(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    "text", [HUGE, str(BIGINT_MAX + 1), "0", "-1", "abc", "", None, "1.5", "²", "１２", "9" * 5000]
)
def test_parse_id_refuses_what_cannot_name_a_row(text):
    assert parse_id(text) is None


class _Filter(forms.Form):
    customer = IdField(required=False)


@pytest.mark.parametrize("text", [HUGE, "-1", "abc"])
def test_id_field_answers_a_form_error_to_an_id_that_cannot_exist(text):
    form = _Filter({"customer": text})
    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["customer"] == ["Select a valid choice."]


def test_id_field_gives_the_id_as_a_number():
    form = _Filter({"customer": "7"})
    assert form.is_valid() and form.cleaned_data["customer"] == 7
