"""Feedback pages: closing a case with its feedback link, the customer's feedback page, the
staff's list of the answers and the complaints that come of it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.core.forms import add_refusal, save_inline

from .. import extensions
from ..forms import ComplaintForm, FeedbackFilterForm, FeedbackForm, MoveForm
from ..permissions import COMPLAINT_OPENERS
from ..selectors import feedback as selectors
from ..selectors.cases import case_for
from ..services import feedback as feedback_services
from .common import complaint_readers, dispatchers, feedback_readers
from .links import remember_link

FEEDBACK_PAGE = 50


@require_POST
@dispatchers
def case_close(request, pk: int):
    """Closes the case and shows its one-time feedback link once, as a QR code for the site."""
    case = case_for(request.user, pk)

    def close(data):
        _closed, token = feedback_services.close_and_request_feedback(
            by=request.user,
            case=case,
            version=data["version"],
            root_cause=data["root_cause"],
            billing=data["billing"],
        )
        # Shown on the next page only: the database keeps the token's hash, not the token.
        remember_link(request, "feedback", case, token)

    return save_inline(
        MoveForm(request.POST),
        request,
        close,
        page="service:case_detail",
        name="move_close",
        success=_("The case is closed; its feedback link is below."),
        pk=case.pk,
    )


@feedback_readers
def feedback_list(request):
    """Every answer the user may read, newest first, filtered; 50 a page."""
    filters = FeedbackFilterForm(request.GET or None, user=request.user)
    answers = selectors.filter_answers(
        request.user, selectors.answers_for(request.user), **filters.filters()
    )
    page = Paginator(answers, FEEDBACK_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "answers": selectors.with_engineers(list(page.object_list)),
        "filters": filters,
        "withheld": selectors.withheld_answers(request.user),
    }
    return render(request, "service/feedback_list.html", context)


@complaint_readers
def complaint_list(request):
    complaints = selectors.complaints_for(request.user)
    page = Paginator(complaints, 50).get_page(request.GET.get("page"))
    context = {"page": page, "may_open": request.user.role in COMPLAINT_OPENERS}
    return render(request, "service/complaint_list.html", context)


@complaint_readers
def complaint_detail(request, pk: int):
    complaint = get_object_or_404(selectors.complaints_for(request.user), pk=pk)
    form = ComplaintForm(request.POST or None, instance=complaint)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_services.advance_complaint(
                by=request.user, complaint=complaint, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The complaint was saved."))
            return redirect("service:complaint_detail", pk=complaint.pk)
    # Where the complaint came from, when a later app opened it (a survey answer).
    panels = extensions.complaint_panels.panels(request=request, complaint=complaint)
    context = {"complaint": complaint, "form": form, "panels": panels}
    return render(request, "service/complaint_detail.html", context)


def feedback(request, token: str):
    """The customer's feedback page: no sign-in; the link works once and expires."""
    feedback_request = feedback_services.open_request(token)
    if feedback_request is None:
        return render(request, "service/feedback_closed.html", status=404)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            feedback_services.submit_feedback(token=token, answers=data)
        except ValidationError as error:
            if getattr(error, "code", None) == feedback_services.LINK_CLOSED:
                return render(request, "service/feedback_closed.html", status=404)
            # Refused answers: the link stays open and the form comes back as typed.
            add_refusal(form, error)
        else:
            return render(request, "service/feedback_thanks.html")
    context = {"form": form, "case": feedback_request.case}
    return render(request, "service/feedback_form.html", context)
