"""Links that leave the site (e-mails, QR codes) and the one-time tokens some of them carry.

Absolute URLs are built from `settings.SITE_URL`, never from the request: a task or a
management command has no request, and a forged Host header must not end up in an e-mail.
A one-time token is unguessable (256 bits) and only its SHA-256 is stored, so a copy of
the database opens nothing.
"""

import hashlib
import secrets

from django.conf import settings


def absolute_url(path: str) -> str:
    """The site's address of `path` ("/feedback/…"); anything not starting with "/" is
    returned as it is (already absolute, or empty)."""
    if not path.startswith("/"):
        return path
    return settings.SITE_URL.rstrip("/") + path


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)
