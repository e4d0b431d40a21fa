"""Finding cases by what people type (decision 0018): a case number or serial exactly, a
customer by name, pinyin or initials, and any word of the case in Chinese or English."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, IntegerField, Q, QuerySet, Value, When
from django.db.models import Case as Choose
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from serviceloop.core.search import MAX_QUERY, Query, highlight, parse_query
from serviceloop.core.text import normalize_code
from serviceloop.customers.models import Customer
from serviceloop.customers.selectors import search_customers
from serviceloop.equipment.models import Unit

from ..models import Case, RepairReport
from ..models.cases_search import words_condition
from .cases import ListedCase

# A query matching more customers than this does not name a customer: their cases are not
# searched by customer (the words still are).
CUSTOMERS_NAMED = 200


def search_cases(
    cases: QuerySet[Case], text: str, *, customers: QuerySet[Customer] | None = None
) -> QuerySet[Case]:
    """The cases of `cases` that match `text`, a case number or serial typed in full first,
    then in the order `cases` had. `customers`: those whose names may match (None: none).

    The machines and customers named are looked up first (two small queries), so that every
    condition on the case table is one its indexes answer: the database may then combine
    them, or walk the newest cases and stop at a page's worth."""
    text = text.strip()[:MAX_QUERY]
    code = normalize_code(text)
    units = list(Unit.objects.filter(serial_key=code).values_list("pk", flat=True)[:10])
    exact = Q(number=code) | Q(unit_id__in=units)
    found = exact
    query = parse_query(text)
    if query:
        connection = connections[cases.db]
        words = query.tsquery() if connection.vendor == "postgresql" else query.fts5()
        # The SQL is the search index's own; the words travel as a parameter.
        condition = RawSQL(words_condition(connection), [words], output_field=BooleanField())  # noqa: S611
        found |= Q(condition)
    if customers is not None and text:
        named = list(
            search_customers(customers, text).values_list("pk", flat=True)[: CUSTOMERS_NAMED + 1]
        )
        if len(named) <= CUSTOMERS_NAMED:
            found |= Q(customer_id__in=named)
    found_cases = cases.filter(found)
    if not cases.filter(exact).exists():
        # Nothing to put first: the list's own order, which its indexes can walk and stop.
        return found_cases
    order = list(cases.query.order_by or Case._meta.ordering or [])
    first = Choose(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField())
    return found_cases.annotate(exact_hit=first).order_by("exact_hit", *order)


@dataclass(frozen=True)
class Match:
    label: str
    text: SafeString


def explain_matches(
    cases: Sequence[Case | ListedCase], text: str, *, for_customer: bool = False
) -> None:
    """Sets `case.matches` on each case of a page: where the words were found, highlighted
    (the first two places). One query, for the page's repair reports. The customer's
    pages show only what the customer reads anyway (not the office's remote findings)."""
    query = parse_query(text.strip()[:MAX_QUERY])
    reports: dict[int, list[str]] = {}
    if query and cases:
        rows = RepairReport.objects.filter(case__in=[case.pk for case in cases])
        for case_id, fault_found, actions in rows.order_by("pk").values_list(
            "case_id", "fault_found", "actions"
        ):
            reports.setdefault(case_id, []).extend((fault_found, actions))
    for case in cases:
        case.matches = _matches(  # type: ignore[union-attr]  # shown by the list's rows
            case, query, reports.get(case.pk, []), for_customer
        )


def _matches(
    case: Case | ListedCase, query: Query, reports: list[str], for_customer: bool
) -> list[Match]:
    if not query:
        return []
    places = [
        (_("Symptom"), case.symptom),
        (_("Reported by"), case.reporter_name),
        *((_("Repair report"), text) for text in reports),
        (_("Resolution"), case.resolution),
    ]
    if not for_customer:
        places.insert(2, (_("Remote diagnosis"), case.diagnosis))
    found = []
    for label, place in places:
        shown = highlight(place, query)
        if shown is not None:
            found.append(Match(str(label), shown))
        if len(found) == 2:
            break
    return found
