"""Reservations of the demo's cases, as services/reservations.py makes them: cases waiting
for parts hold what the office has and wait for the rest, visits planned hold their part,
and a few cancelled cases gave back what they held."""

from datetime import datetime, timedelta

from serviceloop.demo import customers
from serviceloop.demo.service import FAULTS
from serviceloop.parts.models import Part, Reservation, Warehouse
from serviceloop.service.models import Case, CaseEvent

from .usage import zh

State = Reservation.State
SYMPTOM_PARTS = {symptom: fault[5] for fault in FAULTS for symptom in fault[2]}
# How many cases of each kind hold stock, at most.
LIMITS = {"waiting": 6, "held": 8, "released": 3}
# The app's own words for the case's timeline (translated already).
RESERVED = "Reserved %(count)s × %(part)s in %(warehouse)s."
WAITS = "%(count)s wait for stock."


class _Reservations:
    """Reservations of the demo history (a part of `_History`)."""

    def _plan_reservations(self) -> None:
        self.case_notes: list[CaseEvent] = []
        self._reserved_cases = dict.fromkeys(LIMITS, 0)
        states = [
            Case.State.WAITING_PARTS,
            Case.State.VISIT_SCHEDULED,
            Case.State.ON_SITE,
            Case.State.CANCELLED,
        ]
        cases = {
            case.pk: case
            for case in Case.objects.filter(
                customer__code__in=customers.CODES, state__in=states
            ).select_related("assignee")
        }
        moves: dict[int, dict[str, datetime]] = {}
        for case_id, at, data in (
            CaseEvent.objects.filter(case__in=list(cases), kind=CaseEvent.Kind.TRANSITION)
            .order_by("at", "pk")
            .values_list("case_id", "at", "data")
        ):
            moves.setdefault(case_id, {}).setdefault(data.get("target", ""), at)
        for case in sorted(cases.values(), key=lambda c: (c.opened_at, c.pk)):
            self._plan_case(case, moves.get(case.pk, {}))

    def _plan_case(self, case: Case, moves: dict[str, datetime]) -> None:
        numbers = [number for number, _name in SYMPTOM_PARTS.get(case.symptom, [])]
        if not numbers:
            return
        if case.state == Case.State.WAITING_PARTS and Case.State.WAITING_PARTS in moves:
            self.at(moves[Case.State.WAITING_PARTS], self._wait_for_parts, case, numbers)
        elif case.state == Case.State.CANCELLED:
            if Case.State.TRIAGED in moves and Case.State.CANCELLED in moves:
                ends = moves[Case.State.CANCELLED]
                self.at(moves[Case.State.TRIAGED], self._hold_for, case, numbers, ends)
        elif Case.State.VISIT_SCHEDULED in moves:
            self.at(moves[Case.State.VISIT_SCHEDULED], self._hold_for, case, numbers, None)

    def _wait_for_parts(self, at: datetime, case: Case, numbers: list[str]) -> None:
        """Remote diagnosis named a part the office has too few of: what is free is held,
        the rest waits for a receipt that is not in before now (the case still waits)."""
        store = self.stores.store
        if self._reserved_cases["waiting"] >= LIMITS["waiting"]:
            return
        for number in numbers:
            part = self.parts.get(number)
            if part is None or (part.pk, store.pk) not in self.plan.policies:
                continue
            free = self.book.free(part, store)
            # An order placed now would not be in either (HQ short, or too little time).
            in_time = part.pk not in self.hq_short and (
                at + timedelta(days=part.customs_days + 5) <= self.now
            )
            if free > 2 or in_time or self.arrives(part, store, at):
                continue
            self._reserve(at, case, part, store, free + 1)
            self._reserved_cases["waiting"] += 1
            return

    def _hold_for(self, at: datetime, case: Case, numbers: list[str], ends) -> None:
        """The visit is planned: one of the fault's parts is held in the assignee's van or
        the office; a case cancelled later gives it back then."""
        kind = "released" if ends else "held"
        if self._reserved_cases[kind] >= LIMITS[kind]:
            return
        places = [self.stores.vans.get(case.assignee_id), self.stores.store]
        for number in numbers:
            part = self.parts.get(number)
            for place in [p for p in places if p is not None and part is not None]:
                if (part.pk, place.pk) in self.plan.policies and self.book.free(part, place) >= 2:
                    [reservation] = self._reserve(at, case, part, place, 1)
                    if ends:
                        self.at(ends, self._release, reservation)
                    self._reserved_cases[kind] += 1
                    return

    def _reserve(
        self, at: datetime, case: Case, part: Part, place: Warehouse, quantity: int
    ) -> list[Reservation]:
        held = min(self.book.free(part, place), quantity)
        by = case.assignee or self.coordinator
        common = {"case": case, "part": part, "warehouse": place, "by": by, "at": at}
        made = []
        if held:
            self.book.hold(part, place, held)
            made.append(Reservation(quantity=held, state=State.ACTIVE, **common))
        if held < quantity:
            made.append(Reservation(quantity=quantity - held, state=State.WAITING, **common))
            self.waits[(part.pk, place.pk)] += quantity - held
        self.reservations += made
        text = zh(RESERVED) % {"count": quantity, "part": part, "warehouse": place}
        if held < quantity:
            text += " " + zh(WAITS) % {"count": quantity - held}
        self.case_notes.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.NOTE,
                actor=by,
                at=at,
                text=text,
                data={"parts": part.number},
            )
        )
        self.review_alerts(part, place, at)
        return made

    def _release(self, at: datetime, reservation: Reservation) -> None:
        """The case was cancelled: what it held is free again (services' release_all)."""
        if reservation.state != State.ACTIVE:
            return
        part, place = reservation.part, reservation.warehouse
        self.book.hold(part, place, -reservation.remaining)
        reservation.released += reservation.remaining
        reservation.state = State.CANCELLED
        self.after(part, place, at)
