"""Every allowed and every refused move of DOMAIN.md's table, by who tries it.

The expectations are written out here again, from DOMAIN.md, rather than read from the
code's table: the test would not notice a wrong row otherwise.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.service.models import Case
from serviceloop.service.services import cases as services
from serviceloop.service.testing import make_case

S = Case.State
OPEN = [
    S.NEW,
    S.TRIAGED,
    S.REMOTE_DIAGNOSIS,
    S.VISIT_SCHEDULED,
    S.ON_SITE,
    S.WAITING_CUSTOMER,
    S.WAITING_PARTS,
]
WORKING = [S.TRIAGED, S.REMOTE_DIAGNOSIS, S.VISIT_SCHEDULED, S.ON_SITE]

# move -> (from states, target, who may)   "assignee" is the assigned engineer, who is also
# the visiting engineer until visits name their engineers.
TABLE = {
    "triage": ([S.NEW], S.TRIAGED, {"coordinator", "manager"}),
    "start_remote_diagnosis": ([S.TRIAGED], S.REMOTE_DIAGNOSIS, {"assignee", "coordinator"}),
    "schedule_visit": ([S.TRIAGED], S.VISIT_SCHEDULED, {"coordinator", "manager"}),
    "resolve_remotely": ([S.REMOTE_DIAGNOSIS], S.RESOLVED, {"assignee"}),
    "need_visit": ([S.REMOTE_DIAGNOSIS], S.VISIT_SCHEDULED, {"coordinator", "assignee"}),
    "wait_for_customer": (WORKING, S.WAITING_CUSTOMER, {"assignee"}),
    "wait_for_parts": (WORKING, S.WAITING_PARTS, {"assignee", "warehouse"}),
    "check_in": ([S.VISIT_SCHEDULED], S.ON_SITE, {"assignee"}),
    "resolve_on_site": ([S.ON_SITE], S.RESOLVED, {"assignee"}),
    "follow_up_visit": ([S.ON_SITE], S.VISIT_SCHEDULED, {"coordinator", "assignee"}),
    "close": ([S.RESOLVED], S.CLOSED, {"coordinator", "manager"}),
    "not_fixed_remote": ([S.RESOLVED], S.REMOTE_DIAGNOSIS, {"coordinator"}),
    "not_fixed_visit": ([S.RESOLVED], S.VISIT_SCHEDULED, {"coordinator"}),
    "reopen": ([S.CLOSED], S.TRIAGED, {"manager"}),
    "cancel": (OPEN, S.CANCELLED, {"coordinator", "manager"}),
}
PERSONAS = [
    "coordinator",
    "manager",
    "assignee",
    "other_engineer",
    "warehouse",
    "account_manager",
    "hq",
]


def _call(name, by, case, team):
    version = case.version
    calls = {
        "triage": lambda: services.triage_case(
            by=by,
            case=case,
            version=version,
            priority="P1",
            kind="breakdown",
            assignee=team["assignee"],
        ),
        "resolve_remotely": lambda: services.resolve_remotely(
            by=by, case=case, version=version, resolution="换了滤网"
        ),
        "resolve_on_site": lambda: services.resolve_on_site(
            by=by, case=case, version=version, resolution="换了滤网"
        ),
        "close": lambda: services.close_case(
            by=by, case=case, version=version, root_cause="F01", billing="warranty"
        ),
        "reopen": lambda: services.reopen_case(by=by, case=case, version=version, reason="又坏了"),
        "cancel": lambda: services.cancel_case(
            by=by, case=case, version=version, reason="客户撤回"
        ),
        "resume": lambda: services.resume(by=by, case=case, version=version),
    }
    if name in calls:
        return calls[name]()
    return getattr(services, name)(by=by, case=case, version=version)


@pytest.fixture
def team(shanghai):
    people = {
        "coordinator": make_user(Role.COORDINATOR, username="co", office=shanghai),
        "manager": make_user(Role.MANAGER, username="ma", office=shanghai),
        "assignee": make_user(Role.ENGINEER, username="en", office=shanghai),
        "other_engineer": make_user(Role.ENGINEER, username="en2", office=shanghai),
        "warehouse": make_user(Role.WAREHOUSE, username="wh", office=shanghai),
        "account_manager": make_user(Role.ACCOUNT_MANAGER, username="am", office=shanghai),
        "hq": make_user(Role.HQ, username="hq", office=shanghai),
    }
    return people


def _case_in(state, shanghai, team, **fields):
    extra = {"resolution": "换了滤网"} if state in (S.RESOLVED, S.CLOSED) else {}
    if state == S.CLOSED:
        from django.utils import timezone

        extra["closed_at"] = timezone.now()
    fields.setdefault("priority", "P1")
    return make_case(
        shanghai,
        state=state,
        assignee=team["assignee"],
        opened_by=team["coordinator"],
        **extra,
        **fields,
    )


CASES = [(name, state, persona) for name in TABLE for state in list(S) for persona in PERSONAS]


@pytest.mark.django_db
def test_every_move_of_the_table_is_allowed_or_refused_as_domain_md_says(shanghai, team):
    tried, allowed, refused, wrong = 0, 0, 0, []
    for name, (sources, target, who) in TABLE.items():
        for state in S:
            for persona in PERSONAS:
                case = _case_in(state, shanghai, team)
                expected = state in sources and persona in who
                try:
                    moved = _call(name, team[persona], case, team)
                except (PermissionDenied, ValidationError):
                    outcome = False
                else:
                    outcome = True
                    if moved.state != target:
                        wrong.append(f"{name} from {state} by {persona}: ended in {moved.state}")
                tried += 1
                allowed += outcome
                refused += not outcome
                if outcome != expected:
                    wrong.append(
                        f"{name} from {state} by {persona}: {'done' if outcome else 'refused'}"
                    )
    print(f"transitions: {tried} tried, {allowed} allowed, {refused} refused")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize("waiting", [S.WAITING_CUSTOMER, S.WAITING_PARTS])
@pytest.mark.parametrize("came_from", WORKING)
def test_a_waiting_case_returns_to_the_state_it_came_from(shanghai, team, waiting, came_from):
    case = _case_in(came_from, shanghai, team)
    name = "wait_for_customer" if waiting == S.WAITING_CUSTOMER else "wait_for_parts"
    case = getattr(services, name)(by=team["assignee"], case=case, version=case.version)
    assert case.state == waiting
    for persona in ("other_engineer", "account_manager", "hq"):
        with pytest.raises(PermissionDenied):
            services.resume(by=team[persona], case=case, version=case.version)
    case = services.resume(by=team["coordinator"], case=case, version=case.version)
    assert case.state == came_from


@pytest.mark.django_db
def test_only_a_stopped_line_or_visit_work_skips_remote_diagnosis(shanghai, team):
    routine = _case_in(S.TRIAGED, shanghai, team, priority="P3")
    with pytest.raises(ValidationError):
        services.schedule_visit(by=team["coordinator"], case=routine, version=routine.version)
    installation = _case_in(S.TRIAGED, shanghai, team, priority="P3", kind=Case.Kind.INSTALLATION)
    moved = services.schedule_visit(
        by=team["coordinator"], case=installation, version=installation.version
    )
    assert moved.state == S.VISIT_SCHEDULED


@pytest.mark.django_db
def test_a_save_from_an_older_version_is_refused_and_changes_nothing(shanghai, team):
    case = _case_in(S.TRIAGED, shanghai, team)
    seen = case.version
    services.start_remote_diagnosis(by=team["assignee"], case=case, version=seen)
    with pytest.raises(services.StaleCase):
        services.cancel_case(by=team["coordinator"], case=case, version=seen, reason="重复")
    case.refresh_from_db()
    assert case.state == S.REMOTE_DIAGNOSIS


@pytest.mark.django_db
def test_a_case_closed_over_30_days_ago_is_not_reopened(shanghai, team):
    from datetime import timedelta

    from django.utils import timezone

    case = _case_in(S.CLOSED, shanghai, team)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=31))
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.reopen_case(by=team["manager"], case=case, version=case.version, reason="又坏了")


@pytest.mark.django_db
def test_closing_needs_a_root_cause_and_billing(shanghai, team):
    case = _case_in(S.RESOLVED, shanghai, team)
    with pytest.raises(ValidationError) as refused:
        services.close_case(
            by=team["coordinator"], case=case, version=case.version, root_cause="", billing=""
        )
    assert set(refused.value.message_dict) == {"root_cause", "billing"}
