"""Parts for a case: reservations made from the case page, released when not needed, the
parts lines of the repair report, and the warehouse's list of reservations to hand out."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.core.form_keys import form_key_of, submitted_once
from serviceloop.core.forms import save_inline
from serviceloop.core.ids import parse_id
from serviceloop.service.selectors.cases import case_for
from serviceloop.service.services import cases as case_services
from serviceloop.service.services import cases_transitions

from .. import selectors
from ..forms import ReportPartsForm, ReserveForm
from ..models import Reservation
from ..services import reports as report_services
from ..services import reservations as services
from .common import reservers, stock_keepers, tell_refused

# The names of the parts forms on the service pages (the case page, the report page): a
# refused one is shown there again in place of the empty one (plugs.py, `shown_form`).
RESERVE_FORM = "parts_reserve_form"
REPORT_PARTS_FORM = "parts_report_parts_form"


@require_POST
@reservers
@submitted_once
def case_reserve(request, case_pk: int):
    case = case_for(request.user, case_pk)

    def reserve(data):
        # One step for the user: a refused move to "waiting for parts" leaves no reservation
        # behind a page that says nothing was saved.
        with transaction.atomic():
            made = services.reserve_part(
                by=request.user, case=case, request_key=form_key_of(request), **data
            )
            _wait_if_needed(request, case, made)

    # Refused (more than is free, say), the case page comes back with the part and the
    # quantity typed and the reason (what is free where) at the form.
    return save_inline(
        ReserveForm(request.POST, user=request.user, case=case),
        request,
        reserve,
        page="service:case_detail",
        name=RESERVE_FORM,
        anchor="#parts",
        pk=case.pk,
    )


def _wait_if_needed(request, case, made: list[Reservation]) -> None:
    """Part of what was asked waits for stock: the case waits for parts too, when the user
    may make that move (its assignee or the warehouse); it resumes by itself on receipt."""
    waiting = [r for r in made if r.state == Reservation.State.WAITING]
    if not waiting:
        messages.success(request, _("Reserved."))
        return
    case.refresh_from_db()
    if cases_transitions.allowed(request.user, case, "wait_for_parts"):
        case_services.wait_for_parts(
            by=request.user,
            case=case,
            version=case.version,
            note=_("Waiting for %(part)s.") % {"part": waiting[0].part},
        )
        messages.warning(
            request,
            _("Reserved what is free; the case waits for the rest and resumes when it arrives."),
        )
    else:
        messages.warning(request, _("Reserved what is free; the rest waits for the next receipt."))


def case_detail_url(case) -> str:
    return reverse("service:case_detail", args=[case.pk])


@require_POST
@reservers
def reservation_release(request, pk: int):
    reservation = selectors.reservation_for(request.user, pk)
    case_for(request.user, reservation.case_id)  # the case must be visible too
    try:
        services.release_reservation(by=request.user, reservation=reservation)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    else:
        messages.success(request, _("Released."))
    back = request.POST.get("next", "")
    if back == "pick":
        return redirect("parts:reservations")
    return redirect(f"{case_detail_url(reservation.case)}#parts")


def _posted_report(request, case):
    """The report the parts list was written for, which the form names: the browser may
    send a kept draft late, after that report was signed and the next visit's opened, and
    that list is not the new report's (decision 0009). A form that names none is for the
    engineer's open report."""
    reports = case.reports.filter(engineer=request.user)
    posted = parse_id(request.POST.get("report"))
    if posted is not None:
        return get_object_or_404(reports, pk=posted)
    return get_object_or_404(reports, engineer_signed_at__isnull=True)


@require_POST
@reservers
def report_parts(request, case_pk: int):
    """Saves the parts lines of the engineer's open report (kept by the browser offline)."""
    case = case_for(request.user, case_pk)
    report = _posted_report(request, case)
    if report.is_signed:
        # Its parts left the stock when it was signed; a late copy of the list changes
        # nothing. (Signed between this check and the save, the service refuses it under
        # the report's lock.)
        messages.error(
            request,
            _(
                "The report was signed before this list of parts arrived: nothing was "
                "changed. Add a correction to the report if a part was wrong."
            ),
        )
        return redirect(reverse("service:report_form", args=[case.pk]) + "#report-parts")
    form = ReportPartsForm(request.POST, user=request.user, case=case, report=report)
    return save_inline(
        form,
        request,
        lambda data: report_services.save_report_parts(
            by=request.user, report=report, lines=form.lines()
        ),
        page="service:report_form",
        name=REPORT_PARTS_FORM,
        success=_("The parts used were saved; they leave the stock when the report is signed."),
        anchor="#report-parts",
        pk=case.pk,
    )


@stock_keepers
def reservations(request):
    page = Paginator(selectors.reservations_to_pick(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "parts/reservations.html", {"page": page})
