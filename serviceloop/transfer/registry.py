"""Which lists can be imported and exported, by the `kind` slug of their URLs."""

from serviceloop.core.tabular.imports import ListDefinition
from serviceloop.customers.transfer import CONTACTS, CUSTOMERS, SITES
from serviceloop.equipment.transfer import UNITS
from serviceloop.parts.transfer import PARTS
from serviceloop.surveys.services.imports import ANSWERS

LISTS: dict[str, ListDefinition] = {
    definition.kind: definition
    for definition in (CUSTOMERS, SITES, CONTACTS, UNITS, PARTS, ANSWERS)
}

# The page an applied import returns to (sites and contacts show on customer records).
RETURN_TO = {
    "customers": "customers:customer_list",
    "sites": "customers:customer_list",
    "contacts": "customers:customer_list",
    "units": "equipment:unit_list",
    "parts": "parts:catalogue",
    "survey-answers": "surveys:response_list",
}


def list_definition(kind: str) -> ListDefinition | None:
    return LISTS.get(kind)
