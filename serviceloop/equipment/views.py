import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from serviceloop.accounts.permissions import role_required
from serviceloop.core.form_keys import adding, submitted_once
from serviceloop.core.forms import save_inline, save_through
from serviceloop.core.history import history_entries
from serviceloop.core.ids import parse_id
from serviceloop.core.links import absolute_url
from serviceloop.customers.permissions import CUSTOMER_VIEWING_ROLES, IMPORTING_ROLES
from serviceloop.customers.selectors import customer_for, customers_for

from . import selectors, services
from .forms import (
    ContractForm,
    DocumentForm,
    EquipmentModelForm,
    MoveForm,
    UnitFilterForm,
    UnitForm,
)
from .permissions import CATALOGUE_EDITING_ROLES, CONTRACT_EDITING_ROLES, UNIT_EDITING_ROLES

viewers = role_required(*CUSTOMER_VIEWING_ROLES)
unit_editors = role_required(*UNIT_EDITING_ROLES)


def _filtered_units(request, filters: UnitFilterForm):
    today = timezone.localdate()
    data = filters.cleaned_data if filters.is_valid() else {}
    return selectors.filter_units(selectors.unit_list(request.user, today), today, **data)


@vary_on_headers("HX-Request")
@viewers
def unit_list(request):
    filters = UnitFilterForm(request.GET or None)
    units = _filtered_units(request, filters)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    # A serial typed in full is the fastest way to a machine: go straight to it.
    if request.GET.get("q") and page.paginator.count == 1 and not request.htmx:
        return redirect("records:unit_record", pk=page.object_list[0].pk)
    today = timezone.localdate()
    rows = [(unit, selectors.coverage_of(unit, today)) for unit in page]
    template = "equipment/unit_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#unit_rows"
    context = {
        "page": page,
        "rows": rows,
        "filters": filters,
        "may_create": request.user.role in UNIT_EDITING_ROLES,
        "may_import": request.user.role in IMPORTING_ROLES,
    }
    return render(request, template, context)


@unit_editors
@submitted_once
def unit_create(request):
    initial = {"customer": request.GET.get("customer")} if request.GET.get("customer") else None
    form = UnitForm(request.POST or None, by=request.user, initial=initial)
    unit = save_through(
        form,
        request,
        lambda data: services.save_unit(by=request.user, unit=None, changes=data),
        _("The unit was created."),
    )
    if unit:
        return redirect("records:unit_record", pk=unit.pk)
    return render(request, "equipment/unit_form.html", {"form": form})


@unit_editors
def unit_edit(request, pk: int):
    unit = selectors.unit_for(request.user, pk, timezone.localdate())
    form = UnitForm(request.POST or None, instance=unit, by=request.user)
    saved = save_through(
        form,
        request,
        lambda data: services.save_unit(
            by=request.user,
            unit=unit,
            changes={k: v for k, v in data.items() if k not in ("customer", "site")},
        ),
        _("The unit was saved."),
    )
    if saved:
        return redirect("records:unit_record", pk=unit.pk)
    context = {"form": form, "unit": unit, "history": history_entries(unit)}
    return render(request, "equipment/unit_form.html", context)


@unit_editors
@submitted_once
def unit_move(request, pk: int):
    unit = selectors.unit_for(request.user, pk, timezone.localdate())
    form = MoveForm(
        request.POST or None, by=request.user, initial={"moved_on": timezone.localdate()}
    )
    move = save_through(
        form,
        request,
        lambda data: services.move_unit(by=request.user, unit=unit, **data),
        _("The unit was moved; its history goes with it."),
    )
    if move:
        return redirect("records:unit_record", pk=unit.pk)
    return render(request, "equipment/unit_move.html", {"form": form, "unit": unit})


@require_POST
@unit_editors
def unit_archive(request, pk: int):
    unit = selectors.unit_for(request.user, pk, timezone.localdate())
    # The target state is in the form, so a double click does not undo the first.
    archive = request.POST.get("archive") == "1"
    services.set_unit_archived(by=request.user, unit=unit, archived=archive)
    return redirect("records:unit_record", pk=unit.pk)


@login_required
def unit_by_serial(request, serial: str):
    """What a nameplate's QR code opens: the unit's record for staff, its portal page for
    the customer's own people; a unit they may not see answers 404."""
    if not (request.user.is_customer or request.user.role in CUSTOMER_VIEWING_ROLES):
        raise PermissionDenied
    unit = selectors.unit_by_serial(request.user, serial)
    if request.user.is_customer:
        return redirect("portal:unit_detail", pk=unit.pk)
    return redirect("records:unit_record", pk=unit.pk)


@viewers
def unit_label(request, pk: int):
    """A printable nameplate label with a QR code that opens the unit's page."""
    unit = selectors.unit_for(request.user, pk, timezone.localdate())
    link = absolute_url(reverse("equipment:unit_by_serial", args=[unit.serial_key]))
    qr = segno.make(link, error="m").svg_inline(scale=4, omitsize=True)
    return render(request, "equipment/unit_label.html", {"unit": unit, "qr": qr, "link": link})


@viewers
def model_list(request):
    catalogue = selectors.models_catalogue().order_by("family", "code")
    context = {"catalogue": catalogue, "may_edit": request.user.role in CATALOGUE_EDITING_ROLES}
    return render(request, "equipment/model_list.html", context)


@role_required(*CATALOGUE_EDITING_ROLES)
@submitted_once(creating=adding)
def model_form(request, pk: int | None = None):
    equipment_model = get_object_or_404(selectors.models_catalogue(), pk=pk) if pk else None
    form = EquipmentModelForm(request.POST or None, instance=equipment_model)
    saved = save_through(
        form,
        request,
        lambda data: services.save_equipment_model(
            by=request.user, equipment_model=equipment_model, changes=data
        ),
        _("The equipment model was saved."),
    )
    if saved:
        return redirect("equipment:model_list")
    return render(
        request, "equipment/model_form.html", {"form": form, "equipment_model": equipment_model}
    )


@role_required(*CONTRACT_EDITING_ROLES)
@submitted_once(creating=adding)
def contract_form(request, customer_pk: int, pk: int | None = None):
    customer = customer_for(request.user, customer_pk)
    contract = get_object_or_404(customer.contracts, pk=pk) if pk else None
    form = ContractForm(request.POST or None, instance=contract, customer=customer)

    def save(data):
        units = list(data.pop("units"))
        return services.save_contract(
            by=request.user, customer=customer, contract=contract, changes=data, units=units
        )

    saved = save_through(form, request, save, _("The contract was saved."))
    if saved:
        return redirect("records:customer_record", pk=customer.pk)
    context = {"form": form, "customer": customer, "contract": contract}
    return render(request, "equipment/contract_form.html", context)


@require_POST
@unit_editors
@submitted_once
def unit_document_upload(request, pk: int):
    unit = selectors.unit_for(request.user, pk, timezone.localdate())
    return save_inline(
        DocumentForm(request.POST, request.FILES),
        request,
        lambda data: services.attach_document(by=request.user, unit=unit, **data),
        page="records:unit_record",
        name="document_form",
        success=_("The document was added."),
        pk=unit.pk,
    )


@viewers
def document_download(request, pk: int):
    """Served only through this view, as an attachment: never from a public folder."""
    document = selectors.document_for(request.user, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@unit_editors
def unit_options(request):
    """The <option>s of a customer's sites, and of the lines a new unit may be part of (htmx)."""
    customer_id = parse_id(request.GET.get("customer") or request.GET.get("to_customer"))
    customers = customers_for(request.user).filter(pk=customer_id) if customer_id else None
    customer = customers.first() if customers is not None else None
    context = {
        "sites": customer.sites.filter(archived_at__isnull=True) if customer else [],
        "lines": selectors.units_for(request.user).filter(customer=customer) if customer else [],
        "with_lines": request.GET.get("for") != "move",
    }
    return render(request, "equipment/unit_options.html", context)
