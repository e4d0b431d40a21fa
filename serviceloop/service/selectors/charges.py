"""Reads for charges: who pays for what on a case, quote totals, the bill for the work done.

Warranty or contract coverage is applied per line; chargeable work waits for an approved
quote before an engineer is sent (docs/decisions/0007).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from serviceloop.accounts.models import Office
from serviceloop.equipment.selectors import coverage_at

from .. import extensions
from ..models import Case, ChargeLine, ChargeRates, Quote
from ..services import charges_pricing


def rates_for(office: Office) -> ChargeRates:
    """The office's rates; an office that has not set them yet charges nothing per hour."""
    return ChargeRates.objects.filter(office=office).first() or ChargeRates(office=office)


def cover_of(case: Case) -> charges_pricing.CaseCover:
    """What the unit's warranty or contracts pay for, as on the day the case was opened."""
    if case.unit is None:
        return charges_pricing.NOTHING_COVERED
    coverage = coverage_at(case.unit, case.opened_at, office=case.office)
    if coverage.in_warranty:
        return charges_pricing.WARRANTY
    if not coverage.under_contract:
        return charges_pricing.NOTHING_COVERED
    contracts = coverage.contracts
    return charges_pricing.CaseCover(
        ChargeLine.Cover.CONTRACT,
        labour=any(c.covers_labour for c in contracts),
        travel=any(c.covers_travel for c in contracts),
        parts=any(c.covers_parts for c in contracts),
    )


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


def statement(
    case: Case, *, quotes: list[Quote] | None = None, cover: charges_pricing.CaseCover | None = None
) -> charges_pricing.Totals | None:
    """What the work done costs: hours from the signed reports at the approved quote's rates
    (the office's when none), parts and other lines as approved. None before a signed report."""
    reports = [r for r in case.reports.all() if r.is_signed]
    if not reports:
        return None
    if quotes is None:
        quotes = list(case.quotes.prefetch_related("lines"))
    approved = [q for q in quotes if q.state == Quote.State.APPROVED]
    rates = rates_for(case.office)
    cover = cover or cover_of(case)
    quoted_lines = [line for q in approved for line in q.lines.all()]
    hourly = {
        ChargeLine.Kind.LABOUR: (rates.labour_rate, "labour_hours"),
        ChargeLine.Kind.TRAVEL: (rates.travel_rate, "travel_hours"),
    }
    lines = []
    for kind, (office_rate, hours) in hourly.items():
        quoted = next((line for line in quoted_lines if line.kind == kind), None)
        lines.append(
            ChargeLine(
                kind=kind,
                description=str(kind.label),
                quantity=sum((getattr(r, hours) for r in reports), Decimal(0)),
                unit_price=quoted.unit_price if quoted else office_rate,
                cover=quoted.cover if quoted else charges_pricing.default_cover(kind, cover),
            )
        )
    others = [line for line in quoted_lines if line.kind not in hourly]
    # The parts app bills what the signed reports took from stock (decision 0008).
    billed = extensions.billed_parts.call(
        case=case, reports=reports, quoted=quoted_lines, cover=cover
    )
    if billed:
        others = [line for line in others if line.kind != ChargeLine.Kind.PART] + billed[0]
    lines += others
    vat = approved[-1].vat_percent if approved else rates.vat_percent
    return charges_pricing.total(lines, vat)
