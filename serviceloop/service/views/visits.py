"""Visit pages: planning a visit on a case, the dispatch board, the engineer's day and the
check-in and check-out at the plant."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.accounts.models import Role
from serviceloop.accounts.permissions import role_required

from .. import selectors
from ..forms import VisitForm
from ..services import visits as visit_services
from .common import tell_refused


@require_POST
@role_required(*visit_services.DISPATCHING_ROLES)
def case_plan_visit(request, pk: int):
    case = selectors.case_for(request.user, pk)
    form = VisitForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            visit_services.plan_visit(
                by=request.user,
                case=case,
                version=data["version"],
                planned_start=data["planned_start"],
                engineers=list(data["engineers"]),
                note=data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            tell_refused(request, error)
        else:
            messages.success(request, _("The visit is planned."))
    else:
        messages.error(request, _("Choose the engineers and the planned arrival."))
    return redirect("service:case_detail", pk=case.pk)


@role_required(*visit_services.DISPATCHING_ROLES, Role.HQ)
def dispatch_board(request):
    day = _day(request)
    context = {"day": day, "rows": selectors.dispatch_board(request.user, day)}
    return render(request, "service/dispatch_board.html", context)


@role_required(Role.ENGINEER)
def my_day(request):
    day = _day(request)
    context = {"day": day, "visits": selectors.my_day(request.user, day)}
    return render(request, "service/my_day.html", context)


def _day(request):
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@require_POST
@role_required(Role.ENGINEER, Role.ADMIN)
def visit_check_in(request, pk: int):
    visit = selectors.visit_for(request.user, pk)
    minutes = request.POST.get("travel_minutes", "")
    try:
        visit_services.check_in(
            by=request.user, visit=visit, travel_minutes=int(minutes) if minutes.isdigit() else None
        )
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    return redirect("service:my_day")


@require_POST
@role_required(Role.ENGINEER, Role.ADMIN)
def visit_check_out(request, pk: int):
    visit = selectors.visit_for(request.user, pk)
    try:
        visit_services.check_out(by=request.user, visit=visit)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    return redirect("service:my_day")
