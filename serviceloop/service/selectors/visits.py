"""Reads of visits: who to send, the dispatch board, the engineer's day."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.core.geo import distance_km

from ..models import Case, Visit
from .cases import cases_for


@dataclass(frozen=True)
class Suggestion:
    engineer: User
    score: float
    reasons: list[str]


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
    distance = distance_km(
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


def visits_of_unit(user: User, unit) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(case__in=cases_for(user), case__unit=unit)
        .select_related("case")
        .prefetch_related("engineers")
        .order_by("-planned_start")
    )
