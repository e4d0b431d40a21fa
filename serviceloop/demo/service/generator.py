"""Two years of demo cases, planned from one seeded generator and written in bulk."""

import random
from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from serviceloop.accounts.models import Office, User
from serviceloop.customers.models import Contact
from serviceloop.demo import customers
from serviceloop.demo.service.customer_answers import _CustomerAnswers
from serviceloop.demo.service.engineers import PROFILES
from serviceloop.demo.service.planning import (
    BATCH,
    GRADE_WEIGHT,
    STATE_COUNTS,
    _Coverage,
    _Planning,
)
from serviceloop.demo.service.records import _Records
from serviceloop.equipment.models import Unit
from serviceloop.service.models import (
    Case,
    CaseEvent,
    CaseNumber,
    Pause,
    Reading,
    RepairReport,
    SlaPolicy,
    Visit,
)
from serviceloop.service.services.cases_search import case_terms
from serviceloop.service.services.sla import office_calendar


def _demo_cases_exist() -> bool:
    return Case.objects.filter(customer__code__in=customers.CODES).exists()


def _load_cases() -> None:
    """About 1,500 cases over two years, written in bulk; nothing when demo cases exist."""
    if _demo_cases_exist():
        return
    units = list(
        Unit.objects.filter(
            customer__code__in=customers.CODES, customer__merged_into__isnull=True
        ).select_related("customer", "model", "site")
    )
    if not units:
        return
    users = User.objects.in_bulk(
        ["manager", "coordinator", "engineer1", "engineer2"], field_name="username"
    )
    _Generator(units, users).run()


class _Generator(_Planning, _Records, _CustomerAnswers):
    def __init__(self, units: list[Unit], users: dict[str, User]) -> None:
        self.rng = random.Random(2026)  # noqa: S311 — demo data, reproducible on purpose
        self.units = sorted(units, key=lambda unit: unit.pk)
        self.weights = [GRADE_WEIGHT.get(unit.customer.grade, 1) for unit in self.units]
        self.users = users
        self.office = Office.objects.get(code="shanghai")
        self.now = timezone.now()
        self.coverage = _Coverage(self.units)
        self.policies = {
            (policy.coverage, policy.priority): policy
            for policy in SlaPolicy.objects.filter(office=self.office)
        }
        start_year = (self.now - timedelta(days=740)).year
        self.calendar = office_calendar(self.office, list(range(start_year, self.now.year + 2)))
        self.contacts = defaultdict(list)
        for contact in Contact.objects.filter(customer__code__in=customers.CODES).order_by("pk"):
            self.contacts[contact.customer_id].append(contact)
        self.homes = {name: (row[1], row[2]) for name, row in PROFILES.items()}
        self.cases, self.plans = [], []

    # Writing ------------------------------------------------------------------------------

    def _search_words(self, plans: list[dict], reports: list[RepairReport]) -> None:
        """What the services keep on every case written one by one (decision 0018)."""
        written = {report.case_id: [(report.fault_found, report.actions)] for report in reports}
        cases = [p["case"] for p in plans]
        for case in cases:
            case.search_text = case_terms(case, written.get(case.pk, ()))
        Case.objects.bulk_update(cases, ["search_text"], batch_size=BATCH)

    def run(self) -> None:
        rng = self.rng
        states = [state for state, count in STATE_COUNTS.items() for _ in range(count)]
        plans = [self.plan_case(state) for state in states]
        plans.sort(key=lambda p: p["opened"])
        counters = {c.year: c for c in CaseNumber.objects.all()}
        coordinator = self.users["coordinator"]
        for p in plans:
            p["steps"] = self._squeeze(p["opened"], self.timeline(p))
            year = timezone.localdate(p["opened"]).year
            counter = counters.setdefault(year, CaseNumber(year=year, last=0))
            counter.last += 1
            p["case"] = self._case(p, f"SR-{year}-{counter.last:06d}", coordinator)
        for counter in counters.values():
            CaseNumber.objects.update_or_create(year=counter.year, defaults={"last": counter.last})
        Case.objects.bulk_create([p["case"] for p in plans], batch_size=BATCH)

        events, readings, pauses, visits = [], [], [], []
        for p in plans:
            events += self._events(p, coordinator)
            readings += self._readings(p, coordinator)
            case = p["case"]
            if case.state == Case.State.WAITING_CUSTOMER:
                pauses.append(Pause(case=case, started_at=p["steps"][-1][2]))
            visit = self._visit(p)
            if visit is not None:
                visits.append(visit)
                p["visit"] = visit
        CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        Reading.objects.bulk_create(readings, batch_size=BATCH)
        Pause.objects.bulk_create(pauses, batch_size=BATCH)
        Visit.objects.bulk_create(visits, batch_size=BATCH)
        through = Visit.engineers.through
        Visit.engineers.through.objects.bulk_create(
            [
                through(visit_id=p["visit"].pk, user_id=engineer.pk)
                for p in plans
                if "visit" in p
                for engineer in p["engineers"]
            ],
            batch_size=BATCH,
        )
        reports = [
            self._report(p)
            for p in plans
            if p.get("visit") and p["visit"].state == Visit.State.DONE
        ]
        RepairReport.objects.bulk_create(reports, batch_size=BATCH)
        self._search_words(plans, reports)
        self._feedback([p for p in plans if p["state"] == Case.State.CLOSED])
        self._quotes(plans)
        self._requests(plans)
        del rng
