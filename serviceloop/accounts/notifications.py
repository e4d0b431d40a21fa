"""E-mails to account holders, each written in the recipient's own language."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


def password_link(user: User, site_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return site_url.rstrip("/") + path


def _send(user: User, template: str, site_url: str) -> None:
    with translation.override(user.language):
        context = {"user": user, "link": password_link(user, site_url), "site_url": site_url}
        subject = render_to_string(f"accounts/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/emails/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def send_invitation(user: User, site_url: str) -> None:
    _send(user, "invitation", site_url)


def send_password_reset_by_manager(user: User, site_url: str) -> None:
    _send(user, "password_reset_by_manager", site_url)


def send_email_changed(user: User, old_email: str) -> None:
    """Tells the previous address that the account's e-mail changed (no link in it)."""
    with translation.override(user.language):
        context = {"user": user, "new_email": user.email}
        subject = render_to_string("accounts/emails/email_changed_subject.txt", context).strip()
        body = render_to_string("accounts/emails/email_changed_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [old_email])
