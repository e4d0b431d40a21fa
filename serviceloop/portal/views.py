from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.permissions import customer_required
from serviceloop.core.documents import document_response
from serviceloop.core.paging import LargePaginator
from serviceloop.customers.selectors import portal_customer, sites_for
from serviceloop.equipment.selectors import coverage_of, unit_for, unit_list
from serviceloop.service.selectors.cases import portal_cases
from serviceloop.service.selectors.cases_history import UNIT_FILE, unit_file
from serviceloop.service.selectors.cases_search import explain_matches, search_cases
from serviceloop.service.selectors.cases_sheets import portal_case_sheet
from serviceloop.service.views.common import serve_attachment


@customer_required
def home(request):
    """The customer's own sites and machines, read-only. Every query goes through the
    selectors scoped by the portal user's customer, and only those."""
    customer = portal_customer(request.user)
    today = timezone.localdate()
    context = {"customer": customer, "sites": [], "units": []}
    if customer is not None:
        context["sites"] = sites_for(request.user).filter(archived_at__isnull=True)
        units = unit_list(request.user, today).filter(archived_at__isnull=True)
        context["units"] = [(unit, coverage_of(unit, today)) for unit in units]
    return render(request, "portal/home.html", context)


@customer_required
def site_detail(request, pk: int):
    site = get_object_or_404(sites_for(request.user).filter(archived_at__isnull=True), pk=pk)
    today = timezone.localdate()
    units = unit_list(request.user, today).filter(site=site, archived_at__isnull=True)
    context = {"site": site, "units": [(unit, coverage_of(unit, today)) for unit in units]}
    return render(request, "portal/site_detail.html", context)


def _own_unit(request, pk: int):
    unit = unit_for(request.user, pk, timezone.localdate())
    if unit.archived_at is not None:
        raise Http404
    return unit


@customer_required
def unit_detail(request, pk: int):
    unit = _own_unit(request, pk)
    context = {"unit": unit, "coverage": coverage_of(unit, timezone.localdate())}
    return render(request, "portal/unit_detail.html", context)


@customer_required
def unit_document(request, pk: int):
    """The customer's copy of its own machine's record file (SL-F-05): its own cases, none
    of the office's internal record changes; any other machine answers 404."""
    unit = _own_unit(request, pk)
    return document_response(
        request,
        template="records/documents/unit_record.html",
        form=UNIT_FILE,
        filename=f"{unit.serial}-{UNIT_FILE.number}",
        as_pdf=request.GET.get("format") == "pdf",
        context={
            **unit_file(request.user, unit, for_customer=True),
            "back_url": reverse("portal:unit_detail", args=[pk]),
        },
    )


@customer_required
def case_list(request):
    """The customer's service cases, newest first: what is open and what was done; a search
    finds its own cases by number, serial or any word (never another customer's)."""
    cases = portal_cases(request.user).order_by("-opened_at")
    query = request.GET.get("q", "").strip()
    if query:
        cases = search_cases(cases, query)
    page = LargePaginator(cases, 30).get_page(request.GET.get("page"))
    if query:
        page.object_list = list(page.object_list)
        explain_matches(page.object_list, query, for_customer=True)
    return render(request, "portal/case_list.html", {"page": page, "query": query})


@customer_required
def case_detail(request, pk: int):
    """One of the customer's cases, read-only (its sheet: service.selectors.cases_sheets)."""
    sheet = portal_case_sheet(request, pk)
    return render(request, "portal/case_detail.html", sheet.as_context())


@customer_required
def attachment_file(request, pk: int, attachment_pk: int, variant: str):
    """A photo of the customer's own case; any other customer's gets 404."""
    case = get_object_or_404(portal_cases(request.user), pk=pk)
    return serve_attachment(get_object_or_404(case.attachments, pk=attachment_pk), variant)
