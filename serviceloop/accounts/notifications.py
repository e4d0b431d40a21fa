"""E-mails to account holders, each written in the recipient's own language."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from serviceloop.core.links import absolute_url
from serviceloop.core.mail import send_in_language

from .models import User


def password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )


def _send(user: User, template: str) -> None:
    send_in_language(
        to=user.email,
        language=user.language,
        template=f"accounts/emails/{template}",
        context={"user": user, "link": password_link(user)},
    )


def send_invitation(user: User) -> None:
    _send(user, "invitation")


def send_password_reset_by_manager(user: User) -> None:
    _send(user, "password_reset_by_manager")


def send_email_changed(user: User, old_email: str) -> None:
    """Tells the previous address that the account's e-mail changed (no link in it)."""
    send_in_language(
        to=old_email,
        language=user.language,
        template="accounts/emails/email_changed",
        context={"user": user, "new_email": user.email},
    )
