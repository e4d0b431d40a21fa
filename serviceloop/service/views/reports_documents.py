"""The printed repair report (产品维修报告单, SL-F-02): its print page, and with `?format=pdf`
the same page as a PDF (docs/decisions/0016-printed-documents.md)."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from serviceloop.accounts.permissions import customer_required
from serviceloop.core.documents import document_response

from ..models import RepairReport
from ..selectors import reports as selectors
from .common import case_viewers


def document_page(request: HttpRequest, report: RepairReport, *, back_url: str) -> HttpResponse:
    """A report the caller was allowed to read, as its document (the portal's view too)."""
    document = selectors.report_document(report)
    return document_response(
        request,
        template=selectors.TEMPLATE,
        form=selectors.REPAIR_REPORT,
        filename=document.filename,
        as_pdf=request.GET.get("format") == "pdf",
        context={**document.as_context(), "back_url": back_url},
    )


@case_viewers
def report_document(request, pk: int, report_pk: int):
    """Whoever opens the case's report page prints its reports, drafts included."""
    report = selectors.report_for(request.user, pk, report_pk)
    return document_page(request, report, back_url=reverse("service:report_form", args=[pk]))


@customer_required
def portal_report_document(request, pk: int, report_pk: int):
    """The customer's own signed report, in the portal; any other customer's answers 404."""
    report = selectors.portal_report_for(request.user, pk, report_pk)
    return document_page(request, report, back_url=reverse("portal:case_detail", args=[pk]))
