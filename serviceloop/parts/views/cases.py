"""Parts for a case: reservations made from the case page, released when not needed, the
parts lines of the repair report, and the warehouse's list of reservations to hand out."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.service import selectors as service_selectors
from serviceloop.service import transitions
from serviceloop.service.services import cases as case_services

from .. import selectors
from ..forms import ReportPartsForm, ReserveForm
from ..models import Reservation
from ..services import reports as report_services
from ..services import reservations as services
from .common import reservers, stock_keepers, tell_refused


@require_POST
@reservers
def case_reserve(request, case_pk: int):
    case = service_selectors.case_for(request.user, case_pk)
    form = ReserveForm(request.POST, user=request.user, case=case)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
        return redirect(f"{case_detail_url(case)}#parts")
    data = form.cleaned_data
    try:
        made = services.reserve_part(
            by=request.user,
            case=case,
            part=data["part"],
            warehouse=data["warehouse"],
            quantity=data["quantity"],
            wait=data["wait"],
            note=data["note"],
            request_key=data["request_key"],
        )
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    else:
        _wait_if_needed(request, case, made)
    return redirect(f"{case_detail_url(case)}#parts")


def _wait_if_needed(request, case, made: list[Reservation]) -> None:
    """Part of what was asked waits for stock: the case waits for parts too, when the user
    may make that move (its assignee or the warehouse); it resumes by itself on receipt."""
    waiting = [r for r in made if r.state == Reservation.State.WAITING]
    if not waiting:
        messages.success(request, _("Reserved."))
        return
    case.refresh_from_db()
    if transitions.allowed(request.user, case, "wait_for_parts"):
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
    service_selectors.case_for(request.user, reservation.case_id)  # the case must be visible too
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


@require_POST
@reservers
def report_parts(request, case_pk: int):
    """Saves the parts lines of the engineer's open report (kept by the browser offline)."""
    case = service_selectors.case_for(request.user, case_pk)
    report = get_object_or_404(case.reports, engineer=request.user, engineer_signed_at__isnull=True)
    form = ReportPartsForm(request.POST, user=request.user, case=case, report=report)
    if form.is_valid():
        try:
            report_services.save_report_parts(by=request.user, report=report, lines=form.lines())
        except (ValidationError, PermissionDenied) as error:
            tell_refused(request, error)
        else:
            messages.success(
                request,
                _("The parts used were saved; they leave the stock when the report is signed."),
            )
    else:
        messages.error(
            request,
            _("Check the parts lines: %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
    return redirect("service:report_form", pk=case.pk)


@stock_keepers
def reservations(request):
    page = Paginator(selectors.reservations_to_pick(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "parts/reservations.html", {"page": page})
