"""Reads for remote diagnosis: closed cases like this one."""

from django.db.models.functions import Upper

from serviceloop.accounts.models import User

from ..models import Case, Reading
from .cases import cases_for

SIMILAR_CASES = 5


def similar_cases(user: User, case: Case) -> list[Case]:
    """Closed cases like this one, to learn from in remote diagnosis: those with the same
    alarm codes first, then those on the same model; the latest first. The knowledge base
    adds its articles next to these.

    Two small queries rather than one OR across every closed case: with 100,000 cases the
    OR evaluated the alarm test on each of them. A closed case always has its closing time,
    so the newest-closed order is plain descending: the (state, -closed_at) index's own, which
    PostgreSQL walks and stops after five (with NULLS LAST it sorted every closed case)."""
    codes = {
        r.code.strip().upper() for r in case.readings.all() if r.tag == Reading.Tag.ALARM and r.code
    }
    closed = cases_for(user).filter(state=Case.State.CLOSED).exclude(pk=case.pk)
    picked: list[int] = []
    if codes:
        same_alarm = (
            Reading.objects.filter(tag=Reading.Tag.ALARM, case__in=closed)
            .annotate(upper_code=Upper("code"))
            .filter(upper_code__in=codes)
            .order_by("-case__closed_at")
            .values_list("case_id", flat=True)
        )
        picked = list(dict.fromkeys(same_alarm[: SIMILAR_CASES * 3]))[:SIMILAR_CASES]
    alarm_matches = set(picked)
    if len(picked) < SIMILAR_CASES and case.unit is not None:
        same_model = (
            closed.filter(unit__model_id=case.unit.model_id)
            .exclude(pk__in=picked)
            .order_by("-closed_at")
            .values_list("pk", flat=True)
        )
        picked += list(same_model[: SIMILAR_CASES - len(picked)])
    if not picked:
        return []
    found = closed.filter(pk__in=picked).select_related("unit", "unit__model", "customer")
    by_pk = {c.pk: c for c in found}
    for pk, found_case in by_pk.items():
        found_case.same_alarm = pk in alarm_matches  # type: ignore[attr-defined]
    return [by_pk[pk] for pk in picked if pk in by_pk]
