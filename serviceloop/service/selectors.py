"""Reads of service cases, scoped to what the asking user may see."""

from django.db.models import Case as Choose
from django.db.models import F, IntegerField, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import Role, User

from .models import Case, CaseEvent, Reading

# Who sees every case of its office (admin and HQ: of every office).
CASE_VIEWING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER, Role.HQ})
# Who has a case list at all: an account manager sees its customers' cases, a warehouse
# clerk the cases waiting for parts.
CASE_LIST_ROLES = CASE_VIEWING_ROLES | {Role.ACCOUNT_MANAGER, Role.WAREHOUSE}


def cases_for(user: User) -> QuerySet[Case]:
    cases = Case.objects.all()
    if user.sees_all_offices:
        return cases
    if user.office_id is None:
        return cases.none()
    if user.role in CASE_VIEWING_ROLES:
        return cases.filter(office_id=user.office_id)
    if user.role == Role.ACCOUNT_MANAGER:
        return cases.filter(office_id=user.office_id, customer__account_manager=user)
    if user.role == Role.WAREHOUSE:
        # Until reservations exist (spare parts step), the cases waiting for parts.
        return cases.filter(office_id=user.office_id, state=Case.State.WAITING_PARTS)
    return cases.none()


def case_for(user: User, pk: int) -> Case:
    return get_object_or_404(
        cases_for(user).select_related(
            "customer",
            "site",
            "unit",
            "unit__model",
            "reporter",
            "assignee",
            "opened_by",
            "sla_policy",
        ),
        pk=pk,
    )


def case_list(user: User) -> QuerySet[Case]:
    return cases_for(user).select_related("customer", "unit", "assignee")


def queue(user: User) -> QuerySet[Case]:
    """Every open case, unassigned first, then by the nearest deadline: none is forgotten."""
    unassigned_first = Choose(
        When(assignee__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        case_list(user)
        .filter(state__in=Case.OPEN_STATES)
        .order_by(unassigned_first, F("restore_due").asc(nulls_last=True), "opened_at")
    )


def timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor")


def readings_of(case: Case) -> QuerySet[Reading]:
    return case.readings.select_related("recorded_by")
