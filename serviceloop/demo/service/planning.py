"""How the demo cases are drawn: their mix, and the plan of each case."""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.utils import timezone

from serviceloop.customers.models import Customer
from serviceloop.demo.service.engineers import Family
from serviceloop.demo.service.faults import FAULTS
from serviceloop.equipment.models import Contract, Unit
from serviceloop.service.models import Case, SlaPolicy
from serviceloop.service.services.sla_clocks import deadline

# final state -> how many of the cases end there
STATE_COUNTS = {
    Case.State.CLOSED: 1200,
    Case.State.CANCELLED: 30,
    Case.State.RESOLVED: 90,
    Case.State.NEW: 20,
    Case.State.TRIAGED: 25,
    Case.State.REMOTE_DIAGNOSIS: 30,
    Case.State.VISIT_SCHEDULED: 30,
    Case.State.ON_SITE: 15,
    Case.State.WAITING_CUSTOMER: 25,
    Case.State.WAITING_PARTS: 35,
}
KIND_WEIGHTS = {
    Case.Kind.BREAKDOWN: 45,
    Case.Kind.MALFUNCTION: 27,
    Case.Kind.PREVENTIVE: 9,
    Case.Kind.INSTALLATION: 4,
    Case.Kind.TRAINING: 3,
    Case.Kind.CONSULTATION: 7,
    Case.Kind.SPARE_PART: 5,
}
PRIORITY_WEIGHTS = {
    Case.Kind.BREAKDOWN: {"P1": 20, "P2": 55, "P3": 25},
    Case.Kind.MALFUNCTION: {"P2": 35, "P3": 55, "P4": 10},
}
OTHER_PRIORITIES = {"P3": 50, "P4": 50}
CHANNEL_WEIGHTS = {
    Case.Channel.PHONE: 50,
    Case.Channel.WECHAT: 22,
    Case.Channel.EMAIL: 15,
    Case.Channel.PORTAL: 10,
    Case.Channel.ON_SITE: 3,
}
GRADE_WEIGHT = {Customer.Grade.A: 5, Customer.Grade.B: 2, Customer.Grade.C: 1}
BILLING = {
    SlaPolicy.Coverage.WARRANTY: Case.Billing.WARRANTY,
    SlaPolicy.Coverage.BASIC: Case.Billing.CONTRACT,
    SlaPolicy.Coverage.PREMIUM: Case.Billing.CONTRACT,
    SlaPolicy.Coverage.NONE: Case.Billing.CHARGEABLE,
}
ENGINEER1_FAMILIES = {Family.POWER_SUPPLY, Family.SCANNING_HARDENER, Family.HARDENING_MACHINE}
BATCH = 500


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _span(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


class _Coverage:
    """Coverage of the demo units on any day, from one read of warranties and contracts
    (the same rules as `equipment.selectors.coverage_on_day`, without a query per case)."""

    def __init__(self, units: list[Unit]) -> None:
        self.warranty = {unit.pk: unit.warranty_end for unit in units}
        self.owner = {unit.pk: unit.customer_id for unit in units}
        self.contracts = defaultdict(list)
        rows = Contract.units.through.objects.filter(
            unit_id__in=self.warranty, contract__archived_at__isnull=True
        ).values_list(
            "unit_id",
            "contract__customer_id",
            "contract__kind",
            "contract__starts_on",
            "contract__ends_on",
        )
        for unit_id, customer_id, kind, starts, ends in rows:
            if customer_id == self.owner[unit_id]:
                self.contracts[unit_id].append((kind, starts, ends))

    def on(self, unit_id: int, day: date) -> str:
        warranty_end = self.warranty.get(unit_id)
        if warranty_end is not None and day <= warranty_end:
            return SlaPolicy.Coverage.WARRANTY
        kinds = {kind for kind, starts, ends in self.contracts[unit_id] if starts <= day <= ends}
        if Contract.Kind.PREMIUM in kinds:
            return SlaPolicy.Coverage.PREMIUM
        if Contract.Kind.BASIC in kinds:
            return SlaPolicy.Coverage.BASIC
        return SlaPolicy.Coverage.WARRANTY if kinds else SlaPolicy.Coverage.NONE


class _Planning:
    """The plan of each case: its fields, timeline and deadlines (a part of
    `_Generator`, whose `__init__` holds the state)."""

    def _opened_at(self, state: str) -> datetime:
        rng, now = self.rng, self.now
        if state in (Case.State.CLOSED, Case.State.CANCELLED):
            return now - timedelta(days=rng.uniform(22, 730))
        if state == Case.State.RESOLVED:
            return now - timedelta(days=rng.uniform(4, 30))
        # The office triages within hours: new cases are from today, triaged ones recent.
        if state == Case.State.NEW:
            return now - timedelta(hours=rng.uniform(0.2, 6))
        if state == Case.State.TRIAGED:
            return now - timedelta(days=rng.uniform(0.1, 2))
        return now - timedelta(days=rng.uniform(0.1, 21))

    def _due(self, policy: SlaPolicy | None, opened: datetime, hours, pauses) -> datetime | None:
        if policy is None or hours is None:
            return None
        calendar = self.calendar if policy.business_hours else None
        return deadline(calendar, opened, timedelta(hours=float(hours)), pauses, now=self.now)

    def _in_time(self, start: datetime, due: datetime | None, fallback: timedelta) -> datetime:
        """Mostly before the deadline; one time in ten a little late."""
        rng = self.rng
        if due is None or due <= start:
            return start + fallback
        if rng.random() < 0.1:
            return due + _span(rng, 0.3, 6)
        return start + (due - start) * rng.uniform(0.15, 0.9)

    def plan_case(self, state: str) -> dict:
        rng = self.rng
        unit = rng.choices(self.units, weights=self.weights)[0]
        kind = _pick(rng, KIND_WEIGHTS)
        visit_states = (Case.State.VISIT_SCHEDULED, Case.State.ON_SITE)
        if state in visit_states and kind in (Case.Kind.CONSULTATION, Case.Kind.SPARE_PART):
            kind = Case.Kind.MALFUNCTION
        priority = _pick(rng, PRIORITY_WEIGHTS.get(kind, OTHER_PRIORITIES))
        family = unit.model.family
        fault = None
        if kind in (Case.Kind.BREAKDOWN, Case.Kind.MALFUNCTION):
            fault = rng.choice([f for f in FAULTS if f[1] is None or family in f[1]])
        if kind in (Case.Kind.CONSULTATION, Case.Kind.SPARE_PART):
            with_visit = False
        elif kind in (Case.Kind.PREVENTIVE, Case.Kind.INSTALLATION, Case.Kind.TRAINING):
            with_visit = True
        else:
            with_visit = rng.random() < (0.85 if priority in ("P1", "P2") else 0.55)
        if state in visit_states:
            with_visit = True
        opened = self._opened_at(state)
        coverage = self.coverage.on(unit.pk, timezone.localdate(opened))
        policy = self.policies.get((coverage, priority))
        contacts = self.contacts.get(unit.customer_id) or [None]
        on_site_contacts = [c for c in contacts if c is not None and c.site_id == unit.site_id]
        reporter = rng.choice(on_site_contacts or contacts)
        if kind == Case.Kind.CONSULTATION:
            assignee = self.users["coordinator"]
        elif family in ENGINEER1_FAMILIES:
            assignee = self.users["engineer1" if rng.random() < 0.8 else "engineer2"]
        else:
            assignee = self.users["engineer2" if rng.random() < 0.8 else "engineer1"]
        return {
            "state": state,
            "unit": unit,
            "kind": kind,
            "priority": priority,
            "fault": fault,
            "with_visit": with_visit,
            "opened": opened,
            "coverage": coverage,
            "policy": policy,
            "reporter": reporter,
            "assignee": assignee,
        }

    def timeline(self, p: dict) -> list[tuple[str, str, datetime]]:
        """(move, target state, when) from opening to the case's final state."""
        rng, state, opened, policy = self.rng, p["state"], p["opened"], p["policy"]
        S = Case.State
        if state == S.NEW:
            return []
        fr_due = self._due(policy, opened, policy and policy.first_response_hours, [])
        on_site_due = self._due(policy, opened, policy and policy.on_site_hours, [])
        restore_due = self._due(policy, opened, policy and policy.restore_hours, [])
        steps = []
        moment = self._in_time(opened, fr_due, _span(rng, 0.5, 4))
        steps.append(("triage", S.TRIAGED, moment))
        if state == S.CANCELLED:
            steps.append(("cancel", S.CANCELLED, moment + _span(rng, 1, 72)))
            return steps
        if state == S.TRIAGED:
            return steps
        remote_first = not p["with_visit"] or (p["priority"] != "P1" and rng.random() < 0.5)
        if remote_first:
            moment += _span(rng, 0.2, 4)
            steps.append(("start_remote_diagnosis", S.REMOTE_DIAGNOSIS, moment))
        if state in (S.REMOTE_DIAGNOSIS, S.WAITING_CUSTOMER, S.WAITING_PARTS):
            if not remote_first:
                moment += _span(rng, 0.2, 4)
                steps.append(("start_remote_diagnosis", S.REMOTE_DIAGNOSIS, moment))
            if state != S.REMOTE_DIAGNOSIS:
                move = "wait_for_customer" if state == S.WAITING_CUSTOMER else "wait_for_parts"
                steps.append((move, state, moment + _span(rng, 1, 24)))
            return steps
        if p["with_visit"]:
            moment += _span(rng, 0.5, 8)
            steps.append(
                ("need_visit" if remote_first else "schedule_visit", S.VISIT_SCHEDULED, moment)
            )
            if state == S.VISIT_SCHEDULED:
                return steps
            moment = max(
                moment + _span(rng, 1, 3),
                self._in_time(opened, on_site_due, timedelta(days=rng.uniform(1, 7))),
            )
            steps.append(("check_in", S.ON_SITE, moment))
            if state == S.ON_SITE:
                return steps
            moment += _span(rng, 2, 10)
            steps.append(("resolve_on_site", S.RESOLVED, moment))
        else:
            moment = max(
                moment + _span(rng, 0.5, 3), self._in_time(opened, restore_due, _span(rng, 4, 72))
            )
            steps.append(("resolve_remotely", S.RESOLVED, moment))
        if state == S.CLOSED:
            steps.append(("close", S.CLOSED, moment + _span(rng, 2, 72)))
        return steps

    def _squeeze(self, opened: datetime, steps: list) -> list:
        """Open cases live in the past: their steps are scaled into [opened, now)."""
        if not steps or steps[-1][2] < self.now - timedelta(minutes=10):
            return steps
        span = (self.now - timedelta(minutes=10) - opened) * 0.95
        factor = span / (steps[-1][2] - opened)
        return [(move, target, opened + (at - opened) * factor) for move, target, at in steps]
