"""Pieces the parts forms share: a part typed by its number, serial numbers typed in a list.

The one-time key of the stock forms is core's `{% form_key %}` (core/form_keys.py)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Part
from ..selectors import part_by_number


class PartNumberField(forms.CharField):
    """A part number as typed (full-width or with spaces is fine), turned into the part."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Part number"))
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        part = part_by_number(text)
        if part is None:
            raise forms.ValidationError(_("Unknown part number “%(value)s”.") % {"value": text})
        return part


def serial_list(text: str) -> list[str]:
    """Serial numbers typed one per line (or separated by commas or spaces)."""
    return [s for s in re.split(r"[\s,，;；]+", text or "") if s]


def part_of(value) -> Part | None:
    return value if isinstance(value, Part) else None
