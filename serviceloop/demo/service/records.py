"""The rows of each planned case."""

import math
from datetime import timedelta
from decimal import Decimal

from serviceloop.accounts.models import User
from serviceloop.demo.service.faults import CANCEL_REASONS, NORMAL, OTHER_KINDS
from serviceloop.demo.service.planning import BILLING, CHANNEL_WEIGHTS, _pick, _span
from serviceloop.service.models import Case, CaseEvent, Reading, RepairReport, Visit


def _distance_km(site, lat: Decimal, lon: Decimal) -> float:
    if site is None or site.latitude is None or site.longitude is None:
        return 80.0
    dlat = math.radians(float(site.latitude) - float(lat))
    dlon = math.radians(float(site.longitude) - float(lon))
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(float(lat)))
        * math.cos(math.radians(float(site.latitude)))
        * math.sin(dlon / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(a))


class _Records:
    """The rows of a planned case: the case, its events, readings, visit and report
    (a part of `_Generator`)."""

    def _case(self, p: dict, number: str, coordinator: User) -> Case:
        rng, unit, steps = self.rng, p["unit"], p["steps"]
        at = {move: moment for move, _target, moment in steps}
        fault = p["fault"]
        if fault is not None:
            symptom = rng.choice(fault[2])
        else:
            symptom = rng.choice(OTHER_KINDS[p["kind"]][1])
        reporter = p["reporter"]
        policy = p["policy"]
        pauses = []
        if p["state"] == Case.State.WAITING_CUSTOMER:
            pauses = [(steps[-1][2], None)]
        dues = [
            self._due(policy, p["opened"], policy and hours, pauses)
            for hours in (
                policy and policy.first_response_hours,
                policy and policy.on_site_hours,
                policy and policy.restore_hours,
            )
        ]
        state = p["state"]
        resolved_at = at.get("resolve_on_site") or at.get("resolve_remotely")
        closed = state == Case.State.CLOSED
        resume = ""
        if state in (Case.State.WAITING_CUSTOMER, Case.State.WAITING_PARTS):
            resume = steps[-2][1]
        case = Case(
            number=number,
            office=self.office,
            customer=unit.customer,
            site=unit.site,
            unit=unit,
            reporter=reporter,
            reporter_name=reporter.full_name if reporter else "",
            reporter_phone=(reporter.mobile or reporter.landline) if reporter else "",
            channel=_pick(rng, CHANNEL_WEIGHTS),
            kind=p["kind"],
            priority=p["priority"],
            symptom=symptom,
            state=state,
            resume_state=resume,
            assignee=p["assignee"] if state != Case.State.NEW else None,
            opened_by=coordinator,
            opened_at=p["opened"],
            first_response_at=at.get("triage"),
            on_site_at=at.get("check_in"),
            resolved_at=resolved_at,
            closed_at=at.get("close"),
            first_response_due=dues[0],
            on_site_due=dues[1] if p["with_visit"] else None,
            restore_due=dues[2],
            sla_policy=policy,
            cancel_reason=rng.choice(CANCEL_REASONS) if state == Case.State.CANCELLED else "",
        )
        if p["priority"] == "P1":
            case.line_down_at = p["opened"] - _span(rng, 0, 2)
            case.line_up_at = resolved_at
        if state in (Case.State.RESOLVED, Case.State.CLOSED):
            if fault is not None:
                case.resolution = f"{fault[3]}。{fault[4]}。"
                case.root_cause = fault[0]
            else:
                case.resolution = OTHER_KINDS[p["kind"]][3]
                case.root_cause = OTHER_KINDS[p["kind"]][0]
        if closed:
            case.billing = BILLING[p["coverage"]]
        if "start_remote_diagnosis" in at or state == Case.State.REMOTE_DIAGNOSIS:
            case.diagnosis = (
                f"远程诊断：{fault[3]}。" if fault is not None else OTHER_KINDS[p["kind"]][2]
            )
        if "resolve_remotely" in at:
            case.remote_outcome = Case.RemoteOutcome.SOLVED
        elif "need_visit" in at:
            case.remote_outcome = Case.RemoteOutcome.VISIT_NEEDED
        return case

    def _events(self, p: dict, coordinator: User) -> list[CaseEvent]:
        case = p["case"]
        events = [
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.OPENED,
                actor=coordinator,
                at=case.opened_at,
                data={"priority": case.priority, "channel": case.channel},
            )
        ]
        source = Case.State.NEW
        for move, target, at in p["steps"]:
            actor = (
                coordinator
                if move in ("triage", "close", "cancel", "schedule_visit")
                else p["assignee"]
            )
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.TRANSITION,
                    actor=actor,
                    at=at,
                    text=case.cancel_reason if move == "cancel" else "",
                    data={"move": move, "source": source, "target": target},
                )
            )
            if move == "triage":
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEvent.Kind.ASSIGNED,
                        actor=coordinator,
                        at=at,
                        data={"assignee": p["assignee"].pk},
                    )
                )
            source = target
        return events

    def _readings(self, p: dict, coordinator: User) -> list[Reading]:
        fault = p["fault"]
        if fault is None:
            return []
        rng, case = self.rng, p["case"]
        pattern = fault[6]
        chosen = rng.sample(pattern, rng.randint(1, min(3, len(pattern))))
        readings = []
        for row in chosen:
            taken = case.opened_at - timedelta(minutes=rng.randint(5, 90))
            if row[0] == "alarm":
                readings.append(
                    Reading(
                        case=case, tag="alarm", code=row[1], taken_at=taken, recorded_by=coordinator
                    )
                )
            else:
                digits = 2 if row[0] == "p_in" else 1
                value = Decimal(str(round(rng.uniform(row[1], row[2]), digits)))
                readings.append(
                    Reading(
                        case=case, tag=row[0], value=value, taken_at=taken, recorded_by=coordinator
                    )
                )
        return readings

    def _visit(self, p: dict) -> Visit | None:
        if not p["with_visit"] or p["state"] not in (
            Case.State.VISIT_SCHEDULED,
            Case.State.ON_SITE,
            Case.State.RESOLVED,
            Case.State.CLOSED,
        ):
            return None
        rng, case = self.rng, p["case"]
        engineers = [p["assignee"]]
        if p["priority"] == "P1" and rng.random() < 0.3:
            other = "engineer2" if p["assignee"].username == "engineer1" else "engineer1"
            engineers.append(self.users[other])
        p["engineers"] = engineers
        lat, lon = self.homes.get(engineers[0].username, self.homes["engineer1"])
        km = _distance_km(case.site, lat, lon)
        travel = max(20, int(km / 60 * 60 * 1.3) + rng.randint(0, 30))
        scheduled = next(
            at for move, _t, at in p["steps"] if move in ("schedule_visit", "need_visit")
        )
        if case.on_site_at is None:  # planned, still to come
            start = max(self.now, scheduled) + _span(rng, 12, 96)
            return Visit(
                case=case,
                planned_start=start,
                planned_end=start + _span(rng, 3, 8),
                travel_minutes=travel,
                state=Visit.State.PLANNED,
                planned_by=self.users["coordinator"],
            )
        planned = case.on_site_at - timedelta(minutes=rng.randint(-20, 45))
        left = case.resolved_at
        return Visit(
            case=case,
            planned_start=planned,
            planned_end=planned + _span(rng, 3, 9),
            arrived_at=case.on_site_at,
            left_at=left,
            travel_minutes=travel,
            state=Visit.State.DONE if left else Visit.State.ON_SITE,
            planned_by=self.users["coordinator"],
        )

    def _report(self, p: dict) -> RepairReport:
        rng, case, visit, fault = self.rng, p["case"], p["visit"], p["fault"]
        if fault is not None:
            found, actions = fault[3], fault[4]
            parts = rng.sample(fault[5], rng.randint(0, len(fault[5])))
            lines = "\n".join(f"{number}, {name}, {rng.randint(1, 2)}" for number, name in parts)
            after = ", ".join(f"{tag}={NORMAL[tag]}" for tag, *_ in fault[6] if tag in NORMAL)
        else:
            found = OTHER_KINDS[case.kind][2]
            actions = OTHER_KINDS[case.kind][3]
            lines, after = "", ""
        labour = (visit.left_at - visit.arrived_at).total_seconds() / 3600 * len(p["engineers"])
        signed = visit.left_at
        return RepairReport(
            case=case,
            visit=visit,
            engineer=p["engineers"][0],
            fault_found=found,
            root_cause=case.root_cause,
            actions=actions,
            parts_used=lines,
            labour_hours=Decimal(str(round(labour, 1))),
            travel_hours=Decimal(str(round(visit.travel_minutes * 2 / 60, 1))),
            readings_after=after,
            customer_name=case.reporter_name or "客户设备主管",
            customer_signed_at=signed,
            engineer_signed_at=signed,
        )
