"""SLA warnings before a deadline and escalations to the manager once it is missed.

The checks run as background tasks (service/tasks.py) at the moments they are due, and a
sweep re-checks every open case now and then; each alert is sent at most once per clock,
because its row is unique and only the worker that writes it sends the messages.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.services import notify

from ..models import Case, CaseEvent, SlaAlert
from ..selectors.sla import CLOCKS, warning_time
from . import cases_timeline


def check_case(case_id: int, now: datetime | None = None) -> list[SlaAlert]:
    """Sends what is due for this case now; a paused or finished case sends nothing."""
    now = now or timezone.now()
    case = Case.objects.select_related("sla_policy", "assignee").filter(pk=case_id).first()
    if case is None or not case.is_open or case.is_paused:
        return []
    sent = []
    for name, due_field, stopped_field in CLOCKS:
        due = getattr(case, due_field)
        if due is None or getattr(case, stopped_field) is not None:
            continue
        if now >= due:
            kind = SlaAlert.Kind.BREACH
        elif now >= warning_time(case, due):
            kind = SlaAlert.Kind.WARNING
        else:
            continue
        alert = _once(case, name, kind)
        if alert is not None:
            _tell(case, name, kind)
            sent.append(alert)
    return sent


def _once(case: Case, clock: str, kind: str) -> SlaAlert | None:
    try:
        with transaction.atomic():
            return SlaAlert.objects.create(case=case, clock=clock, kind=kind)
    except IntegrityError:
        return None  # another worker sent it already


def _tell(case: Case, clock: str, kind: str) -> None:
    link = reverse("service:case_detail", args=[case.pk])
    people: Iterable[User]
    if kind == SlaAlert.Kind.BREACH:
        people = User.objects.filter(office_id=case.office_id, role=Role.MANAGER, is_active=True)
        event = CaseEvent.Kind.ESCALATED
    else:
        people = (
            [case.assignee]
            if case.assignee is not None
            else User.objects.filter(
                office_id=case.office_id, role=Role.COORDINATOR, is_active=True
            )
        )
        event = CaseEvent.Kind.WARNED
    for person in people:
        with override(person.language):
            text = _message(case, clock, kind)
        notify(user=person, text=text, link=link)
    cases_timeline.record(case, event, None, clock=clock)


def _message(case: Case, clock: str, kind: str) -> str:
    labels = {
        "first_response": _("first response"),
        "on_site": _("on-site arrival"),
        "restore": _("restoring production"),
    }
    values = {"number": case.number, "clock": labels[clock]}
    if kind == SlaAlert.Kind.BREACH:
        return _("%(number)s missed its deadline for %(clock)s.") % values
    return _("%(number)s is close to its deadline for %(clock)s.") % values


def sweep(now: datetime | None = None) -> int:
    """Checks every open case whose next moment has come: the safety net behind the tasks."""
    now = now or timezone.now()
    running = Case.objects.filter(state__in=Case.OPEN_STATES).exclude(
        state=Case.State.WAITING_CUSTOMER
    )
    # Cheap pre-filter: a clock whose deadline is over a week away needs no look yet.
    horizon = now + timedelta(days=7)
    near = running.filter(
        Q(first_response_due__lte=horizon, first_response_at__isnull=True)
        | Q(on_site_due__lte=horizon, on_site_at__isnull=True)
        | Q(restore_due__lte=horizon, resolved_at__isnull=True)
    )
    return sum(len(check_case(pk, now)) for pk in near.values_list("pk", flat=True))
