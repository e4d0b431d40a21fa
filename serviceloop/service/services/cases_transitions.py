"""DOMAIN.md's table of case states: which move is allowed from where, and for whom.

The services in services/cases.py each perform one of these moves; this table is the one
place that says whether it is allowed.
"""

from dataclasses import dataclass

from serviceloop.accounts.models import Role, User

from ..models import Case

State = Case.State

# Who may move a case, besides an administrator (who may do everything).
COORDINATOR, MANAGER, ASSIGNEE, VISITING_ENGINEER, WAREHOUSE = (
    "coordinator",
    "manager",
    "assignee",
    "visiting_engineer",
    "warehouse",
)
WORKING_STATES = frozenset(
    {State.TRIAGED, State.REMOTE_DIAGNOSIS, State.VISIT_SCHEDULED, State.ON_SITE}
)
# Kinds of work that need a visit whatever remote diagnosis could do.
VISIT_KINDS = frozenset({Case.Kind.INSTALLATION, Case.Kind.PREVENTIVE, Case.Kind.TRAINING})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str | None  # None: back to the state the case waited in
    actors: frozenset[str]


def _t(name, sources, target, *actors) -> Transition:
    return Transition(name, frozenset(sources), target, frozenset(actors))


TRANSITIONS = {
    t.name: t
    for t in [
        _t("triage", [State.NEW], State.TRIAGED, COORDINATOR, MANAGER),
        _t(
            "start_remote_diagnosis", [State.TRIAGED], State.REMOTE_DIAGNOSIS, ASSIGNEE, COORDINATOR
        ),
        _t("schedule_visit", [State.TRIAGED], State.VISIT_SCHEDULED, COORDINATOR, MANAGER),
        _t("resolve_remotely", [State.REMOTE_DIAGNOSIS], State.RESOLVED, ASSIGNEE),
        _t("need_visit", [State.REMOTE_DIAGNOSIS], State.VISIT_SCHEDULED, COORDINATOR, ASSIGNEE),
        _t("wait_for_customer", WORKING_STATES, State.WAITING_CUSTOMER, ASSIGNEE),
        _t("wait_for_parts", WORKING_STATES, State.WAITING_PARTS, ASSIGNEE, WAREHOUSE),
        _t(
            "resume",
            [State.WAITING_CUSTOMER, State.WAITING_PARTS],
            None,
            ASSIGNEE,
            COORDINATOR,
            WAREHOUSE,
        ),
        _t("check_in", [State.VISIT_SCHEDULED], State.ON_SITE, VISITING_ENGINEER),
        _t("resolve_on_site", [State.ON_SITE], State.RESOLVED, VISITING_ENGINEER),
        _t(
            "follow_up_visit",
            [State.ON_SITE],
            State.VISIT_SCHEDULED,
            COORDINATOR,
            VISITING_ENGINEER,
        ),
        _t("close", [State.RESOLVED], State.CLOSED, COORDINATOR, MANAGER),
        _t("not_fixed_remote", [State.RESOLVED], State.REMOTE_DIAGNOSIS, COORDINATOR),
        _t("not_fixed_visit", [State.RESOLVED], State.VISIT_SCHEDULED, COORDINATOR),
        _t("reopen", [State.CLOSED], State.TRIAGED, MANAGER),
        _t("cancel", Case.OPEN_STATES, State.CANCELLED, COORDINATOR, MANAGER),
    ]
}


def actors_of(user: User, case: Case) -> set[str]:
    """What `user` is to this case: its coordinator, manager, assignee, visiting engineer..."""
    if not user.is_active or (user.office_id != case.office_id and user.role != Role.ADMIN):
        return set()
    if user.role == Role.ADMIN:
        return {COORDINATOR, MANAGER, ASSIGNEE, VISITING_ENGINEER, WAREHOUSE}
    found = set()
    if user.role == Role.COORDINATOR:
        found.add(COORDINATOR)
    if user.role == Role.MANAGER:
        found.add(MANAGER)
    if user.role == Role.WAREHOUSE:
        found.add(WAREHOUSE)
    if case.assignee_id == user.pk:
        found.add(ASSIGNEE)
    if user.role == Role.ENGINEER and _visits(case, user):
        found.add(VISITING_ENGINEER)
    return found


def _visits(case: Case, user: User) -> bool:
    """The engineer is on a visit of this case that is planned or under way; before any
    visit is planned, the assigned engineer is the one expected to go."""
    open_visits = case.visits.exclude(state__in=["done", "cancelled"]) if case.pk else None
    if open_visits is None or not open_visits.exists():
        return case.assignee_id == user.pk
    return open_visits.filter(engineers=user).exists()


def allowed(user: User, case: Case, name: str) -> bool:
    transition = TRANSITIONS[name]
    if case.state not in transition.sources:
        return False
    if name == "schedule_visit" and not may_skip_remote_diagnosis(case):
        return False
    return bool(actors_of(user, case) & transition.actors)


def may_skip_remote_diagnosis(case: Case) -> bool:
    """Only a stopped line (P1), or work that needs a visit anyway, goes straight to a visit."""
    return case.priority == Case.Priority.P1 or case.kind in VISIT_KINDS


def allowed_for(user: User, case: Case) -> list[str]:
    """The moves the user may make now, in the table's order (for the case page's buttons)."""
    return [name for name in TRANSITIONS if allowed(user, case, name)]
