"""E-mails written in the recipient's language, whatever the language of the page that
caused them (a Madrid manager resets the password of a Shanghai engineer)."""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation


def send_in_language(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any],
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Sends `<template>_subject.txt` and `_body.txt` (with `_body.html` as an alternative
    when it exists), rendered in `language`, to the address `to`, with `attachments` as
    (filename, content, MIME type)."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
        html = _render_optional(f"{template}_body.html", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    if html is not None:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    message.send()


def _render_optional(name: str, context: dict[str, Any]) -> str | None:
    try:
        found = get_template(name)
    except TemplateDoesNotExist:  # only this one: a broken include in it still fails
        return None
    return found.render(context)
