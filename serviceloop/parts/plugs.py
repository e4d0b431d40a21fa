"""What the spare-parts app adds to the service loop, through the earlier apps' extension
points (docs/decisions/0008 and 0014): the case page's parts section, parts on the repair
report (its page and its printed document), stock issued when a report is signed,
reservations released when a case ends (after the service app's own step), the parts of
the bill, catalogue prices on quotes, the cases a warehouse clerk sees, and the parts
replaced in the unit's record file and the customer's record; and "where is it" in the top
search."""

from collections import defaultdict

from django.db.models import Q

from serviceloop.accounts.models import Role
from serviceloop.core.extensions import LATER, Panel, site_search
from serviceloop.core.forms import shown_form
from serviceloop.core.text import normalize_code
from serviceloop.customers.extensions import customer_document_panels, customer_panels
from serviceloop.equipment.extensions import unit_document_panels, unit_panels
from serviceloop.service import extensions as service
from serviceloop.service.models import ChargeLine
from serviceloop.service.services.charges_pricing import default_cover

from . import selectors
from .forms import ReportPartsForm, ReserveForm
from .models import ReportPart, Reservation
from .permissions import RESERVERS, STOCK_VIEWERS
from .services.reports import issue_on_signing
from .services.reservations import release_all
from .views.cases import REPORT_PARTS_FORM, RESERVE_FORM

# The unit's record file shows the latest ones.
PARTS_SHOWN = 50


@service.case_panels.plug
def case_parts_panel(*, request, case):
    user = request.user
    if user.role not in STOCK_VIEWERS:
        return None
    may_reserve = case.is_open and user.role in RESERVERS and user.role != Role.HQ
    visible = list(selectors.warehouses_for(user))  # read once for the bill and the form
    form = ReserveForm(user=user, case=case, visible=visible) if may_reserve else None
    context = {
        "case": case,
        "reservations": list(selectors.reservations_of(case)),
        "machine_parts": selectors.parts_for_case(user, case, visible),
        # A refused reservation comes back as typed, with the reason (views/cases.py).
        "reserve_form": shown_form(request, RESERVE_FORM, form) if form else None,
    }
    return Panel("parts/panels/case_parts.html", context, order=50)


@unit_panels.plug
def unit_parts_replaced_panel(*, request, unit):
    """Every colleague who reads the unit's record file sees the parts fitted to it."""
    parts_replaced = list(selectors.parts_replaced_on(unit)[:PARTS_SHOWN])
    return Panel("parts/panels/unit_parts_replaced.html", {"parts_replaced": parts_replaced})


@unit_document_panels.plug
def unit_document_parts_replaced(*, unit, for_customer):
    """The printed record file lists every part fitted, oldest first; the customer's copy
    only those its own cases fitted."""
    lines = selectors.parts_replaced_on(unit).order_by("report__engineer_signed_at", "pk")
    if for_customer:
        lines = lines.filter(report__case__customer_id=unit.customer_id)
    return Panel("parts/documents/unit_parts_replaced.html", {"parts_replaced": list(lines)})


@customer_panels.plug
def customer_parts_replaced_panel(*, request, customer):
    """The customer's record lists the parts its cases fitted, on every machine it has."""
    parts_replaced = list(selectors.parts_replaced_for(customer)[:PARTS_SHOWN])
    return Panel(
        "parts/panels/customer_parts_replaced.html", {"parts_replaced": parts_replaced}, order=60
    )


@customer_document_panels.plug
def customer_document_parts_replaced(*, customer):
    lines = selectors.parts_replaced_for(customer).order_by("report__engineer_signed_at", "pk")
    return Panel(
        "parts/documents/customer_parts_replaced.html", {"parts_replaced": list(lines)}, order=60
    )


@service.report_panels.plug
def report_parts_panel(*, request, case, report):
    user = request.user
    editable = report is not None and not report.is_signed and report.engineer_id == user.pk
    used = list(
        ReportPart.objects.filter(report__case=case)
        .select_related("part", "warehouse", "serial", "report")
        .order_by("report", "pk")
    )
    if not editable and not used:
        return None
    form = (
        shown_form(request, REPORT_PARTS_FORM, ReportPartsForm(user=user, case=case, report=report))
        if editable
        else None
    )
    # The draft the browser keeps is this report's (a late one cannot fill the next
    # report's form), and is obsolete once the server holds this report's list.
    saved = form is not None and not form.errors and any(r.report_id == report.pk for r in used)
    context = {"case": case, "report": report, "form": form, "used": used, "saved": saved}
    return Panel("parts/panels/report_parts.html", context, order=50)


@service.report_document_sections.plug
def report_document_parts(*, report):
    """The parts from stock fitted, on the printed report the customer signs and receives."""
    used = list(
        ReportPart.objects.filter(report=report)
        .select_related("part", "warehouse", "serial")
        .order_by("pk")
    )
    if not used:
        return None
    return Panel("parts/documents/report_parts.html", {"used": used}, order=50)


@site_search.plug
def where_is_found(*, request, query):
    """The top search finds a part number or a serial number: where it is, everywhere the
    user sees stock (a bounded number of queries: ten parts at most)."""
    found = selectors.where_is(request.user, query)
    if not found["parts"] and not found["serials"]:
        return None
    return Panel("parts/search/where_is.html", {"query": query, **found}, order=50)


@service.visible_cases.plug
def cases_reserving_stock(*, user):
    """The warehouse sees the cases that reserve parts in its office's warehouses."""
    if user.role != Role.WAREHOUSE or user.office_id is None:
        return None
    reserving = Reservation.objects.filter(warehouse__office_id=user.office_id).values("case_id")
    return Q(pk__in=reserving)


@service.report_signing.plug
def issue_parts(*, report, by):
    issue_on_signing(report=report, by=by)


# After the service app's own step (its open quotes withdrawn): service.WITHDRAW_QUOTES.
@service.case_ending.plug(order=LATER)
def release_reservations(*, case, by):
    release_all(case, by)


@service.part_prices.plug
def catalogue_prices(*, office, numbers):
    found = selectors.prices_for(office, numbers)
    return {
        key: (f"{part.name_zh} {part.number}", price.price if price else None)
        for key, (part, price) in found.items()
    }


@service.part_choices.plug
def machine_part_choices(*, case):
    """The machine's bill of parts on the quote form, each with the office's list price
    (the price the quote line takes when the writer leaves it empty)."""
    if case.unit is None:
        return None
    lines = list(case.unit.model.bill_of_parts.select_related("part").order_by("part__number_key"))
    prices = selectors.prices_for(case.office, [line.part.number for line in lines])
    choices = []
    for line in lines:
        price = prices.get(line.part.number_key, (None, None))[1]
        label = f"{line.part.number} {line.part.name_zh}"
        if price is not None:
            label += f" · {price.price} {price.currency}"
        choices.append((line.part.number, label))
    return choices


@service.billed_parts.plug
def parts_used_on_reports(*, bills):
    """Bill what the signed reports took from stock, at the quote's price for a quoted part
    (and its payer), else the office's list price; quoted parts the catalogue does not know
    stay as quoted (the report lists them as free text). A case that took nothing from stock
    is left out: its approved quote's part lines stand. One query for the parts used, and
    the catalogue's prices once per office, however many cases."""
    bill_of = {report.pk: bill for bill in bills for report in bill.reports}
    used = defaultdict(list)
    for row in ReportPart.objects.filter(report__in=list(bill_of)).select_related("part"):
        used[bill_of[row.report_id].case.pk].append(row)
    billing = [(bill, used[bill.case.pk], _quoted_parts(bill)) for bill in bills]
    billing = [(bill, rows, quoted) for bill, rows, quoted in billing if rows]
    offices, numbers = {}, defaultdict(list)
    for bill, rows, quoted in billing:
        offices[bill.case.office_id] = bill.case.office
        numbers[bill.case.office_id] += [row.part.number for row in rows] + list(quoted)
    prices = {pk: selectors.prices_for(office, numbers[pk]) for pk, office in offices.items()}
    return {
        bill.case.pk: _billed_lines(bill, rows, quoted, prices[bill.case.office_id])
        for bill, rows, quoted in billing
    }


def _quoted_parts(bill) -> dict[str, ChargeLine]:
    """The approved quotes' part lines with a number, by normalised number."""
    return {
        normalize_code(line.part_number): line
        for line in bill.quoted
        if line.kind == ChargeLine.Kind.PART and line.part_number.strip()
    }


def _billed_lines(bill, used, by_number, prices) -> list[ChargeLine]:
    lines = []
    for row in used:
        quote_line = by_number.get(row.part.number_key)
        price = prices.get(row.part.number_key, (None, None))[1]
        lines.append(
            ChargeLine(
                kind=ChargeLine.Kind.PART,
                description=row.part.name_zh,
                part_number=row.part.number,
                quantity=row.quantity,
                unit_price=quote_line.unit_price if quote_line else (price.price if price else 0),
                cover=quote_line.cover
                if quote_line
                else default_cover(ChargeLine.Kind.PART, bill.cover),
            )
        )
    unknown = [
        line
        for line in bill.quoted
        if line.kind == ChargeLine.Kind.PART
        and (not line.part_number.strip() or normalize_code(line.part_number) not in prices)
    ]
    return lines + unknown
