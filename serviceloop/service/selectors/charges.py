"""Reads for charges: who pays for what on a case, quote totals, the bill for the work done.

Warranty or contract coverage is applied per line; chargeable work waits for an approved
quote before an engineer is sent (docs/decisions/0007).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Office
from serviceloop.equipment.models import Contract
from serviceloop.equipment.selectors import contracts_of_units, coverage_at

from .. import extensions
from ..models import Case, ChargeLine, ChargeRates, Quote, RepairReport
from ..services import charges_pricing


def rates_for(office: Office) -> ChargeRates:
    """The office's rates; an office that has not set them yet charges nothing per hour."""
    return ChargeRates.objects.filter(office=office).first() or ChargeRates(office=office)


def rates_of_offices(offices: Iterable[Office]) -> dict[int, ChargeRates]:
    """`rates_for` of many offices, by office pk, in one query."""
    by_pk = {office.pk: office for office in offices}
    stored = {rates.office_id: rates for rates in ChargeRates.objects.filter(office__in=by_pk)}
    return {pk: stored.get(pk) or ChargeRates(office=office) for pk, office in by_pk.items()}


def cover_of(
    case: Case, *, contracts: Sequence[Contract] | None = None
) -> charges_pricing.CaseCover:
    """What the unit's warranty or contracts pay for, as on the day the case was opened.
    `contracts`: the unit's, read for many cases at once (`covers_of`)."""
    if case.unit is None:
        return charges_pricing.NOTHING_COVERED
    coverage = coverage_at(case.unit, case.opened_at, office=case.office, contracts=contracts)
    if coverage.in_warranty:
        return charges_pricing.WARRANTY
    if not coverage.under_contract:
        return charges_pricing.NOTHING_COVERED
    in_force = coverage.contracts
    return charges_pricing.CaseCover(
        ChargeLine.Cover.CONTRACT,
        labour=any(c.covers_labour for c in in_force),
        travel=any(c.covers_travel for c in in_force),
        parts=any(c.covers_parts for c in in_force),
    )


def covers_of(cases: Sequence[Case]) -> dict[int, charges_pricing.CaseCover]:
    """`cover_of` each case, by case pk, in one query (the units' contracts)."""
    units = [case.unit for case in cases if case.unit is not None]
    contracts = contracts_of_units(units)
    return {
        case.pk: cover_of(case, contracts=contracts.get(case.unit.pk, []) if case.unit else None)
        for case in cases
    }


def quote_totals(quote: Quote) -> charges_pricing.Totals:
    return charges_pricing.total(quote.lines.all(), quote.vat_percent)


def visit_refusal(
    case: Case, *, quotes: list[Quote] | None = None, cover: charges_pricing.CaseCover | None = None
) -> str | None:
    """Why no engineer may be sent yet for charges, or None.

    A quote waiting for the customer's decision holds the visit; a case nothing covers needs
    an approved quote."""
    if quotes is None:
        quotes = list(case.quotes.prefetch_related("lines"))
    if cover is None:
        cover = cover_of(case)
    if any(q.is_pending and quote_totals(q).net > 0 for q in quotes):
        return _(
            "A quote waits for the customer's decision: the engineer goes once it is approved."
        )
    if cover.is_chargeable and not any(q.state == Quote.State.APPROVED for q in quotes):
        return _(
            "Nothing covers this machine: the work is chargeable, so the customer approves a "
            "quote before an engineer is sent."
        )
    return None


@dataclass(frozen=True)
class WorkDone:
    """A case's work to bill, as the `billed_parts` point receives it: its signed reports,
    its approved quotes and their lines (`quoted`), and who pays."""

    case: Case
    reports: list[RepairReport]
    approved: list[Quote]
    quoted: list[ChargeLine]
    cover: charges_pricing.CaseCover


def _work_done(
    case: Case, quotes: list[Quote] | None, cover: charges_pricing.CaseCover | None
) -> WorkDone | None:
    reports = [r for r in case.reports.all() if r.is_signed]
    if not reports:
        return None
    if quotes is None:
        quotes = list(case.quotes.prefetch_related("lines"))
    approved = [q for q in quotes if q.state == Quote.State.APPROVED]
    quoted = [line for quote in approved for line in quote.lines.all()]
    return WorkDone(case, reports, approved, quoted, cover or cover_of(case))


def statement(
    case: Case, *, quotes: list[Quote] | None = None, cover: charges_pricing.CaseCover | None = None
) -> charges_pricing.Totals | None:
    """What the work done costs: hours from the signed reports at the approved quote's rates
    (the office's when none), parts and other lines as approved. None before a signed report."""
    work = _work_done(case, quotes, cover)
    if work is None:
        return None
    return _priced(work, rates_for(case.office), _billed_parts([work]).get(case.pk))


def statements(cases: QuerySet[Case]) -> list[tuple[Case, charges_pricing.Totals]]:
    """The `statement` of each of `cases` with a signed report, in the same few queries for
    two cases as for thousands (a customer's spend): the rates, the units' contracts and the
    parts are read for all of them at once."""
    billed = list(
        cases.filter(reports__engineer_signed_at__isnull=False)
        .distinct()
        .select_related("office", "unit")
        .prefetch_related("reports", Prefetch("quotes", Quote.objects.prefetch_related("lines")))
    )
    rates = rates_of_offices(case.office for case in billed)
    covers = covers_of(billed)
    works = [_work_done(case, list(case.quotes.all()), covers[case.pk]) for case in billed]
    done = [work for work in works if work is not None]
    parts = _billed_parts(done)
    return [
        (work.case, _priced(work, rates[work.case.office_id], parts.get(work.case.pk)))
        for work in done
    ]


def _billed_parts(works: list[WorkDone]) -> dict[int, list[ChargeLine]]:
    """The part lines the later apps bill, by case pk (decision 0008): the first plug that
    answers for a case bills its parts."""
    billed: dict[int, list[ChargeLine]] = {}
    for answer in extensions.billed_parts.call(bills=works) if works else []:
        for case_pk, lines in answer.items():
            billed.setdefault(case_pk, lines)
    return billed


def _priced(
    work: WorkDone, rates: ChargeRates, billed: list[ChargeLine] | None
) -> charges_pricing.Totals:
    """The hours at the quoted rates (the office's when none), the quoted other lines, and
    the parts: the `billed` ones when a plug answered, else as quoted."""
    hourly = {
        ChargeLine.Kind.LABOUR: (rates.labour_rate, "labour_hours"),
        ChargeLine.Kind.TRAVEL: (rates.travel_rate, "travel_hours"),
    }
    lines = []
    for kind, (office_rate, hours) in hourly.items():
        quoted = next((line for line in work.quoted if line.kind == kind), None)
        lines.append(
            ChargeLine(
                kind=kind,
                description=str(kind.label),
                quantity=sum((getattr(r, hours) for r in work.reports), Decimal(0)),
                unit_price=quoted.unit_price if quoted else office_rate,
                cover=quoted.cover if quoted else charges_pricing.default_cover(kind, work.cover),
            )
        )
    others = [line for line in work.quoted if line.kind not in hourly]
    # The parts app bills what the signed reports took from stock (decision 0008).
    if billed is not None:
        others = [line for line in others if line.kind != ChargeLine.Kind.PART] + billed
    lines += others
    vat = work.approved[-1].vat_percent if work.approved else rates.vat_percent
    return charges_pricing.total(lines, vat)
