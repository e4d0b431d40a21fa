"""Reads of service cases, scoped to what the asking user may see."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from math import asin, cos, radians, sin, sqrt

from django.db.models import Case as Choose
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User

from .models import Case, CaseEvent, Complaint, Reading, Visit

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
            "office",
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


SIMILAR_CASES = 5


def similar_cases(user: User, case: Case) -> list[Case]:
    """Closed cases like this one, to learn from in remote diagnosis: those with the same
    alarm codes first, then those on the same model; the latest first. The knowledge base
    adds its articles next to these."""
    codes = [r.code for r in case.readings.all() if r.tag == Reading.Tag.ALARM and r.code]
    if case.unit_id is None and not codes:
        return []
    same_alarm = Exists(
        Reading.objects.filter(case=OuterRef("pk"), tag=Reading.Tag.ALARM, code__in=codes)
    )
    match = Q(same_alarm=True)
    if case.unit_id is not None:
        match |= Q(unit__model_id=case.unit.model_id)
    return list(
        cases_for(user)
        .filter(state=Case.State.CLOSED)
        .exclude(pk=case.pk)
        .annotate(same_alarm=same_alarm)
        .filter(match)
        .select_related("unit", "unit__model", "customer")
        .order_by("-same_alarm", "-closed_at")[:SIMILAR_CASES]
    )


@dataclass(frozen=True)
class Suggestion:
    engineer: User
    score: float
    reasons: list[str]


def _distance_km(lat1, lon1, lat2, lon2) -> float | None:
    """Great-circle distance; None when a position is unknown."""
    if None in (lat1, lon1, lat2, lon2):
        return None
    p1, p2 = radians(float(lat1)), radians(float(lat2))
    dp, dl = p2 - p1, radians(float(lon2) - float(lon1))
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * 6371 * asin(sqrt(a))


def suggest_engineers(case: Case, day: date) -> list[Suggestion]:
    """Engineers of the case's office, best first: skill for the machine's family, fewest
    visits that day, nearest home base; each with the reasons shown to the dispatcher."""
    family = case.unit.model.family if case.unit is not None else None
    start, end = day_bounds(day)
    engineers = (
        User.objects.filter(office_id=case.office_id, role=Role.ENGINEER, is_active=True)
        .select_related("engineer_profile")
        .prefetch_related("engineer_profile__skills")
        .annotate(
            visits_that_day=Count(
                "visits",
                filter=Q(visits__planned_start__gte=start, visits__planned_start__lt=end)
                & ~Q(visits__state=Visit.State.CANCELLED),
            )
        )
    )
    suggestions = [_score(engineer, case, family) for engineer in engineers]
    return sorted(suggestions, key=lambda s: (-s.score, str(s.engineer)))


def _score(engineer: User, case: Case, family: str | None) -> Suggestion:
    profile = getattr(engineer, "engineer_profile", None)
    busy: int = getattr(engineer, "visits_that_day", 0)  # annotated by suggest_engineers
    level = 0
    if profile is not None and family:
        level = max((s.level for s in profile.skills.all() if s.family == family), default=0)
    reasons = [
        _("skill level %(level)s for this machine") % {"level": level}
        if level
        else _("no recorded skill for this machine"),
        _("%(count)s visits that day") % {"count": busy},
    ]
    score: float = level * 10 - busy * 4
    site = case.site
    distance = _distance_km(
        getattr(profile, "home_latitude", None),
        getattr(profile, "home_longitude", None),
        getattr(site, "latitude", None),
        getattr(site, "longitude", None),
    )
    if distance is not None:
        reasons.append(_("%(km)s km from home base") % {"km": round(distance)})
        score -= distance / 50
    return Suggestion(engineer, score, reasons)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The user's local day as an interval of instants."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def dispatch_board(user: User, day: date) -> list[tuple[User, list[Visit]]]:
    """Each engineer of the office with that day's visits, in two queries."""
    start, end = day_bounds(day)
    engineers = list(
        User.objects.filter(role=Role.ENGINEER, is_active=True)
        .filter(**({} if user.sees_all_offices else {"office_id": user.office_id}))
        .prefetch_related(
            Prefetch(
                "visits",
                queryset=Visit.objects.filter(planned_start__gte=start, planned_start__lt=end)
                .exclude(state=Visit.State.CANCELLED)
                .select_related("case", "case__customer", "case__unit"),
                to_attr="day_visits",
            )
        )
    )
    return [(engineer, engineer.day_visits) for engineer in engineers]


def my_day(user: User, day: date) -> QuerySet[Visit]:
    start, end = day_bounds(day)
    return (
        Visit.objects.filter(engineers=user, planned_start__gte=start, planned_start__lt=end)
        .exclude(state=Visit.State.CANCELLED)
        .select_related("case", "case__customer", "case__site", "case__unit", "case__unit__model")
    )


def visit_for(user: User, pk: int) -> Visit:
    return get_object_or_404(
        Visit.objects.filter(case__in=cases_for(user)).select_related("case"), pk=pk
    )


def complaints_for(user: User) -> QuerySet[Complaint]:
    complaints = Complaint.objects.select_related("customer", "case", "owner")
    if user.sees_all_offices:
        return complaints
    if user.role in (Role.MANAGER, Role.COORDINATOR) and user.office_id is not None:
        return complaints.filter(customer__office_id=user.office_id)
    return complaints.none()


def cases_of(user: User, *, customer=None, unit=None) -> QuerySet[Case]:
    """A customer's or a unit's cases that the user may see, newest first."""
    cases = case_list(user).order_by("-opened_at")
    if customer is not None:
        cases = cases.filter(customer=customer)
    if unit is not None:
        cases = cases.filter(unit=unit)
    return cases


def downtime_hours(cases: QuerySet[Case]) -> float:
    """Hours the lines stood still (P1 cases with both times recorded)."""
    stopped = cases.filter(line_down_at__isnull=False, line_up_at__isnull=False)
    total = stopped.aggregate(total=Sum(F("line_up_at") - F("line_down_at")))["total"]
    return round(total.total_seconds() / 3600, 1) if total else 0.0


def visits_of_unit(user: User, unit) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(case__in=cases_for(user), case__unit=unit)
        .select_related("case")
        .prefetch_related("engineers")
        .order_by("-planned_start")
    )
