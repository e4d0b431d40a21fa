"""Visit pages: planning a visit on a case, the dispatch board, the engineer's day and the
check-in and check-out at the plant."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.accounts.permissions import role_required
from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_inline, shown_form

from ..forms import CheckInForm, VisitForm
from ..permissions import ENGINEER_DAY_ROLES, VISITING_ROLES
from ..selectors import visits as visit_selectors
from ..selectors.cases import case_for
from ..services import visits as visit_services
from .common import dispatch_board_readers, dispatchers, tell_refused


@require_POST
@dispatchers
@submitted_once
def case_plan_visit(request, pk: int):
    case = case_for(request.user, pk)

    def plan(data):
        visit_services.plan_visit(
            by=request.user,
            case=case,
            version=data["version"],
            planned_start=data["planned_start"],
            engineers=list(data["engineers"]),
            note=data["note"],
        )

    return save_inline(
        VisitForm(request.POST, case=case),
        request,
        plan,
        page="service:case_detail",
        name="visit_form",
        success=_("The visit is planned."),
        pk=case.pk,
    )


@dispatch_board_readers
def dispatch_board(request):
    day = _day(request)
    context = {"day": day, "rows": visit_selectors.dispatch_board(request.user, day)}
    return render(request, "service/dispatch_board.html", context)


@role_required(*ENGINEER_DAY_ROLES)
def my_day(request):
    day = _day(request)
    visits = list(visit_selectors.my_day(request.user, day))
    for visit in visits:
        # A refused check-in comes back with the minutes typed (core.forms.save_inline).
        visit.check_in_form = shown_form(request, f"check_in_{visit.pk}", _check_in_form(visit))
    return render(request, "service/my_day.html", {"day": day, "visits": visits})


def _check_in_form(visit, data=None) -> CheckInForm:
    # One form per visit on the page: its own ids, so each label and error is its own.
    return CheckInForm(data, auto_id=f"id_visit{visit.pk}_%s")


def _day(request):
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@require_POST
@role_required(*VISITING_ROLES)
def visit_check_in(request, pk: int):
    visit = visit_selectors.visit_for(request.user, pk)
    # Refused, the day's page comes back (the day the form was on: `?day=` of its action).
    return save_inline(
        _check_in_form(visit, request.POST),
        request,
        lambda data: visit_services.check_in(by=request.user, visit=visit, **data),
        page="service:my_day",
        name=f"check_in_{visit.pk}",
    )


@require_POST
@role_required(*VISITING_ROLES)
def visit_check_out(request, pk: int):
    visit = visit_selectors.visit_for(request.user, pk)
    try:
        visit_services.check_out(by=request.user, visit=visit)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    return redirect("service:my_day")
