"""Reads of service cases, scoped to what the asking user may see."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case as Choose
from django.db.models import (
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.core.geo import distance_km
from serviceloop.customers.models import Contact
from serviceloop.customers.selectors import customers_for
from serviceloop.equipment.models import Unit

from . import extensions
from .intake import PastedEmail
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
    # The warehouse sees the cases waiting for parts, and those later apps say (the spare
    # parts app: the cases reserving stock in its office): decision 0008.
    wider = Q(state=Case.State.WAITING_PARTS) if user.role == Role.WAREHOUSE else Q(pk__in=[])
    for more in extensions.visible_cases.call(user=user):
        wider |= more
    return cases.filter(wider, office_id=user.office_id)


def portal_cases(user: User) -> QuerySet[Case]:
    """A portal user's own customer's cases, and only those."""
    if user.role != Role.CUSTOMER:
        return Case.objects.none()
    return Case.objects.filter(customer__in=customers_for(user)).select_related(
        "unit", "unit__model", "site"
    )


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


# Free mailboxes say nothing about the sender's company.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "qq.com",
        "163.com",
        "126.com",
        "139.com",
        "sina.com",
        "sohu.com",
        "foxmail.com",
        "yeah.net",
        "aliyun.com",
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "yahoo.com",
    }
)


def case_draft_from_email(user: User, mail: PastedEmail) -> tuple[dict, list[str]]:
    """The case form filled in from a pasted e-mail, and what was recognised: the sender
    as a known contact (or the company by its mail domain), the machine by a serial number
    in the text, a stopped line as P1."""
    customers = customers_for(user).filter(archived_at__isnull=True)
    found: list[str] = []
    contact = None
    if mail.sender_email:
        contact = (
            Contact.objects.filter(
                customer__in=customers, archived_at__isnull=True, email__iexact=mail.sender_email
            )
            .select_related("customer")
            .first()
        )
    customer = contact.customer if contact else None
    if contact:
        found.append(_("sender: %(name)s (%(customer)s)") % {"name": contact, "customer": customer})
    units = Unit.objects.filter(
        customer__in=customers, archived_at__isnull=True, serial_key__in=mail.codes
    ).select_related("customer")
    unit = (units.filter(customer=customer) if customer else units).first()
    if unit is not None:
        customer = customer or unit.customer
        found.append(_("machine: %(serial)s") % {"serial": unit.serial})
    domain = mail.sender_email.rpartition("@")[2]
    if customer is None and domain and domain not in PUBLIC_MAIL_DOMAINS:
        by_domain = list(customers.filter(contacts__email__iendswith=f"@{domain}").distinct()[:2])
        if len(by_domain) == 1:
            customer = by_domain[0]
            found.append(_("company by its mail domain: %(customer)s") % {"customer": customer})
    if mail.line_down:
        found.append(_("the line is stopped: P1"))
    draft = {
        "customer": customer.pk if customer else None,
        "unit": unit.pk if unit else None,
        "reporter": contact.pk if contact else None,
        "reporter_name": "" if contact else mail.sender_name,
        "reporter_phone": "" if contact else (mail.mobiles[0] if mail.mobiles else ""),
        "channel": Case.Channel.EMAIL,
        "priority": Case.Priority.P1 if mail.line_down else Case.Priority.P2,
        "symptom": mail.symptom[:4000],
    }
    return draft, found


SIMILAR_CASES = 5


def similar_cases(user: User, case: Case) -> list[Case]:
    """Closed cases like this one, to learn from in remote diagnosis: those with the same
    alarm codes first, then those on the same model; the latest first. The knowledge base
    adds its articles next to these.

    Two small queries rather than one OR across every closed case: with 100,000 cases the
    OR evaluated the alarm test on each of them."""
    codes = {
        r.code.strip().upper() for r in case.readings.all() if r.tag == Reading.Tag.ALARM and r.code
    }
    closed = cases_for(user).filter(state=Case.State.CLOSED).exclude(pk=case.pk)
    picked: list[int] = []
    if codes:
        same_alarm = (
            Reading.objects.filter(tag=Reading.Tag.ALARM, case__in=closed)
            .annotate(upper_code=Upper("code"))
            .filter(upper_code__in=codes)
            .order_by(F("case__closed_at").desc(nulls_last=True))
            .values_list("case_id", flat=True)
        )
        picked = list(dict.fromkeys(same_alarm[: SIMILAR_CASES * 3]))[:SIMILAR_CASES]
    alarm_matches = set(picked)
    if len(picked) < SIMILAR_CASES and case.unit is not None:
        same_model = (
            closed.filter(unit__model_id=case.unit.model_id)
            .exclude(pk__in=picked)
            .order_by(F("closed_at").desc(nulls_last=True))
            .values_list("pk", flat=True)
        )
        picked += list(same_model[: SIMILAR_CASES - len(picked)])
    if not picked:
        return []
    found = closed.filter(pk__in=picked).select_related("unit", "unit__model", "customer")
    by_pk = {c.pk: c for c in found}
    for pk, found_case in by_pk.items():
        found_case.same_alarm = pk in alarm_matches  # type: ignore[attr-defined]
    return [by_pk[pk] for pk in picked if pk in by_pk]


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
