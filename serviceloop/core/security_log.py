"""Structured security events: who, from where, what happened. Never secrets."""

import logging

from django.http import HttpRequest

from .http import client_ip

logger = logging.getLogger("serviceloop.security")


def log_security_event(event: str, request: HttpRequest | None = None, **fields) -> None:
    if request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            fields.setdefault("user_id", user.pk)
            fields.setdefault("username", user.get_username())
            fields.setdefault("role", getattr(user, "role", ""))
        fields.setdefault("ip", client_ip(request))
        fields.setdefault("method", request.method)
        fields.setdefault("path", request.path)
    logger.info(event, extra=fields)
