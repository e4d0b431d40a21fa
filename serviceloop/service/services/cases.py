"""Writes to service cases: opening, triage, and one function per move of DOMAIN.md's table
(notes, readings and photos: cases_work.py).

Every move checks the table (cases_transitions.py), the caller's role on the case and the version
the caller saw, stamps the clocks, writes the timeline and bumps the version.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.services import notify
from serviceloop.customers.models import Contact, Customer, Site
from serviceloop.equipment.models import Unit

from .. import extensions
from ..models import Case, CaseEvent, CaseNumber
from ..permissions import CASE_OPENING_ROLES
from ..selectors import charges
from . import cases_search, cases_transitions, sla
from .cases_timeline import record  # also read as `cases.record` by the later apps (parts)

State = Case.State
REOPEN_WITHIN = timedelta(days=30)
REMOTE_OUTCOMES = {
    "resolve_remotely": Case.RemoteOutcome.SOLVED,
    "need_visit": Case.RemoteOutcome.VISIT_NEEDED,
}


class StaleCase(ValidationError):
    """Someone saved the case after the caller loaded it."""


def _next_number(year: int) -> str:
    counter, _created = CaseNumber.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"SR-{year}-{counter.last:06d}"


def locked_case(case: Case, version: int | None) -> Case:
    """The stored case, locked; refused if saved since the caller's `version`."""
    stored = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if version is not None and stored.version != version:
        raise StaleCase(
            _(
                "Someone else changed this case while you were working on it. Your text is kept "
                "below: read the case again, then save."
            )
        )
    return stored


@transaction.atomic
def open_case(
    *,
    by: User,
    customer: Customer,
    site: Site | None = None,
    unit: Unit | None = None,
    reporter: Contact | None = None,
    reporter_name: str = "",
    reporter_phone: str = "",
    channel: str,
    kind: str,
    priority: str,
    symptom: str,
    line_down_at: datetime | None = None,
) -> Case:
    """Registers what a customer reported; its SLA clocks start now."""
    if by.role not in CASE_OPENING_ROLES or (
        not by.sees_all_offices and customer.office_id != by.office_id
    ):
        raise PermissionDenied(_("You may not open cases for this customer."))
    for part, owner in ((site, "site"), (unit, "unit"), (reporter, "reporter")):
        if part is not None and part.customer_id != customer.pk:
            raise ValidationError({owner: _("This belongs to another customer.")})
    now = timezone.now()
    case = Case(
        number=_next_number(timezone.localdate(now).year),
        office_id=customer.office_id,
        customer=customer,
        site=site or (unit.site if unit else None),
        unit=unit,
        reporter=reporter,
        reporter_name=reporter_name or (reporter.full_name if reporter else ""),
        reporter_phone=reporter_phone or (reporter.mobile if reporter else ""),
        channel=channel,
        kind=kind,
        priority=priority,
        symptom=symptom,
        opened_by=by,
        opened_at=now,
        line_down_at=line_down_at if priority == Case.Priority.P1 else None,
    )
    case.full_clean(exclude=["number"])
    case.save()
    cases_search.refresh_search_text(case)
    sla.plan(case)
    record(case, CaseEvent.Kind.OPENED, by, priority=priority, channel=channel)
    return case


def move(by: User, case: Case, name: str, version: int | None, text: str = "") -> Case:
    """Performs move `name` if the table allows it for `by` on the stored case."""
    stored = locked_case(case, version)
    if name == "schedule_visit" and not cases_transitions.may_skip_remote_diagnosis(stored):
        raise ValidationError(
            _("Only a stopped line (P1) or work that needs a visit skips remote diagnosis.")
        )
    if not cases_transitions.allowed(by, stored, name):
        if stored.state not in cases_transitions.TRANSITIONS[name].sources:
            raise ValidationError(
                _("This case is “%(state)s”: that step is not possible now.")
                % {"state": stored.get_state_display()}
            )
        raise PermissionDenied(_("You may not take this step on this case."))
    target = cases_transitions.TRANSITIONS[name].target or stored.resume_state
    # Sending an engineer is gated by the charges; going back to a visit already planned
    # (after waiting for parts or the customer) is not: the engineer was sent.
    if target == State.VISIT_SCHEDULED and name != "resume":
        refusal = charges.visit_refusal(stored)
        if refusal:
            raise ValidationError(refusal)
    return _apply(stored, name, by, text)


def _apply(stored: Case, name: str, by: User | None, text: str) -> Case:
    """Makes the move on the locked case: state, clocks, SLA, timeline, version."""
    before = stored.state
    target = cases_transitions.TRANSITIONS[name].target or stored.resume_state
    if target in (State.WAITING_CUSTOMER, State.WAITING_PARTS):
        stored.resume_state = before
    stored.state = target
    stored.version += 1
    if name in REMOTE_OUTCOMES:
        stored.remote_outcome = REMOTE_OUTCOMES[name]
    if target in (State.CLOSED, State.CANCELLED):
        # The ordered steps of a case's end: its open quotes withdrawn first, then what later
        # apps let go of (reserved stock, ...). A refusal rolls the move back: decision 0014.
        extensions.case_ending.call(case=stored, by=by)
    _stamp_clocks(stored, before)
    stored.save()
    sla.on_state_change(stored, before)
    record(stored, CaseEvent.Kind.TRANSITION, by, text, move=name, source=before, target=target)
    return stored


def resume_on_answer(case: Case, by_name: str) -> Case:
    """The customer sent what the office asked for: a case waiting for it works again and its
    clocks run. Nobody on our side makes this move, so it is recorded as the system's."""
    stored = locked_case(case, None)
    if stored.state != State.WAITING_CUSTOMER:
        return stored
    return _apply(stored, "resume", None, _("Answered by %(name)s.") % {"name": by_name})


def resume_on_parts(case: Case, text: str) -> Case:
    """The parts a case waited for are in stock and held for it: it works again, in the
    state it waited in. Stock arriving makes this move, so it is recorded as the system's."""
    stored = locked_case(case, None)
    if stored.state != State.WAITING_PARTS:
        return stored
    return _apply(stored, "resume", None, text)


def _stamp_clocks(case: Case, before: str) -> None:
    """First response at triage, on site at check-in, restored at resolution (once each)."""
    now = timezone.now()
    if case.state != State.NEW and case.first_response_at is None:
        case.first_response_at = now
    if case.state == State.ON_SITE and case.on_site_at is None:
        case.on_site_at = now
    if case.state == State.RESOLVED:
        case.resolved_at = now
    if case.state == State.CLOSED:
        case.closed_at = now


@transaction.atomic
def triage_case(
    *, by: User, case: Case, version: int, priority: str, kind: str, assignee: User
) -> Case:
    """Confirms priority and type and names who works on the case."""
    if assignee.office_id != case.office_id or assignee.role not in (
        Role.ENGINEER,
        Role.COORDINATOR,
        Role.MANAGER,
    ):
        raise ValidationError({"assignee": _("Assign the case to a colleague of its office.")})
    stored = locked_case(case, version)
    stored.priority, stored.kind, stored.assignee = priority, kind, assignee
    stored.save(update_fields=["priority", "kind", "assignee"])
    if priority != case.priority:
        sla.plan(stored)
    moved = move(by, stored, "triage", None)
    record(moved, CaseEvent.Kind.ASSIGNED, by, assignee=assignee.pk)
    if assignee != by:
        with translation.override(assignee.language):
            text = _("%(number)s is assigned to you: %(symptom)s") % {
                "number": moved.number,
                "symptom": moved.symptom[:80],
            }
        notify(user=assignee, text=text, link=reverse("service:case_detail", args=[moved.pk]))
    return moved


@transaction.atomic
def start_remote_diagnosis(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """The assignee works on it from the office."""
    return move(by, case, "start_remote_diagnosis", version, note)


@transaction.atomic
def schedule_visit(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """An engineer goes on site (P1 and visit work may skip remote diagnosis)."""
    return move(by, case, "schedule_visit", version, note)


@transaction.atomic
def need_visit(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """Remote diagnosis could not fix it: an engineer goes on site."""
    return move(by, case, "need_visit", version, note)


@transaction.atomic
def wait_for_customer(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """Waiting for the customer's readings, photos or access; the clocks pause."""
    return move(by, case, "wait_for_customer", version, note)


@transaction.atomic
def wait_for_parts(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """Waiting for a spare part; our delay, so the clocks run."""
    return move(by, case, "wait_for_parts", version, note)


@transaction.atomic
def resume(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """Back to the state the case waited in."""
    return move(by, case, "resume", version, note)


@transaction.atomic
def check_in(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """The visiting engineer is at the machine; the on-site clock stops."""
    return move(by, case, "check_in", version, note)


@transaction.atomic
def follow_up_visit(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """Another visit is needed."""
    return move(by, case, "follow_up_visit", version, note)


@transaction.atomic
def not_fixed_remote(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """The customer says it is not fixed: back to remote diagnosis."""
    return move(by, case, "not_fixed_remote", version, note)


@transaction.atomic
def not_fixed_visit(*, by: User, case: Case, version: int, note: str = "") -> Case:
    """The customer says it is not fixed: another visit."""
    return move(by, case, "not_fixed_visit", version, note)


@transaction.atomic
def resolve_remotely(*, by: User, case: Case, version: int, resolution: str) -> Case:
    """Solved from the office; the restore clock stops."""
    return _resolve(by, case, version, resolution, "resolve_remotely")


@transaction.atomic
def resolve_on_site(*, by: User, case: Case, version: int, resolution: str) -> Case:
    """Solved at the machine by the visiting engineer; the restore clock stops."""
    return _resolve(by, case, version, resolution, "resolve_on_site")


def _resolve(by: User, case: Case, version: int, resolution: str, name: str) -> Case:
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say what solved the problem.")})
    moved = move(by, case, name, version)
    moved.resolution = resolution
    if moved.priority == Case.Priority.P1 and moved.line_up_at is None:
        moved.line_up_at = moved.resolved_at
    moved.save(update_fields=["resolution", "line_up_at"])
    cases_search.refresh_search_text(moved)
    return moved


@transaction.atomic
def close_case(*, by: User, case: Case, version: int, root_cause: str, billing: str) -> Case:
    """Ends the case: it needs its resolution, a root-cause code and how it is billed."""
    stored = locked_case(case, version)
    missing = {}
    if not stored.resolution.strip():
        missing["resolution"] = _("A closed case needs its resolution.")
    if not root_cause.strip():
        missing["root_cause"] = _("Give the root-cause code.")
    if billing not in Case.Billing.values:
        missing["billing"] = _("Say how the work is billed.")
    if (
        stored.on_site_at is not None
        and not stored.reports.filter(engineer_signed_at__isnull=False).exists()
    ):
        missing["report"] = _("A case with a visit closes with a signed repair report.")
    if missing:
        raise ValidationError(missing)
    stored.root_cause, stored.billing = root_cause.strip(), billing
    stored.save(update_fields=["root_cause", "billing"])
    return move(by, stored, "close", None)


@transaction.atomic
def reopen_case(*, by: User, case: Case, version: int, reason: str) -> Case:
    """A manager reopens a case closed less than 30 days ago; its earlier closing stays recorded."""
    stored = locked_case(case, version)
    if stored.closed_at and timezone.now() - stored.closed_at > REOPEN_WITHIN:
        raise ValidationError(
            _("Cases closed more than 30 days ago are not reopened: open a new one.")
        )
    closed_at = stored.closed_at
    moved = move(by, stored, "reopen", None, reason)
    moved.resolved_at = moved.closed_at = None
    moved.save(update_fields=["resolved_at", "closed_at"])
    record(
        moved,
        CaseEvent.Kind.NOTE,
        by,
        reason,
        reopened_after_closing=closed_at.isoformat() if closed_at else "",
    )
    return moved


@transaction.atomic
def cancel_case(*, by: User, case: Case, version: int, reason: str) -> Case:
    """Cancels an open case, with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    moved = move(by, case, "cancel", version, reason)
    moved.cancel_reason = reason.strip()
    moved.save(update_fields=["cancel_reason"])
    return moved


def stop_first_response(case: Case) -> None:
    """Any message to the customer is a first response (DOMAIN.md's clocks)."""
    stored = locked_case(case, None)
    if stored.first_response_at is None:
        stored.first_response_at = timezone.now()
        stored.save(update_fields=["first_response_at"])
