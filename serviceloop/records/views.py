"""The two pages that gather every app: the customer profile record (客户档案) and the
unit's record file (客户设备记录档案), each printed as a document too (decision 0016;
`documents.py`, and the portal prints the unit's file). They read the customers, equipment
and service apps' selectors; the apps after those add their sections as panels
(customers.extensions.customer_panels and customer_document_panels, equipment.extensions.
unit_panels and unit_document_panels: decision 0014), so this app imports none of them."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.permissions import role_required
from serviceloop.core.documents import document_response
from serviceloop.core.forms import shown_form
from serviceloop.core.history import history_entries
from serviceloop.core.security_log import log_security_event
from serviceloop.customers import selectors as customers
from serviceloop.customers.extensions import customer_panels
from serviceloop.customers.permissions import (
    CUSTOMER_VIEWING_ROLES,
    MERGING_ROLES,
    may_edit_customer,
)
from serviceloop.equipment import selectors as equipment
from serviceloop.equipment.extensions import unit_panels
from serviceloop.equipment.forms import DocumentForm
from serviceloop.equipment.permissions import CONTRACT_EDITING_ROLES, UNIT_EDITING_ROLES
from serviceloop.service.selectors.cases import cases_of, downtime_hours
from serviceloop.service.selectors.cases_history import UNIT_FILE, unit_file
from serviceloop.service.selectors.visits import visits_of_unit

from .documents import CUSTOMER_RECORD, customer_file

viewers = role_required(*CUSTOMER_VIEWING_ROLES)
# A plant with hundreds of machines shows the first ones; the unit list shows them all.
UNITS_SHOWN = 50
INTERACTIONS_SHOWN = 20
CASES_SHOWN = 20
# The portal prints the customer's copy of the unit's file with the same template.
UNIT_DOCUMENT = "records/documents/unit_record.html"


def _interactions(user, customer) -> list:
    """The latest interactions; a contact the user may not read (PIPL) is left out."""
    readable = set(
        customers.contacts_for(user).filter(customer=customer).values_list("pk", flat=True)
    )
    rows = list(
        customers.interactions_for(user)
        .filter(customer=customer)
        .select_related("contact", "recorded_by")[:INTERACTIONS_SHOWN]
    )
    for interaction in rows:
        interaction.shown_contact = (
            interaction.contact if interaction.contact_id in readable else None
        )
    return rows


def _customer_read(request, pk: int):
    customer = customers.customer_for(request.user, pk)
    if request.user.office_id != customer.office_id:
        # China's PIPL: who read personal data from another country's office is logged.
        log_security_event("personal_data_read", request, customer=customer.code)
    return customer


@viewers
def customer_record(request, pk: int):
    customer = _customer_read(request, pk)
    today = timezone.localdate()
    units = equipment.unit_list(request.user, today).filter(customer=customer)
    shown = list(units[:UNITS_SHOWN])
    context = {
        "customer": customer,
        "sites": customer.sites.select_related("province", "city", "district"),
        "contacts": customers.contacts_for(request.user)
        .filter(customer=customer)
        .select_related("site"),
        "interactions": _interactions(request.user, customer),
        "units": [(unit, equipment.coverage_of(unit, today)) for unit in shown],
        "unit_count": units.count(),
        "contracts": equipment.contracts_for(request.user).filter(customer=customer),
        "members": customers.customers_for(request.user).filter(parent=customer),
        "history": history_entries(customer),
        "cases": list(cases_of(request.user, customer=customer)[:CASES_SHOWN]),
        "case_count": cases_of(request.user, customer=customer).count(),
        "downtime": downtime_hours(cases_of(request.user, customer=customer)),
        "may_edit": may_edit_customer(request.user, customer),
        "may_merge": request.user.role in MERGING_ROLES and not customer.merged_into_id,
        "may_add_units": request.user.role in UNIT_EDITING_ROLES,
        "may_edit_contracts": request.user.role in CONTRACT_EDITING_ROLES,
        "panels": customer_panels.panels(request=request, customer=customer),
    }
    return render(request, "records/customer_record.html", context)


@viewers
def unit_record(request, pk: int):
    today = timezone.localdate()
    unit = equipment.unit_for(request.user, pk, today)
    context = {
        "unit": unit,
        "coverage": equipment.coverage_of(unit, today),
        "children": equipment.units_for(request.user).filter(parent=unit).select_related("model"),
        "moves": equipment.moves_of(unit),
        "contracts": equipment.contracts_of(request.user, unit),
        "documents": equipment.documents_of(unit),
        # A refused upload shows this page again with its form (core.forms.save_inline).
        "document_form": shown_form(request, "document_form", DocumentForm()),
        "history": history_entries(unit),
        "cases": list(cases_of(request.user, unit=unit)[:CASES_SHOWN]),
        "visits": list(visits_of_unit(request.user, unit)[:CASES_SHOWN]),
        "downtime": downtime_hours(cases_of(request.user, unit=unit)),
        "may_edit": request.user.role in UNIT_EDITING_ROLES,
        # The later apps' sections (the parts replaced, ...): decision 0014.
        "panels": unit_panels.panels(request=request, unit=unit),
    }
    return render(request, "records/unit_record.html", context)


@viewers
def customer_document(request, pk: int):
    """The profile record printed (SL-F-04): whoever reads the page; staff only."""
    customer = _customer_read(request, pk)
    context = customer_file(request.user, customer, _interactions(request.user, customer))
    return document_response(
        request,
        template="records/documents/customer_record.html",
        form=CUSTOMER_RECORD,
        filename=f"{customer.code}-{CUSTOMER_RECORD.number}",
        as_pdf=request.GET.get("format") == "pdf",
        context={**context, "back_url": reverse("records:customer_record", args=[pk])},
    )


@viewers
def unit_document(request, pk: int):
    """The unit's record file printed (SL-F-05), every entry of its history."""
    unit = equipment.unit_for(request.user, pk, timezone.localdate())
    return document_response(
        request,
        template=UNIT_DOCUMENT,
        form=UNIT_FILE,
        filename=f"{unit.serial}-{UNIT_FILE.number}",
        as_pdf=request.GET.get("format") == "pdf",
        context={
            **unit_file(request.user, unit, for_customer=False),
            "back_url": reverse("records:unit_record", args=[pk]),
        },
    )
