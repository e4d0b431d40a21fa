"""The customer profile record (客户档案记录表, form SL-F-04) as a printed document
(decision 0016): what its page shows, and the whole installed base, complaints, feedback
scores, spend and key figures. Staff only (it holds internal grades and spend), scoped as
the page: the customer, its contacts and cases through the same selectors."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import User
from serviceloop.core.documents import DocumentForm
from serviceloop.customers import selectors as customers
from serviceloop.customers.extensions import customer_document_panels
from serviceloop.customers.models import Customer
from serviceloop.equipment import selectors as equipment
from serviceloop.service.selectors.cases import cases_of, downtime_hours
from serviceloop.service.selectors.cases_figures import case_figures, feedback_scores
from serviceloop.service.selectors.charges_spend import spend_by_year
from serviceloop.service.selectors.feedback import complaints_for

CUSTOMER_RECORD = DocumentForm("SL-F-04", "客户档案记录表", _("Customer profile record"))
# The record lists the latest cases and says how many earlier ones the case list holds: a
# plant served for ten years has thousands, and its figures below count every one.
CASES_LISTED = 200


def customer_file(user: User, customer: Customer, interactions: list) -> dict[str, Any]:
    """The document's context; `interactions`: the page's own (the contacts the user may
    not read left out)."""
    today = timezone.localdate()
    units = equipment.unit_list(user, today).filter(customer=customer)
    cases = cases_of(user, customer=customer)
    listed = list(cases.select_related("unit__model")[:CASES_LISTED])
    case_count = cases.count()
    return {
        "customer": customer,
        "members": customers.customers_for(user).filter(parent=customer),
        "sites": customer.sites.select_related("province", "city", "district"),
        "contacts": customers.contacts_for(user).filter(customer=customer).select_related("site"),
        "interactions": interactions,
        "units": [(unit, equipment.coverage_of(unit, today)) for unit in units],
        "contracts": equipment.contracts_for(user)
        .filter(customer=customer)
        .prefetch_related("units"),
        "cases": listed,
        "case_count": case_count,
        "cases_not_listed": case_count - len(listed),
        "figures": case_figures(cases),
        "downtime": downtime_hours(cases),
        "complaints": complaints_for(user).filter(customer=customer).order_by("opened_at"),
        "feedback": feedback_scores(cases),
        "spend": spend_by_year(cases),
        "panels": customer_document_panels.panels(customer=customer),
    }
