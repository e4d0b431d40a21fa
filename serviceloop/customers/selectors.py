"""Reads of the customer archive, scoped to what the asking user may see."""

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import Role, User
from serviceloop.core.text import normalize_query

from .models import Contact, Customer, Division, Interaction, Site
from .permissions import CUSTOMER_VIEWING_ROLES


def customers_for(user: User) -> QuerySet[Customer]:
    """Every office's customers for admin and HQ; the office's for its staff; a portal
    user's own customer only."""
    customers = Customer.objects.all()
    if user.role == Role.CUSTOMER:
        return customers.filter(portal_accesses__user=user)
    if user.sees_all_offices:
        return customers
    if user.role in CUSTOMER_VIEWING_ROLES and user.office_id is not None:
        return customers.filter(office_id=user.office_id)
    return customers.none()


def customer_for(user: User, pk: int) -> Customer:
    return get_object_or_404(
        customers_for(user).select_related(
            "office", "parent", "account_manager", "province", "city", "district", "merged_into"
        ),
        pk=pk,
    )


def customer_list(user: User) -> QuerySet[Customer]:
    """The list page's rows: what each row shows comes in the same query."""
    rows = customers_for(user).select_related("province", "city", "account_manager")
    # An aggregate drops Meta.ordering: order explicitly so that pages are stable.
    return rows.annotate(site_count=Count("sites", distinct=True)).order_by("code", "pk")


def search_customers(customers: QuerySet[Customer], text: str) -> QuerySet[Customer]:
    """Any part of a Chinese or Latin name, pinyin, pinyin initials, code or credit code."""
    query = normalize_query(text)
    return customers.filter(search_document__contains=query) if query else customers


def sites_for(user: User) -> QuerySet[Site]:
    return Site.objects.filter(customer__in=customers_for(user))


def contacts_for(user: User) -> QuerySet[Contact]:
    """Contacts are personal data: headquarters abroad reads only those who agreed to it
    (China's PIPL); everyone else sees the contacts of the customers they see."""
    contacts = Contact.objects.filter(customer__in=customers_for(user))
    if user.role == Role.HQ:
        contacts = contacts.filter(consents_to_transfer_abroad=True)
    return contacts


def interactions_for(user: User) -> QuerySet[Interaction]:
    return Interaction.objects.filter(customer__in=customers_for(user))


def provinces() -> QuerySet[Division]:
    return Division.objects.filter(level=Division.Level.PROVINCE)


def divisions_under(parent_code: str) -> QuerySet[Division]:
    return Division.objects.filter(parent_id=parent_code)


def account_managers_for(user: User) -> QuerySet[User]:
    """Who can be named account manager of a customer of this user's office."""
    people = User.objects.filter(is_active=True, role__in=[Role.ACCOUNT_MANAGER, Role.MANAGER])
    if user.sees_all_offices:
        return people
    return people.filter(office=user.office)


def portal_customer(user: User) -> Customer | None:
    """The one customer a portal user belongs to, or None before access is granted."""
    return customers_for(user).filter(archived_at__isnull=True).first()
