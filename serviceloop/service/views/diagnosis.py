"""Remote diagnosis pages: findings, requests to the customer, and the customer's answer page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import show_refused

from ..forms import AnswerForm, FindingsForm, InfoRequestForm
from ..selectors.cases import case_for, cases_for
from ..selectors.diagnosis import similar_cases
from ..services import cases_transitions
from ..services import diagnosis as services
from .common import case_viewers
from .links import remember_link


@vary_on_headers("HX-Request")
@case_viewers
def case_similar(request, pk: int):
    """The closed cases like this one, which the case page reads after showing the case
    (decision 0018): its own page without JavaScript, the list alone for htmx."""
    case = get_object_or_404(cases_for(request.user).select_related("unit"), pk=pk)
    template = "service/case_similar.html"
    if request.htmx:
        template += "#similar"
    context = {"case": case, "similar_cases": similar_cases(request.user, case)}
    return render(request, template, context)


@require_POST
@case_viewers
def case_findings(request, pk: int):
    """Saves the findings; when someone saved the case meanwhile, the text typed is shown
    again with the reason instead of being lost."""
    case = case_for(request.user, pk)
    form = FindingsForm(request.POST)
    if not form.is_valid():
        return show_refused(request, "service:case_detail", {"findings_form": form}, pk=case.pk)
    try:
        services.save_findings(by=request.user, case=case, **form.cleaned_data)
    except ValidationError as error:
        case.refresh_from_db()
        # The text typed comes back with the current version: read, merge, save again.
        retry = FindingsForm({"version": case.version, "diagnosis": form.cleaned_data["diagnosis"]})
        retry.is_valid()
        retry.add_error(None, error)
        context = {"case": case, "form": retry, "current": case.diagnosis}
        return render(request, "service/findings_form.html", context, status=409)
    messages.success(request, _("The findings were saved."))
    return redirect(reverse("service:case_detail", args=[case.pk]) + "#diagnosis")


@case_viewers
@submitted_once
def info_request_new(request, pk: int):
    case = case_for(request.user, pk)
    if not services.may_diagnose(request.user, case):
        raise PermissionDenied
    initial = {
        "version": case.version,
        "email": case.reporter.email if case.reporter_id else "",
        "wait": True,
        "message": _("Please send us the readings below from the machine's screen."),
    }
    form = InfoRequestForm(request.POST or None, initial=initial)
    if not cases_transitions.allowed(request.user, case, "wait_for_customer"):
        del form.fields["wait"]  # only the assignee parks the case (DOMAIN.md's table)
    if request.method == "POST" and form.is_valid():
        try:
            _request, token = services.request_information(
                by=request.user, case=case, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The token is not stored: its link is shown once, to paste into WeChat.
            remember_link(request, "info-request", case, token)
            messages.success(request, _("The request was sent."))
            return redirect(reverse("service:case_detail", args=[case.pk]) + "#diagnosis")
    return render(request, "service/info_request_form.html", {"case": case, "form": form})


def info_request(request, token: str):
    """The customer's answer page: no sign-in; the link works once and expires."""
    found = services.request_for_token(token)
    if found is None:
        return render(request, "service/feedback_closed.html", status=404)
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        tags=found.tags,
        wants_photos=found.wants_photos,
        initial={"taken_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_request(
                token=token,
                name=data["name"],
                values=form.readings(),
                taken_at=data["taken_at"],
                photos=data.get("photos") or [],
                answer=data["answer"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "service/info_request_thanks.html", {"case": found.case})
    return render(request, "service/info_request_answer.html", {"form": form, "request_": found})
