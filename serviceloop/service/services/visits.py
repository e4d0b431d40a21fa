"""Writes for visits: planning who goes and when, checking in and out at the machine."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User

from ..models import Case, CaseEvent, Visit
from ..permissions import DISPATCHING_ROLES
from . import cases, cases_timeline

State = Case.State
# The move that brings a case to "visit scheduled" from where it is.
MOVE_TO_VISIT: dict[str, str] = {
    State.TRIAGED: "schedule_visit",
    State.REMOTE_DIAGNOSIS: "need_visit",
    State.ON_SITE: "follow_up_visit",
    State.RESOLVED: "not_fixed_visit",
}


@transaction.atomic
def plan_visit(
    *,
    by: User,
    case: Case,
    version: int,
    planned_start: datetime,
    planned_end: datetime | None = None,
    engineers: list[User],
    note: str = "",
) -> Visit:
    """Sends one or more engineers of the case's office; the case moves to "visit scheduled"."""
    if by.role not in DISPATCHING_ROLES:
        raise PermissionDenied(_("Only the coordinator or the manager dispatches engineers."))
    if not engineers or any(
        e.role != Role.ENGINEER or e.office_id != case.office_id or not e.is_active
        for e in engineers
    ):
        raise ValidationError({"engineers": _("Choose engineers of the case's office.")})
    stored = cases.locked_case(case, version)
    if stored.state != State.VISIT_SCHEDULED:
        if stored.state not in MOVE_TO_VISIT:
            raise ValidationError(_("A visit cannot be planned for a case in this state."))
        stored = cases.move(by, stored, MOVE_TO_VISIT[stored.state], None)
    visit = Visit(
        case=stored, planned_start=planned_start, planned_end=planned_end, note=note, planned_by=by
    )
    visit.full_clean()
    visit.save()
    visit.engineers.set(engineers)
    names = ", ".join(str(e) for e in engineers)
    cases_timeline.record(stored, CaseEvent.Kind.ASSIGNED, by, names, visit=visit.pk)
    return visit


def _visit_of(by: User, visit: Visit) -> Visit:
    stored = Visit.objects.select_for_update(of=("self",)).select_related("case").get(pk=visit.pk)
    if not stored.engineers.filter(pk=by.pk).exists() and by.role != Role.ADMIN:
        raise PermissionDenied(_("Only an engineer of this visit checks in or out."))
    return stored


@transaction.atomic
def check_in(*, by: User, visit: Visit, travel_minutes: int | None = None) -> Visit:
    """The engineer is at the machine: the visit starts and the case's on-site clock stops."""
    stored = _visit_of(by, visit)
    if stored.state != Visit.State.PLANNED:
        raise ValidationError(_("This visit has started already."))
    cases.move(by, stored.case, "check_in", None)
    stored.state, stored.arrived_at = Visit.State.ON_SITE, timezone.now()
    stored.travel_minutes = travel_minutes
    stored.save(update_fields=["state", "arrived_at", "travel_minutes"])
    return stored


@transaction.atomic
def check_out(*, by: User, visit: Visit) -> Visit:
    """The engineer leaves the plant."""
    stored = _visit_of(by, visit)
    if stored.state != Visit.State.ON_SITE:
        raise ValidationError(_("Check in before checking out."))
    stored.state, stored.left_at = Visit.State.DONE, timezone.now()
    stored.save(update_fields=["state", "left_at"])
    cases_timeline.record(
        stored.case, CaseEvent.Kind.NOTE, by, _("Left the plant."), visit=stored.pk
    )
    return stored
