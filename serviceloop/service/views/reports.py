"""Repair report pages: the engineer's report, its signing, addenda and the drawn signature."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import add_refusal, save_inline, show_refused, shown_form
from serviceloop.core.ids import parse_id

from .. import extensions
from ..forms import AddendumForm, ReportForm, SignForm
from ..selectors.cases import case_for
from ..services import reports as report_services
from .common import case_viewers


def _open_report(user, case):
    return (
        case.reports.filter(engineer=user, engineer_signed_at__isnull=True).order_by("-pk").first()
    )


@case_viewers
@submitted_once
def report_form(request, pk: int):
    """The engineer's repair report; the browser keeps a draft if the plant's network drops."""
    case = case_for(request.user, pk)
    report = _open_report(request.user, case)
    form = ReportForm(
        request.POST or None,
        instance=report,
        initial={"version": report.version if report else None},
    )
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            report = report_services.save_report(
                by=request.user,
                case=case,
                report=report,
                version=form.cleaned_data["version"],
                changes=changes,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("The report was saved."))
            return redirect("service:report_form", pk=case.pk)
    context = {
        "case": case,
        "report": report,
        "form": form,
        "sign_form": shown_form(
            request,
            "sign_form",
            SignForm(
                initial={
                    "version": report.version if report else 0,
                    "report": getattr(report, "pk", None),
                }
            ),
        ),
        # Each signed report with its correction form; a refused one comes back as typed.
        "signed_reports": [
            (signed, shown_form(request, f"addendum_{signed.pk}", AddendumForm()))
            for signed in case.reports.filter(engineer_signed_at__isnull=False).prefetch_related(
                "addenda"
            )
        ],
        "panels": extensions.report_panels.panels(request=request, case=case, report=report),
    }
    return render(request, "service/report_form.html", context)


@require_POST
@case_viewers
def report_sign(request, pk: int):
    case = case_for(request.user, pk)
    report = _open_report(request.user, case)
    named = parse_id(request.POST.get("report"))
    if named is not None and getattr(report, "pk", None) != named:
        # Sent for a report that is signed already, from a page kept open since: the open
        # report (a later visit's) is not the one the customer signed for.
        messages.info(request, _("This report is signed already."))
        return redirect("service:case_detail", pk=case.pk)
    if report is None and case.reports.filter(engineer=request.user).exists():
        # The button pressed twice, or the browser sending the signing again: it was signed
        # by the first (which did all the signing does, stock included), not again.
        messages.info(request, _("This report is signed already."))
        return redirect("service:case_detail", pk=case.pk)
    if report is None:
        messages.error(request, _("Write and save the report, then sign it."))
        return redirect("service:report_form", pk=case.pk)
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            signing = {k: v for k, v in form.cleaned_data.items() if k != "report"}
            report_services.sign_report(by=request.user, report=report, **signing)
        except (ValidationError, PermissionDenied) as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The report is signed and locked."))
            return redirect("service:case_detail", pk=case.pk)
    # Refused (a bad drawing, no name, stock the parts cannot leave): the report page again,
    # with the customer's name as typed and the reason at the sign form.
    return show_refused(request, "service:report_form", {"sign_form": form}, pk=case.pk)


@require_POST
@case_viewers
@submitted_once
def report_addendum(request, pk: int, report_pk: int):
    case = case_for(request.user, pk)
    report = get_object_or_404(case.reports, pk=report_pk)
    return save_inline(
        AddendumForm(request.POST),
        request,
        lambda data: report_services.add_addendum(by=request.user, report=report, **data),
        page="service:report_form",
        name=f"addendum_{report.pk}",
        pk=case.pk,
    )


@case_viewers
def report_signature(request, pk: int, report_pk: int):
    """The drawn signature, only to those who see the case."""
    case = case_for(request.user, pk)
    report = get_object_or_404(case.reports.exclude(customer_signature=""), pk=report_pk)
    return FileResponse(report.customer_signature.open("rb"), content_type="image/png")
