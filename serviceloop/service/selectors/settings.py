"""Reads of the office settings pages: the calendar, the SLA policies and the engineers.

Each page shows the user's own office; another office's rows answer 404.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import Role, User

from ..models import CalendarDay, SlaPolicy


def calendar_days_for(user: User) -> QuerySet[CalendarDay]:
    """The office's days off and 调休 make-up working days, latest first."""
    if user.office_id is None:  # only an administrator has no office, hence no calendar
        return CalendarDay.objects.none()
    return CalendarDay.objects.filter(office_id=user.office_id).order_by("-day")


def calendar_day_for(user: User, pk: int) -> CalendarDay:
    return get_object_or_404(calendar_days_for(user), pk=pk)


def sla_policies_for(user: User) -> QuerySet[SlaPolicy]:
    if user.office_id is None:
        return SlaPolicy.objects.none()
    return SlaPolicy.objects.filter(office_id=user.office_id)


def sla_policy_for(user: User, pk: int) -> SlaPolicy:
    return get_object_or_404(sla_policies_for(user), pk=pk)


def _office_engineers(user: User) -> QuerySet[User]:
    if user.office_id is None:
        return User.objects.none()
    return User.objects.filter(office_id=user.office_id, role=Role.ENGINEER)


def engineers_for(user: User) -> QuerySet[User]:
    """The office's engineers with their profiles, skills and certificates."""
    return (
        _office_engineers(user)
        .select_related("engineer_profile")
        .prefetch_related("engineer_profile__skills", "engineer_profile__certifications")
    )


def engineer_for(user: User, pk: int) -> User:
    return get_object_or_404(_office_engineers(user), pk=pk)
