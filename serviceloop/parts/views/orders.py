"""Replenishment orders to HQ and the repair loop: lists, pages and their steps.

Headquarters may POST only to confirm, ship and ship back (read_only_roles_may_post); every
other step is the office's, refused to HQ by the read-only middleware."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.accounts.permissions import read_only_roles_may_post
from serviceloop.core.form_keys import form_key_of, submitted_once
from serviceloop.core.forms import save_inline, shown_form

from .. import selectors
from ..forms import (
    ConfirmOrderForm,
    CustomsForm,
    DecideRepairForm,
    OrderForm,
    ReceiveOrderForm,
    ReceiveRepairForm,
    ScrapRepairForm,
    SendRepairForm,
    ShipBackForm,
    ShipOrderForm,
    VersionForm,
)
from ..models import RepairOrder, ReplenishmentOrder
from ..permissions import ORDER_WRITERS, supplies
from ..services import orders as services
from ..services import repairs as repair_services
from .common import order_suppliers, order_viewers, order_writers, tell_refused

State = ReplenishmentOrder.State


@order_viewers
def order_list(request):
    orders = selectors.orders_for(request.user)
    state = request.GET.get("state", "")
    if state == "open":
        orders = orders.filter(state__in=ReplenishmentOrder.OPEN_STATES)
    elif state in State.values:
        orders = orders.filter(state=state)
    context = {
        "page": Paginator(orders, 50).get_page(request.GET.get("page")),
        "states": State.choices,
        "may_write": request.user.role in ORDER_WRITERS,
    }
    return render(request, "parts/order_list.html", context)


@order_viewers
def order_detail(request, pk: int):
    order = selectors.order_for(request.user, pk)
    writer = request.user.role in ORDER_WRITERS
    # HQ is offered the steps of the orders addressed to it only (the service checks too).
    supplier = supplies(request.user, order.supplier_id)
    version = {"version": order.version}
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "lead_times": selectors.lead_times([line.part_id for line in order.lines.all()]),
        "confirm_form": shown_form(request, "confirm_form", ConfirmOrderForm(initial=version))
        if supplier and order.state == State.SENT
        else None,
        "ship_form": shown_form(
            request,
            "ship_form",
            ShipOrderForm(initial={**version, "transport": order.transport}),
        )
        if supplier and order.state == State.CONFIRMED
        else None,
        "customs_form": shown_form(request, "customs_form", CustomsForm(initial=version))
        if writer and order.state == State.SHIPPED
        else None,
        "receive_form": shown_form(request, "receive_form", ReceiveOrderForm(order=order))
        if writer and order.state in services.RECEIVABLE
        else None,
        "may_send": writer and order.state == State.DRAFT,
        "may_cancel": writer and order.state in (State.DRAFT, State.SENT),
    }
    return render(request, "parts/order_detail.html", context)


@order_writers
@submitted_once
def order_create(request):
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order = services.create_order(
                by=request.user,
                warehouse=data["warehouse"],
                lines=form.lines(),
                transport=data["transport"],
                is_urgent=data["is_urgent"],
                note=data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Order %(number)s drafted.") % {"number": order.number})
            return redirect("parts:order_detail", pk=order.pk)
    return render(request, "parts/order_form.html", {"form": form})


@require_POST
@order_writers
@submitted_once
def order_propose(request):
    warehouse = (
        selectors.warehouses_kept_by(request.user)
        .filter(pk=request.POST.get("warehouse") or 0)
        .first()
    )
    if warehouse is None:
        raise Http404
    try:
        order = services.propose_order(by=request.user, warehouse=warehouse)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
        return redirect("parts:replenishment")
    if order is None:
        messages.info(
            request, _("Nothing needs ordering for %(warehouse)s.") % {"warehouse": warehouse}
        )
        return redirect("parts:replenishment")
    messages.success(
        request, _("Order %(number)s proposed: check it, then send it.") % {"number": order.number}
    )
    return redirect("parts:order_detail", pk=order.pk)


OFFICE_STEPS = {"send", "customs", "receive", "cancel"}


@require_POST
@order_writers
@submitted_once(creating=lambda step, **_: step == "receive")
def order_step(request, pk: int, step: str):
    if step not in OFFICE_STEPS:
        raise Http404
    order = selectors.order_for(request.user, pk)
    if step in ("send", "cancel"):
        _version_step(request, order, step)  # nothing typed: told at the top of the page
        return redirect("parts:order_detail", pk=order.pk)
    if step == "receive":
        form = ReceiveOrderForm(request.POST, order=order)
        success = _("Received into %(warehouse)s.") % {"warehouse": order.warehouse}

        def action(data):
            services.receive_order(
                by=request.user,
                order=order,
                quantities=form.quantities(),
                serial_numbers=form.serials(),
                request_key=form_key_of(request),
            )
    else:
        form, success = CustomsForm(request.POST), _("Done.")

        def action(data):
            services.enter_customs(by=request.user, order=order, **data)

    return _order_form_step(request, order, f"{step}_form", form, action, success)


def _order_form_step(request, order, name: str, form, action, success: str):
    """A step typed on the order's page: refused, the page comes back with the form as
    typed and the reason (core.forms.save_inline)."""
    return save_inline(
        form, request, action, page="parts:order_detail", name=name, success=success, pk=order.pk
    )


def _version_step(request, order, step: str) -> None:
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("The step could not be read: reload the page and try again."))
        version = form.cleaned_data["version"]
        if step == "send":
            services.send_order(by=request.user, order=order, version=version)
        else:
            services.cancel_order(by=request.user, order=order, version=version)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error)
    else:
        messages.success(request, _("Done."))


@require_POST
@read_only_roles_may_post
@order_suppliers
def order_confirm(request, pk: int):
    order = selectors.order_for(request.user, pk)
    return _order_form_step(
        request,
        order,
        "confirm_form",
        ConfirmOrderForm(request.POST),
        lambda data: services.confirm_order(by=request.user, order=order, **data),
        _("Confirmed."),
    )


@require_POST
@read_only_roles_may_post
@order_suppliers
def order_ship(request, pk: int):
    order = selectors.order_for(request.user, pk)
    return _order_form_step(
        request,
        order,
        "ship_form",
        ShipOrderForm(request.POST),
        lambda data: services.ship_order(by=request.user, order=order, **data),
        _("Shipped."),
    )


@order_viewers
def repair_list(request):
    repairs = selectors.repairs_for(request.user)
    shown = request.GET.get("state")
    if shown == "open":
        repairs = repairs.filter(state__in=RepairOrder.OPEN_STATES)
    elif shown == "out":
        repairs = selectors.repairs_out(repairs)
    elif shown == "overdue":
        repairs = selectors.repairs_out(repairs, overdue_on=timezone.localdate())
    page = Paginator(repairs, 50).get_page(request.GET.get("page"))
    return render(request, "parts/repair_list.html", {"page": page})


@order_viewers
def repair_detail(request, pk: int):
    repair = selectors.repair_for(request.user, pk)
    version = {"version": repair.version}
    writer = request.user.role in ORDER_WRITERS
    context = {
        "repair": repair,
        # A refused step comes back as typed, with the reason (core.forms.save_inline).
        "decide_form": shown_form(request, "decide_form", DecideRepairForm(initial=version))
        if writer
        else None,
        "send_form": shown_form(request, "send_form", SendRepairForm(initial=version))
        if writer
        else None,
        "ship_back_form": shown_form(request, "ship_back_form", ShipBackForm(initial=version)),
        "receive_form": shown_form(
            request, "receive_form", ReceiveRepairForm(initial={**version, "cost": repair.cost})
        )
        if writer
        else None,
        "scrap_form": shown_form(request, "scrap_form", ScrapRepairForm(initial=version))
        if writer
        else None,
        "may_write": writer,
        "is_open": repair.state in RepairOrder.OPEN_STATES,
        "may_ship_back": _may_ship_back(request.user, repair),
    }
    return render(request, "parts/repair_detail.html", context)


def _may_ship_back(user, repair: RepairOrder) -> bool:
    if repair.state != RepairOrder.State.SENT:
        return False
    if repair.repairer == RepairOrder.Repairer.HQ:
        return supplies(user, repair.repairer_office_id)
    return user.role in ORDER_WRITERS


REPAIR_STEPS = {
    "decide": (DecideRepairForm, repair_services.decide_repair),
    "send": (SendRepairForm, repair_services.send_repair),
    "receive": (ReceiveRepairForm, repair_services.receive_repaired),
    "scrap": (ScrapRepairForm, repair_services.scrap_repair),
}


@require_POST
@order_writers
def repair_step(request, pk: int, step: str):
    if step not in REPAIR_STEPS:
        raise Http404
    repair = selectors.repair_for(request.user, pk)
    form_class, service = REPAIR_STEPS[step]
    return _repair_form_step(
        request,
        repair,
        f"{step}_form",
        form_class(request.POST),
        lambda data: service(by=request.user, repair=repair, **data),
        _("Done."),
    )


def _repair_form_step(request, repair, name: str, form, action, success: str):
    """A step typed on the repair's page: refused, the page comes back with the form as
    typed and the reason (core.forms.save_inline)."""
    return save_inline(
        form, request, action, page="parts:repair_detail", name=name, success=success, pk=repair.pk
    )


@require_POST
@read_only_roles_may_post
@order_viewers
def repair_ship_back(request, pk: int):
    """The repairer sent it back: HQ for its own repairs, the warehouse for a vendor's."""
    repair = selectors.repair_for(request.user, pk)
    return _repair_form_step(
        request,
        repair,
        "ship_back_form",
        ShipBackForm(request.POST),
        lambda data: repair_services.ship_back(by=request.user, repair=repair, **data),
        _("Shipped back."),
    )
