"""Keeps each case's search words (`Case.search_text`, decision 0018) in step with what
the case says: called by the services that write a searchable text."""

from collections.abc import Iterable

from serviceloop.core.search import index_terms

from ..models import Case, RepairReport


def case_terms(case: Case, reports: Iterable[tuple[str, str]] = ()) -> str:
    """The words a case is found by: its number, customer, machine serial, reporter,
    symptom, remote findings, resolution and its repair reports' fault found and actions.

    The customer's names are here so that "上汽 跳闸" finds that customer's trips; the
    customer is also searched on its own record (names, pinyin, initials: the selector), so
    a renamed customer is found under its new name at once."""
    texts = [
        case.number,
        case.customer.name_zh,
        case.customer.name_en,
        case.unit.serial if case.unit is not None else "",
        case.reporter_name,
        case.reporter_phone,
        case.symptom,
        case.diagnosis,
        case.resolution,
    ]
    for fault_found, actions in reports:
        texts.extend((fault_found, actions))
    return index_terms(*texts)


def refresh_search_text(case: Case) -> None:
    """Stores the case's words anew (one read of its reports, one update)."""
    reports = RepairReport.objects.filter(case_id=case.pk).order_by("pk")
    case.search_text = case_terms(case, reports.values_list("fault_found", "actions"))
    Case.objects.filter(pk=case.pk).update(search_text=case.search_text)


def refresh_all(case_model=Case, report_model=RepairReport, *, batch: int = 2000) -> int:
    """Reads every case's words again (a migration passes its historical models); returns
    how many cases were read."""
    reports: dict[int, list[tuple[str, str]]] = {}
    rows = report_model.objects.order_by("pk").values_list("case_id", "fault_found", "actions")
    for case_id, fault_found, actions in rows:
        reports.setdefault(case_id, []).append((fault_found, actions))
    cases = case_model.objects.select_related("unit", "customer").order_by("pk")
    pending, count = [], 0
    for case in cases.iterator(chunk_size=batch):
        case.search_text = case_terms(case, reports.get(case.pk, ()))
        pending.append(case)
        if len(pending) == batch:
            case_model.objects.bulk_update(pending, ["search_text"])
            count, pending = count + len(pending), []
    case_model.objects.bulk_update(pending, ["search_text"])
    return count + len(pending)
