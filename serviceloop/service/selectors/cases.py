"""Reads of service cases, scoped to what the asking user may see."""

from datetime import datetime

from django.db.models import Case as Choose
from django.db.models import F, IntegerField, Q, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.customers.models import Contact
from serviceloop.customers.selectors import customers_for
from serviceloop.equipment.models import Unit

from .. import extensions
from ..models import Case, CaseEvent, Reading
from ..permissions import CASE_VIEWING_ROLES
from .cases_intake import PastedEmail


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


# What a row of the case list shows or a search highlights (templatetags.cases.case_rows),
# read as plain values: building 50 cases with their customers, units and assignees as model
# instances was a quarter of the list's time at a million cases (bench/bench_scale.py).
LISTED_COLUMNS = (
    "pk",
    "number",
    "priority",
    "state",
    "symptom",
    "reporter_name",
    "diagnosis",
    "resolution",
    "opened_at",
    "first_response_due",
    "first_response_at",
    "restore_due",
    "resolved_at",
    "customer__name_zh",
    "unit_id",
    "unit__serial",
    "assignee_id",
    "assignee__full_name",
    "assignee__username",
)


class ListedCase:
    """A case as a list row shows it (a row of LISTED_COLUMNS, in their order);
    `matches` is set by selectors.cases_search.explain_matches for a search."""

    __slots__ = (*(name.replace("__", "_") for name in LISTED_COLUMNS), "matches")
    pk: int
    number: str
    priority: str
    state: str
    symptom: str
    reporter_name: str
    diagnosis: str
    resolution: str
    opened_at: datetime
    first_response_due: datetime | None
    first_response_at: datetime | None
    restore_due: datetime | None
    resolved_at: datetime | None
    customer_name_zh: str
    unit_id: int | None
    unit_serial: str | None
    assignee_id: int | None
    assignee_full_name: str | None
    assignee_username: str | None
    matches: list

    def __init__(self, row: tuple) -> None:
        for name, value in zip(self.__slots__, row, strict=False):
            setattr(self, name, value)
        self.matches = []

    @property
    def is_open(self) -> bool:
        return self.state in Case.OPEN_STATES

    @property
    def is_paused(self) -> bool:
        return self.state == Case.State.WAITING_CUSTOMER

    @property
    def assignee_name(self) -> str:
        return User.name_shown(self.assignee_full_name, self.assignee_username)


def listed(cases: QuerySet[Case]) -> list[ListedCase]:
    """`cases` (a page of them: core.paging's `read`) as a list shows them."""
    return [ListedCase(row) for row in cases.values_list(*LISTED_COLUMNS)]


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
