"""Pieces the parts forms share: a part typed by its number, the one-time request key."""

import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Part
from ..selectors import part_by_number

REQUEST_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")


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


class RequestKeyField(forms.CharField):
    """A key made when the form is shown: sending the same form twice makes one movement."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return value if value and REQUEST_KEY.match(value) else None


def new_request_key() -> str:
    return uuid.uuid4().hex


def serial_list(text: str) -> list[str]:
    """Serial numbers typed one per line (or separated by commas or spaces)."""
    return [s for s in re.split(r"[\s,，;；]+", text or "") if s]


def part_of(value) -> Part | None:
    return value if isinstance(value, Part) else None
