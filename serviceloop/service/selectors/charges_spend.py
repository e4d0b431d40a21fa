"""What a customer was billed, by year, for its profile record (客户档案记录表): the sum of
its cases' statements (charges.statement: the signed reports' hours at the approved quote's
or the office's rates, parts and other lines; less what warranty, contract or goodwill
paid)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Case
from .charges import statements


@dataclass(frozen=True)
class YearSpend:
    year: int
    currency: str
    cases: int  # cases with something to pay
    net: Decimal
    vat: Decimal
    total: Decimal


def spend_by_year(cases: QuerySet[Case]) -> list[YearSpend]:
    """Newest year first (the year each case was opened, in the reader's time zone), one
    row per currency. Only cases with a signed report have a statement; all of them are
    read in a fixed number of queries (charges.statements)."""
    sums: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for case, totals in statements(cases):
        if totals.total == 0:
            continue
        key = (timezone.localtime(case.opened_at).year, case.office.currency)
        counts[key] += 1
        for index, amount in enumerate((totals.net, totals.vat, totals.total)):
            sums[key][index] += amount
    return [
        YearSpend(year, currency, counts[(year, currency)], *sums[(year, currency)])
        for year, currency in sorted(sums, key=lambda key: (-key[0], key[1]))
    ]
