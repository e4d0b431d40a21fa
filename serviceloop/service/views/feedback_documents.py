"""The service-quality feedback form (售后服务质量反馈表, SL-F-03) as a print page and a PDF:
a case's, from its page, and a blank one for paper, from the feedback list (decision 0016)."""

from django.urls import reverse

from serviceloop.core.documents import document_response

from ..selectors.cases import case_for
from ..selectors.feedback_documents import (
    FEEDBACK_FORM,
    TEMPLATE,
    FeedbackDocument,
    blank_feedback_document,
    feedback_document,
)
from .common import feedback_readers


@feedback_readers
def case_feedback_document(request, pk: int):
    """Whoever reads the case's feedback prints it; a case the user does not see is 404."""
    document = feedback_document(request.user, case_for(request.user, pk))
    return _respond(request, document, reverse("service:case_detail", args=[pk]))


@feedback_readers
def blank_feedback_form(request):
    return _respond(request, blank_feedback_document(), reverse("service:feedback_list"))


def _respond(request, document: FeedbackDocument, back_url: str):
    return document_response(
        request,
        template=TEMPLATE,
        form=FEEDBACK_FORM,
        filename=document.filename,
        as_pdf=request.GET.get("format") == "pdf",
        context={**document.as_context(), "back_url": back_url},
    )
