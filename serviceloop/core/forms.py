"""The one shape of a form view: validate, call the service, show its refusals on the form."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError


def save_through(form, request, action: Callable[[dict], Any], success: str) -> Any:
    """Runs `action` with the cleaned data once the form is valid; a ValidationError from
    the service comes back onto the form (nothing typed is lost). Returns what was saved."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = action(form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, success)
    return saved
