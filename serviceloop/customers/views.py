from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from serviceloop.accounts.permissions import role_required, staff_required
from serviceloop.core.form_keys import adding, submitted_once
from serviceloop.core.forms import save_through
from serviceloop.core.history import history_entries

from . import selectors, services
from .forms import (
    ContactForm,
    CustomerFilterForm,
    CustomerForm,
    InteractionForm,
    MergeForm,
    SiteForm,
)
from .permissions import (
    CUSTOMER_CREATING_ROLES,
    CUSTOMER_VIEWING_ROLES,
    IMPORTING_ROLES,
    MERGING_ROLES,
    may_edit_customer,
)

viewers = role_required(*CUSTOMER_VIEWING_ROLES)


def _editable_customer(request, pk: int):
    """A customer the user sees (else 404) and may change (else 403)."""
    customer = selectors.customer_for(request.user, pk)
    if not may_edit_customer(request.user, customer):
        raise PermissionDenied
    return customer


@vary_on_headers("HX-Request")
@viewers
def customer_list(request):
    filters = CustomerFilterForm(request.GET or None)
    customers = selectors.customer_list(request.user)
    customers = (
        filters.apply(customers, request.user)
        if filters.is_valid()
        else customers.filter(archived_at__isnull=True)
    )
    page = Paginator(customers, 50).get_page(request.GET.get("page"))
    template = "customers/customer_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#customer_rows"
    context = {
        "page": page,
        "filters": filters,
        "may_create": request.user.role in CUSTOMER_CREATING_ROLES,
        "may_import": request.user.role in IMPORTING_ROLES,
    }
    return render(request, template, context)


@role_required(*CUSTOMER_CREATING_ROLES)
@submitted_once
def customer_create(request):
    form = CustomerForm(request.POST or None, by=request.user)
    customer = save_through(
        form,
        request,
        lambda data: services.create_customer(
            by=request.user, office=data.pop("office", None) or request.user.office, changes=data
        ),
        _("The customer was created."),
    )
    if customer:
        return redirect("records:customer_record", pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form})


@viewers
def customer_edit(request, pk: int):
    customer = _editable_customer(request, pk)
    form = CustomerForm(request.POST or None, instance=customer, by=request.user)
    saved = save_through(
        form,
        request,
        lambda data: services.update_customer(by=request.user, customer=customer, changes=data),
        _("The customer was saved."),
    )
    if saved:
        return redirect("records:customer_record", pk=customer.pk)
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer})


@require_POST
@viewers
def customer_archive(request, pk: int):
    customer = _editable_customer(request, pk)
    services.archive_customer(by=request.user, customer=customer)
    messages.success(request, _("The customer was archived. Its records stay."))
    return redirect("records:customer_record", pk=customer.pk)


@require_POST
@viewers
def customer_restore(request, pk: int):
    customer = _editable_customer(request, pk)
    services.restore_customer(by=request.user, customer=customer)
    messages.success(request, _("The customer is active again."))
    return redirect("records:customer_record", pk=customer.pk)


@role_required(*MERGING_ROLES)
def customer_merge(request, pk: int):
    duplicate = selectors.customer_for(request.user, pk)
    choices = (
        selectors.customers_for(request.user)
        .filter(office_id=duplicate.office_id, archived_at__isnull=True)
        .exclude(pk=duplicate.pk)
    )
    form = MergeForm(request.POST or None, choices=choices)
    merge = save_through(
        form,
        request,
        lambda data: services.merge_customers(
            by=request.user, duplicate=duplicate, survivor=data["survivor"]
        ),
        _("The customers were merged."),
    )
    if merge:
        return redirect("records:customer_record", pk=merge.survivor_id)
    return render(request, "customers/customer_merge.html", {"form": form, "duplicate": duplicate})


@viewers
@submitted_once(creating=adding)
def site_form(request, customer_pk: int, pk: int | None = None):
    customer = _editable_customer(request, customer_pk)
    site = get_object_or_404(customer.sites, pk=pk) if pk else None
    form = SiteForm(request.POST or None, instance=site)
    saved = save_through(
        form,
        request,
        lambda data: services.save_site(
            by=request.user, customer=customer, site=site, changes=data
        ),
        _("The site was saved."),
    )
    if saved:
        return redirect("records:customer_record", pk=customer.pk)
    context = {"form": form, "customer": customer, "site": site}
    context["history"] = history_entries(site) if site else None
    return render(request, "customers/site_form.html", context)


@viewers
@submitted_once(creating=adding)
def contact_form(request, customer_pk: int, pk: int | None = None):
    customer = _editable_customer(request, customer_pk)
    contact = (
        get_object_or_404(selectors.contacts_for(request.user), customer=customer, pk=pk)
        if pk
        else None
    )
    form = ContactForm(request.POST or None, instance=contact, customer=customer)
    saved = save_through(
        form,
        request,
        lambda data: services.save_contact(
            by=request.user, customer=customer, contact=contact, changes=data
        ),
        _("The contact was saved."),
    )
    if saved:
        return redirect("records:customer_record", pk=customer.pk)
    context = {"form": form, "customer": customer, "contact": contact}
    context["history"] = history_entries(contact) if contact else None
    return render(request, "customers/contact_form.html", context)


@viewers
@submitted_once
def interaction_create(request, customer_pk: int):
    customer = _editable_customer(request, customer_pk)
    form = InteractionForm(request.POST or None, customer=customer)
    saved = save_through(
        form,
        request,
        lambda data: services.record_interaction(by=request.user, customer=customer, changes=data),
        _("The interaction was recorded."),
    )
    if saved:
        return redirect("records:customer_record", pk=customer.pk)
    return render(request, "customers/interaction_form.html", {"form": form, "customer": customer})


@require_GET
@staff_required
def division_options(request):
    """The <option>s of the cities of a province, or of the districts of a city (htmx)."""
    parent = request.GET.get("province") or request.GET.get("city") or ""
    children = selectors.divisions_under(parent) if parent.isdigit() else []
    context = {"children": children, "clear_district": "province" in request.GET}
    return render(request, "customers/division_options.html", context)
