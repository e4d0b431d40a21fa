"""Reads of users and offices, scoped to what the asking user may see."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Office, User

Role = User.Role


def offices_for(user: User) -> QuerySet[Office]:
    if user.sees_all_offices:
        return Office.objects.all()
    return Office.objects.filter(pk=user.office_id)


def staff_for(user: User) -> QuerySet[User]:
    """Accounts the user may list: all for admin and HQ, its own office for a manager."""
    accounts = User.objects.select_related("office")
    if user.sees_all_offices:
        return accounts
    if user.role == Role.MANAGER:
        return accounts.filter(office_id=user.office_id)
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
