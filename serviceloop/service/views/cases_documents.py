"""The service registration of a case (售后服务登记表, SL-F-01) as a print page and a PDF:
the office's copy from the case page, the customer's from the portal's (decision 0016)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.permissions import customer_required
from serviceloop.core.documents import DocumentForm, document_response

from ..selectors.cases_documents import (
    CaseRegistration,
    case_registration,
    portal_case_registration,
)
from .common import case_viewers

REGISTRATION = DocumentForm("SL-F-01", "售后服务登记表", _("After-sales service registration"))
TEMPLATE = "service/documents/case_registration.html"


@case_viewers
def case_document(request, pk: int):
    """Whoever sees the case page prints its registration; any other case answers 404."""
    registration = case_registration(request.user, pk)
    return _respond(request, registration, reverse("service:case_detail", args=[pk]))


@customer_required
def portal_case_document(request, pk: int):
    """The portal user's own case, as the customer may see it; any other answers 404."""
    registration = portal_case_registration(request.user, pk)
    return _respond(request, registration, reverse("portal:case_detail", args=[pk]))


def _respond(request, registration: CaseRegistration, back_url: str):
    return document_response(
        request,
        template=TEMPLATE,
        form=REGISTRATION,
        filename=registration.case.number,
        as_pdf=request.GET.get("format") == "pdf",
        context={**registration.as_context(), "back_url": back_url},
    )
