"""Test helpers shared by every app."""

import re

from serviceloop.core.form_keys import FIELD, new_form_key

_KEY_INPUT = re.compile(rf'name="{FIELD}" value="([^"]+)"')


def with_form_key(data: dict | None = None, **fields) -> dict:
    """A create form's data as a browser sends it: with a fresh one-time key
    (core/form_keys.py). Send the same dict twice to play a double click."""
    return {**(data or {}), **fields, FIELD: new_form_key()}


def form_keys_in(response) -> list[str]:
    """The one-time keys of the forms a page shows, in page order."""
    return _KEY_INPUT.findall(response.content.decode())
