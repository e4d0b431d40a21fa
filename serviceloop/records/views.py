"""The two pages that gather every app: the customer profile record (客户档案) and the
unit's record file (客户设备记录档案). They read the customers, equipment and service apps'
selectors; the apps after those add their sections as panels (customers.extensions.
customer_panels, equipment.extensions.unit_panels: decision 0014), so this app imports none
of them."""

from django.shortcuts import render
from django.utils import timezone

from serviceloop.accounts.permissions import role_required
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
from serviceloop.service.selectors.visits import visits_of_unit

viewers = role_required(*CUSTOMER_VIEWING_ROLES)
# A plant with hundreds of machines shows the first ones; the unit list shows them all.
UNITS_SHOWN = 50
INTERACTIONS_SHOWN = 20
CASES_SHOWN = 20


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


@viewers
def customer_record(request, pk: int):
    customer = customers.customer_for(request.user, pk)
    if request.user.office_id != customer.office_id:
        # China's PIPL: who read personal data from another country's office is logged.
        log_security_event("personal_data_read", request, customer=customer.code)
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
