"""One-time links to the customer (feedback, readings asked for, quote approval).

The token is unguessable (256 bits) and only its SHA-256 is stored, so a copy of the
database opens nothing; the e-mail carrying the link is written in the customer's language
and sent only once the transaction commits.
"""

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import Case


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def link_to(site_url: str, url_name: str, token: str) -> str:
    return site_url.rstrip("/") + reverse(url_name, args=[token])


def customer_language(case: Case) -> str:
    return case.reporter.language if case.reporter_id else settings.LANGUAGE_CODE


def mail_after_commit(*, template: str, context: dict[str, Any], email: str, language: str):
    """Sends service/emails/<template>_subject.txt and _body.txt to `email`, if any."""
    if not email:
        return

    def send() -> None:
        with translation.override(language):
            subject = render_to_string(f"service/emails/{template}_subject.txt", context).strip()
            body = render_to_string(f"service/emails/{template}_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])

    transaction.on_commit(send, robust=True)
