"""Demo customer archive: 60 automotive part makers with sites, contacts and interactions.

The rows are planned from one seeded generator, so every run plans the same rows whatever
the database holds; `load()` creates those that are missing (keys: customer code, site code,
contact name, interaction date and summary). Names are invented, never real companies.
"""

from typing import Any

from django.db import models

from serviceloop.accounts.models import Office, User
from serviceloop.customers import services
from serviceloop.customers.models import (
    Contact,
    Customer,
    CustomerMerge,
    Division,
    Interaction,
    PortalAccess,
    Site,
)
from serviceloop.demo.customers.planning import CustomerPlan, plan
from serviceloop.demo.customers.specs import CITIES, CODES, PORTAL_ACCESS, SEED, SPECS, Spec

__all__ = [
    "CODES",
    "SEED",
    "SPECS",
    "CustomerPlan",
    "Spec",
    "delete_with_history",
    "load",
    "plan",
    "reset",
]


def delete_with_history(queryset: models.QuerySet) -> None:
    """Deletes the rows and their change history: a reset demo leaves no trace of them."""
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    model._default_manager.filter(pk__in=pks).delete()
    history = getattr(model, "history", None)
    if history is not None:
        history.filter(**{f"{model._meta.pk.attname}__in": pks}).delete()


def _with_divisions(fields: dict[str, Any], divisions: dict[str, Division]) -> dict[str, Any]:
    """The plan's division codes replaced by the divisions themselves."""
    places = {key: divisions[fields[key]] for key in ("province", "city", "district")}
    return fields | places


def _create_customer(
    customer_plan: CustomerPlan, *, office: Office, users: dict, divisions: dict, customers: dict
) -> Customer:
    spec = customer_plan.spec
    changes = _with_divisions(customer_plan.fields, divisions) | {
        "parent": customers.get(spec.parent),
        "account_manager": users.get(spec.manager),
    }
    return services.create_customer(by=users["manager"], office=office, changes=changes)


def _load_sites(
    customer: Customer, customer_plan: CustomerPlan, by: User, divisions: dict
) -> dict[str, Site]:
    sites = {site.code: site for site in customer.sites.all()}
    for fields in customer_plan.sites:
        if fields["code"] not in sites:
            changes = _with_divisions(fields, divisions)
            sites[fields["code"]] = services.save_site(
                by=by, customer=customer, site=None, changes=changes
            )
    return sites


def _load_contacts(
    customer: Customer, customer_plan: CustomerPlan, by: User, sites: dict
) -> dict[str, Contact]:
    contacts = {contact.full_name: contact for contact in customer.contacts.all()}
    for fields in customer_plan.contacts:
        if fields["full_name"] not in contacts:
            changes = fields | {"site": sites.get(fields["site"])}
            contacts[fields["full_name"]] = services.save_contact(
                by=by, customer=customer, contact=None, changes=changes
            )
    return contacts


def _load_interactions(
    customer: Customer, customer_plan: CustomerPlan, users: dict, contacts: dict
) -> None:
    recorded = set(customer.interactions.values_list("happened_on", "summary"))
    account1 = users["account1"]
    # An account manager records the follow-ups of its own customers; the manager the others'.
    by = account1 if customer.account_manager_id == account1.pk else users["manager"]
    for fields in customer_plan.interactions:
        if (fields["happened_on"], fields["summary"]) not in recorded:
            changes = fields | {"contact": contacts.get(fields["contact"])}
            services.record_interaction(by=by, customer=customer, changes=changes)


def _load_portal_accesses(users: dict, customers: dict) -> None:
    for username, (code, rights) in PORTAL_ACCESS.items():
        user = users[username]
        if not PortalAccess.objects.filter(user=user).exists():
            services.grant_portal_access(user=user, customer=customers[code], rights=rights)


def load() -> None:
    """Creates the demo customers, sites, contacts, interactions and portal ties missing."""
    users = User.objects.in_bulk(["manager", "account1", *PORTAL_ACCESS], field_name="username")
    office = Office.objects.get(code="shanghai")
    divisions = Division.objects.in_bulk(
        {code for city in CITIES.values() for code in (city.province, city.city, *city.districts)}
    )
    customers = {c.code: c for c in Customer.objects.filter(code__in=CODES)}
    # Parent groups first, so that their members can point at them.
    for customer_plan in sorted(plan(), key=lambda p: bool(p.spec.parent)):
        code = customer_plan.spec.code
        if code not in customers:
            customers[code] = _create_customer(
                customer_plan, office=office, users=users, divisions=divisions, customers=customers
            )
    for customer_plan in plan():
        customer = customers[customer_plan.spec.code]
        if customer.merged_into_id:  # its sites and contacts belong to the survivor now
            continue
        sites = _load_sites(customer, customer_plan, users["manager"], divisions)
        contacts = _load_contacts(customer, customer_plan, users["manager"], sites)
        _load_interactions(customer, customer_plan, users, contacts)
    _load_portal_accesses(users, customers)


def reset() -> None:
    """Deletes the demo customers and every row recorded on them (sites, contacts,
    interactions, portal ties, merges): during a demo those are demo data too."""
    customers = Customer.objects.filter(code__in=CODES)
    CustomerMerge.objects.filter(
        models.Q(duplicate__in=customers) | models.Q(survivor__in=customers)
    ).delete()
    for model in (PortalAccess, Interaction, Contact, Site):
        delete_with_history(model.objects.filter(customer__in=customers))
    customers.update(parent=None, merged_into=None)
    delete_with_history(customers)
