"""Writes to accounts: staff kept by managers and administrators, and one's preferences."""

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.core.links import absolute_url
from serviceloop.core.security_log import log_security_event

from . import channels, notifications
from .models import Notification, Office, User
from .permissions import may_keep_account


def _check_may_keep(by: User, account: User) -> None:
    if not may_keep_account(by, role=account.role, office=account.office):
        raise PermissionDenied(_("You may not manage this account."))


def _stored(account: User) -> User:
    """The account as the database holds it, locked: rights are judged on what is stored,
    never on values a form has already copied onto the instance."""
    return User.objects.select_for_update(of=("self",)).select_related("office").get(pk=account.pk)


def unlock_sign_in(*, user: User) -> None:
    """Lifts a sign-in lockout, e.g. once the owner has proved who they are with a reset link."""
    axes_reset(username=user.get_username())


@transaction.atomic
def create_staff_account(
    *,
    by: User,
    username: str,
    full_name: str,
    email: str,
    role: str,
    office: Office | None,
    phone: str = "",
    language: str = "",
    time_zone: str = "",
) -> User:
    """Creates a staff account without a password and e-mails its owner a link to set one.

    Language and time zone default to the office's (a Madrid colleague sees Madrid time).
    """
    if not may_keep_account(by, role=role, office=office):
        raise PermissionDenied(_("You may not manage this account."))
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        role=role,
        office=office,
        language=language or by.language,
        time_zone=time_zone or (office.time_zone if office else by.time_zone),
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    log_security_event("account_created", None, by=by.username, account=username, role=role)
    transaction.on_commit(lambda: notifications.send_invitation(user), robust=True)
    return user


@transaction.atomic
def update_staff_account(
    *,
    by: User,
    user: User,
    full_name: str,
    email: str,
    phone: str,
    role: str,
    office: Office | None,
    language: str,
    time_zone: str,
) -> User:
    """Changes an account's details; before and after, it must be an account `by` keeps."""
    account = _stored(user)
    _check_may_keep(by, account)
    if not may_keep_account(by, role=role, office=office):
        raise PermissionDenied(_("You may not manage this account."))
    if account == by and role != account.role:
        raise ValidationError(_("You cannot change your own role."))
    old_email = account.email
    account.full_name, account.email, account.phone = full_name, email, phone
    account.role, account.office = role, office
    account.language = language or account.language
    account.time_zone = time_zone or account.time_zone
    account.full_clean()
    account.save()
    if old_email != account.email:
        # The old address learns of it: a changed address is how accounts get taken over.
        log_security_event("account_email_changed", None, by=by.username, account=account.username)
        transaction.on_commit(
            lambda: notifications.send_email_changed(account, old_email), robust=True
        )
    return account


@transaction.atomic
def deactivate_account(*, by: User, user: User) -> User:
    """Stops an account from signing in; its sessions end at their next request."""
    account = _stored(user)
    _check_may_keep(by, account)
    if account == by:
        raise ValidationError(_("You cannot deactivate your own account."))
    account.is_active = False
    account.save(update_fields=["is_active"])
    log_security_event("account_deactivated", None, by=by.username, account=account.username)
    return account


@transaction.atomic
def reactivate_account(*, by: User, user: User) -> User:
    """Lets a deactivated account sign in again, with any sign-in lockout lifted."""
    account = _stored(user)
    _check_may_keep(by, account)
    account.is_active = True
    account.save(update_fields=["is_active"])
    unlock_sign_in(user=account)
    log_security_event("account_reactivated", None, by=by.username, account=account.username)
    return account


@transaction.atomic
def reset_password(*, by: User, user: User) -> User:
    """Voids the current password (ending its sessions) and e-mails a link to set a new one."""
    account = _stored(user)
    _check_may_keep(by, account)
    if not account.email:
        raise ValidationError(_("This account has no e-mail address to send the link to."))
    account.set_unusable_password()
    account.save(update_fields=["password"])
    unlock_sign_in(user=account)
    log_security_event("password_reset_by_manager", None, by=by.username, account=account.username)
    transaction.on_commit(
        lambda: notifications.send_password_reset_by_manager(account), robust=True
    )
    return account


def set_preferences(
    *, user: User, language: str | None = None, time_zone: str | None = None
) -> User:
    """Stores the user's own language and time zone (allowed to every role, HQ included)."""
    if language is not None:
        user.language = language
    if time_zone is not None:
        user.time_zone = time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language", "time_zone"])
    return user


def notify(*, user: User, text: str, link: str = "") -> None:
    """An in-app notification (the bell counts the unread ones), also sent by e-mail and to a
    WeCom group robot when configured, once the transaction commits."""
    Notification.objects.create(user=user, text=text[:300], link=link[:200])
    full_link = absolute_url(link)
    transaction.on_commit(
        lambda: channels.deliver(user=user, text=text, link=full_link), robust=True
    )


def mark_notifications_read(*, user: User) -> int:
    """Everything the user was told is now read (its own notifications only)."""
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
