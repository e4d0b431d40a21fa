"""Reads of users and offices, scoped to what the asking user may see."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Office, Role, User
from .permissions import STAFF_ROLES, roles_kept_by


def offices_for(user: User) -> QuerySet[Office]:
    if user.sees_all_offices:
        return Office.objects.all()
    if user.office_id is None:
        return Office.objects.none()
    return Office.objects.filter(pk=user.office_id)


def staff_for(user: User) -> QuerySet[User]:
    """Staff accounts the user may list and open.

    Administrators and headquarters see every office's staff; a manager sees the team
    it keeps in its own office. Customer users belong to their customer's portal access,
    not to these pages.
    """
    accounts = User.objects.select_related("office")
    if user.sees_all_offices:
        return accounts.filter(role__in=STAFF_ROLES)
    if user.role == Role.MANAGER and user.office_id is not None:
        return accounts.filter(office_id=user.office_id, role__in=roles_kept_by(user))
    return accounts.none()


def staff_member_for(user: User, pk: int) -> User:
    """One account the user may see; 404 for any other (no existence oracle)."""
    return get_object_or_404(staff_for(user), pk=pk)


def search_staff(
    accounts: QuerySet[User], *, text: str = "", role: str = "", office_id: int | None = None
) -> QuerySet[User]:
    if text:
        accounts = accounts.filter(
            Q(full_name__icontains=text)
            | Q(username__icontains=text)
            | Q(email__icontains=text)
            | Q(phone__icontains=text)
        )
    if role:
        accounts = accounts.filter(role=role)
    if office_id:
        accounts = accounts.filter(office_id=office_id)
    return accounts
