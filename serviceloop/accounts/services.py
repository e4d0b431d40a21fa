"""Writes to accounts: staff managed by managers and administrators, and preferences."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import notifications
from .models import Office, User

Role = User.Role

# A manager staffs its own office; administrators and headquarters accounts are made
# by an administrator, and customer users come with their customer's portal access.
ROLES_A_MANAGER_ASSIGNS = frozenset(
    {Role.MANAGER, Role.COORDINATOR, Role.ENGINEER, Role.WAREHOUSE, Role.ACCOUNT_MANAGER}
)


def assignable_roles(by: User) -> list[tuple[str, str]]:
    if by.role == Role.ADMIN:
        return [choice for choice in Role.choices if choice[0] != Role.CUSTOMER]
    if by.role == Role.MANAGER:
        return [choice for choice in Role.choices if choice[0] in ROLES_A_MANAGER_ASSIGNS]
    return []


def _check_may_manage(by: User, *, role: str, office: Office | None) -> None:
    if by.role == Role.ADMIN:
        return
    if by.role == Role.MANAGER and role in ROLES_A_MANAGER_ASSIGNS and office == by.office:
        return
    raise PermissionDenied(_("You may not manage this account."))


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
    site_url: str,
) -> User:
    """Creates a staff account without a password and e-mails its owner a link to set one."""
    _check_may_manage(by, role=role, office=office)
    user = User(
        username=username,
        full_name=full_name,
        email=email,
        phone=phone,
        role=role,
        office=office,
        language=language or (by.language),
        time_zone=time_zone or (office.time_zone if office else by.time_zone),
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    transaction.on_commit(lambda: notifications.send_invitation(user, site_url))
    return user


@transaction.atomic
def update_staff_account(*, by: User, user: User, **changes) -> User:
    """Changes an account's details; the role and office stay within what `by` manages."""
    _check_may_manage(by, role=user.role, office=user.office)
    for field, value in changes.items():
        setattr(user, field, value)
    _check_may_manage(by, role=user.role, office=user.office)
    if user == by and user.role != by.role:
        raise ValidationError(_("You cannot change your own role."))
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def deactivate_account(*, by: User, user: User) -> User:
    """Stops an account from signing in; its sessions end at their next request."""
    _check_may_manage(by, role=user.role, office=user.office)
    if user == by:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def reactivate_account(*, by: User, user: User) -> User:
    _check_may_manage(by, role=user.role, office=user.office)
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def reset_password(*, by: User, user: User, site_url: str) -> User:
    """Voids the current password (ending its sessions) and e-mails a link to set a new one."""
    _check_may_manage(by, role=user.role, office=user.office)
    if not user.email:
        raise ValidationError(_("This account has no e-mail address to send the link to."))
    user.set_unusable_password()
    user.save(update_fields=["password"])
    transaction.on_commit(lambda: notifications.send_password_reset_by_manager(user, site_url))
    return user


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
