"""Replenishment and stocking policy: what is low or out, what to order, what to stock
(with the numbers behind each recommendation)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.core.ids import parse_id

from .. import selectors
from ..forms import PolicyForm
from ..models import Part
from ..permissions import STOCK_KEEPERS
from ..selectors import policy as policy_selectors
from ..services import orders as order_services
from ..services import policy as services
from .common import stock_keepers, stock_viewers, tell_refused

ADVICE_PAGE = 25


def _warehouse(request):
    warehouses = list(policy_selectors.office_warehouses(request.user))
    chosen = parse_id(request.GET.get("warehouse") or request.POST.get("warehouse"))
    current = next((w for w in warehouses if w.pk == chosen), warehouses[0] if warehouses else None)
    return warehouses, current


@stock_viewers
def replenishment(request):
    """Parts at or below their reorder point, with what is on order and what cases wait
    for; critical parts the machines use and no warehouse of the office has free."""
    warehouses, current = _warehouse(request)
    low = []
    if current is not None:
        low = [(line, line["position"]) for line in order_services.proposed_lines(current)]
    context = {
        "warehouses": warehouses,
        "current": current,
        "low": low,
        "critical": policy_selectors.critical_without_stock(request.user),
        "may_order": request.user.role in STOCK_KEEPERS,
    }
    return render(request, "parts/replenishment.html", context)


@stock_viewers
def policy_list(request):
    """Each part the warehouse stocks or the office's machines use: its policy beside the
    recommendation (SBA demand, installed base, lead time, fill rate) and its numbers, as
    the task worker last computed them."""
    warehouses, current = _warehouse(request)
    parts = Part.objects.none()
    if current is not None:
        parts = (
            selectors.catalogue_for(request.user)
            .filter(archived_at__isnull=True)
            .filter(pk__in=services.parts_to_advise(current))
        )
    page = Paginator(parts.order_by("-is_critical", "number_key"), ADVICE_PAGE).get_page(
        request.GET.get("page")
    )
    # Computed by the task worker's nightly batch (parts/tasks.py), never here.
    advice = policy_selectors.stored_recommendations(current, list(page)) if current else []
    context = {
        "warehouses": warehouses,
        "current": current,
        "page": page,
        "advice": advice,
        "computed_at": min((item.computed_at for item in advice), default=None),
        "not_computed": len(page.object_list) - len(advice),
        "may_keep": request.user.role in STOCK_KEEPERS,
    }
    return render(request, "parts/policy_list.html", context)


@stock_keepers
def policy_edit(request, part_pk: int, warehouse_pk: int):
    part = selectors.part_for(request.user, part_pk)
    warehouse = selectors.warehouses_kept_by(request.user).filter(pk=warehouse_pk).first()
    if warehouse is None:
        raise PermissionDenied
    policy = policy_selectors.policy_of(part, warehouse)
    stored = policy_selectors.stored_recommendations(warehouse, [part])
    advice = stored[0] if stored else None
    initial = services.initial_from(advice) if advice else {}
    form = PolicyForm(request.POST or None, instance=policy, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_policy(
                by=request.user, part=part, warehouse=warehouse, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The stocking policy was saved."))
            return redirect(f"{_policies_url()}?warehouse={warehouse.pk}")
    context = {"form": form, "part": part, "warehouse": warehouse, "advice": advice}
    return render(request, "parts/policy_form.html", context)


def _policies_url() -> str:
    return reverse("parts:policy_list")


@require_POST
@stock_keepers
def policy_apply(request):
    """Takes the recommendations of the page's parts as the warehouse's policies."""
    warehouse = (
        selectors.warehouses_kept_by(request.user)
        .filter(pk=parse_id(request.POST.get("warehouse")) or 0)
        .first()
    )
    if warehouse is None:
        raise PermissionDenied
    ids = [pk for pk in map(parse_id, request.POST.getlist("part")) if pk]
    parts = list(selectors.catalogue_for(request.user).filter(pk__in=ids))
    try:
        count = services.apply_recommendations(by=request.user, warehouse=warehouse, parts=parts)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    else:
        messages.success(
            request,
            _("%(count)s stocking policies set from the recommendations.") % {"count": count},
        )
    return redirect(f"{_policies_url()}?warehouse={warehouse.pk}")
