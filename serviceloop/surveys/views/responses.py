"""The answers received, for the office's staff (and headquarters, for consenting
contacts only: selectors.responses): the list, one response, and its printed form
客户服务满意度调查表 (SL-F-06, decision 0016)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceloop.core.documents import DocumentForm, document_response

from ..forms.responses import ResponseFilterForm
from ..permissions import ANSWER_RECORDERS
from ..selectors.complaints import mark_complaints
from ..selectors.responses import response_for, response_list, response_scores
from .common import answer_readers

SURVEY_FORM = DocumentForm(
    "SL-F-06", "客户服务满意度调查表", _("Customer satisfaction survey form")
)


@answer_readers
def responses(request):
    form = ResponseFilterForm(request.GET or None, user=request.user)
    rows = response_list(request.user, form.filters())
    context = {
        "form": form,
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "may_record": request.user.role in ANSWER_RECORDERS,
    }
    return render(request, "surveys/response_list.html", context)


@answer_readers
def response_detail(request, pk: int):
    response = response_for(request.user, pk)
    context = _context(response)
    # The page (not its printed form) offers a complaint beside each low answer.
    context["complaints_shown"] = True
    context["may_open_complaint"] = mark_complaints(request.user, response, context["answers"])
    return render(request, "surveys/response_detail.html", context)


@answer_readers
def response_document(request, pk: int):
    """The survey form of one respondent, as the page shows it: same selector, same 404."""
    response = response_for(request.user, pk)
    return document_response(
        request,
        template="surveys/documents/response.html",
        form=SURVEY_FORM,
        filename=f"survey-{response.pk}",
        as_pdf=request.GET.get("format") == "pdf",
        context={
            **_context(response),
            "back_url": reverse("surveys:response_detail", args=[response.pk]),
        },
    )


def _context(response) -> dict:
    answers = list(response.answers.all())
    return {"response": response, "answers": answers, "scores": response_scores(answers)}
