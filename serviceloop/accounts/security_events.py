"""Writes login, logout, failure and lockout events to the security log.

Django and django-axes announce these only through signals, so receivers are the one
place to hear them. The credentials dict is never logged: only the username tried.
"""

import hashlib

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from serviceloop.core.security_log import log_security_event

from .models import User


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs) -> None:
    log_security_event("login", request, user_id=user.pk, username=user.get_username())


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        log_security_event("logout", request, user_id=user.pk, username=user.get_username())


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs) -> None:
    typed = str(credentials.get("username", ""))[:150]
    if User.objects.filter(username=typed).exists():
        log_security_event("login_failed", request, username=typed)
    else:
        # An unknown "username" is often a password typed into the wrong field: log a
        # fingerprint that still groups repeated attempts, never the text itself.
        fingerprint = hashlib.sha256(typed.encode()).hexdigest()[:12]
        log_security_event("login_failed", request, unknown_username_sha256=fingerprint)


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    log_security_event("lockout", request, username=str(username)[:150], ip=ip_address)
