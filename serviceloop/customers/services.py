"""Writes to the customer archive. Rights are judged on stored rows, never on form input."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Office, User
from serviceloop.core.services import apply_changes
from serviceloop.core.text import normalize_code, search_document

from .models import Contact, Customer, CustomerMerge, Interaction, Place, PortalAccess, Site
from .permissions import (
    CUSTOMER_CREATING_ROLES,
    CUSTOMER_EDITING_ROLES,
    MERGING_ROLES,
    may_edit_customer,
)
from .validators import normalize_credit_code, normalize_phone

CUSTOMER_FIELDS = frozenset(
    {
        "code",
        "name_zh",
        "name_en",
        "credit_code",
        "parent",
        "industry",
        "main_products",
        "grade",
        "status",
        "province",
        "city",
        "district",
        "address",
        "account_manager",
        "customer_since",
        "invoice_title",
        "invoice_address",
        "invoice_phone",
        "invoice_bank",
        "invoice_account",
        "notes",
    }
)
SITE_FIELDS = frozenset(
    {
        "code",
        "name",
        "province",
        "city",
        "district",
        "address",
        "latitude",
        "longitude",
        "access_notes",
        "working_hours",
    }
)
CONTACT_FIELDS = frozenset(
    {
        "site",
        "full_name",
        "position",
        "department",
        "mobile",
        "landline",
        "email",
        "wechat",
        "language",
        "consents_to_surveys",
        "consents_to_transfer_abroad",
    }
)


INTERACTION_FIELDS = frozenset(
    {"kind", "opportunity", "contact", "happened_on", "summary", "details", "follow_up_on"}
)


def _refuse() -> None:
    raise PermissionDenied(_("You may not change this customer."))


def _locked(model: type[models.Model], pk: int) -> Any:
    return model._default_manager.select_for_update(of=("self",)).get(pk=pk)


def _check_divisions(place: Place) -> None:
    """Province, city and district must nest as the standard list says."""
    city, district = place.city, place.district
    if city is not None and city.parent_id != place.province_id:
        raise ValidationError({"city": _("This city is not in the chosen province.")})
    if district is not None and district.parent_id != place.city_id:
        raise ValidationError({"district": _("This district is not in the chosen city.")})


def _clean_customer(customer: Customer) -> None:
    customer.code = normalize_code(customer.code)
    customer.credit_code = (
        normalize_credit_code(customer.credit_code) if customer.credit_code else ""
    )
    _check_divisions(customer)
    parent = customer.parent
    if parent is not None and (parent.pk == customer.pk or parent.office_id != customer.office_id):
        raise ValidationError(
            {"parent": _("The parent group must be another customer of the same office.")}
        )
    customer.search_document = search_document(
        customer.code, customer.name_zh, customer.name_en, customer.credit_code
    )
    customer.full_clean()


@transaction.atomic
def create_customer(*, by: User, office: Office | None, changes: dict[str, Any]) -> Customer:
    """Opens a customer record in `office`; an account manager becomes its own account manager."""
    if office is None:
        raise ValidationError(_("Choose the office that serves this customer."))
    if by.role not in CUSTOMER_CREATING_ROLES or not (
        by.sees_all_offices or office.pk == by.office_id
    ):
        _refuse()
    customer = Customer(office=office)
    apply_changes(customer, changes, CUSTOMER_FIELDS)
    if by.role == User.Role.ACCOUNT_MANAGER:
        customer.account_manager = by
    _clean_customer(customer)
    customer.save()
    return customer


@transaction.atomic
def update_customer(*, by: User, customer: Customer, changes: dict[str, Any]) -> Customer:
    stored = _locked(Customer, customer.pk)
    if not may_edit_customer(by, stored):
        _refuse()
    handing_over = (
        "account_manager" in changes and changes["account_manager"] != stored.account_manager
    )
    if handing_over and by.role not in CUSTOMER_EDITING_ROLES:
        # An account manager keeps its customers; who looks after a customer is decided
        # by the coordinator or the manager.
        _refuse()
    apply_changes(stored, changes, CUSTOMER_FIELDS)
    _clean_customer(stored)
    stored.save()
    return stored


@transaction.atomic
def archive_customer(*, by: User, customer: Customer) -> Customer:
    """Hides the customer from lists and pickers; nothing is deleted."""
    stored = _locked(Customer, customer.pk)
    if not may_edit_customer(by, stored):
        _refuse()
    stored.archived_at = stored.archived_at or timezone.now()
    stored.save(update_fields=["archived_at"])
    return stored


@transaction.atomic
def restore_customer(*, by: User, customer: Customer) -> Customer:
    stored = _locked(Customer, customer.pk)
    if not may_edit_customer(by, stored) or stored.merged_into_id:
        _refuse()
    stored.archived_at = None
    stored.save(update_fields=["archived_at"])
    return stored


def _relations_to(model: type[models.Model]):
    """Every foreign key in the project that points at `model`, history tables excepted:
    later apps' records (units, contracts, cases...) move without this app naming them.
    Keys declared without a reverse name (`related_name="+"`, e.g. the from/to of a
    recorded move) are records of the past and stay as they are."""
    for relation in model._meta.related_objects:
        related = relation.related_model
        if relation.one_to_many and not hasattr(related, "instance_type"):
            yield related, relation.field.name


@transaction.atomic
def merge_customers(*, by: User, duplicate: Customer, survivor: Customer) -> CustomerMerge:
    """Moves everything of `duplicate` to `survivor`, row by row so that each keeps its
    history, and archives the duplicate pointing at the survivor; the merge records the
    ids that moved."""
    if by.role not in MERGING_ROLES:
        _refuse()
    # Locked in primary-key order, so two opposite merges cannot deadlock.
    locked = {
        c.pk: c
        for c in Customer.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted({duplicate.pk, survivor.pk}))
        .order_by("pk")
    }
    duplicate, survivor = locked[duplicate.pk], locked[survivor.pk]
    if duplicate.pk == survivor.pk or duplicate.office_id != survivor.office_id:
        raise ValidationError(_("Only two different customers of the same office can be merged."))
    if duplicate.merged_into_id or survivor.merged_into_id or survivor.archived_at:
        raise ValidationError(_("Merge into an active customer that was not merged itself."))
    if survivor.parent_id == duplicate.pk:
        survivor.parent_id = duplicate.parent_id  # it cannot become its own group
        survivor.save(update_fields=["parent"])
    _rename_clashing_site_codes(duplicate, survivor)
    moved = {}
    for related, field in _relations_to(Customer):
        if related is CustomerMerge:
            continue
        rows = related._default_manager.filter(**{field: duplicate})
        if related is Customer:
            rows = rows.exclude(pk=survivor.pk)  # the survivor was a member: handled above
        rows = list(rows)
        for row in rows:
            setattr(row, field, survivor)
            row.save(update_fields=[field])
        if rows:
            moved[f"{related._meta.label_lower}.{field}"] = [row.pk for row in rows]
    duplicate.merged_into = survivor
    duplicate.archived_at = timezone.now()
    duplicate.save(update_fields=["merged_into", "archived_at"])
    return CustomerMerge.objects.create(
        duplicate=duplicate, survivor=survivor, moved=moved, merged_by=by
    )


def _rename_clashing_site_codes(duplicate: Customer, survivor: Customer) -> None:
    taken = {code.lower() for code in survivor.sites.values_list("code", flat=True)}
    for site in duplicate.sites.order_by("pk"):
        if site.code.lower() not in taken:
            taken.add(site.code.lower())
            continue
        number = 2
        while (candidate := f"{site.code[:24]}-{number}").lower() in taken:
            number += 1
        site.code = candidate
        taken.add(candidate.lower())
        site.save(update_fields=["code"])


@transaction.atomic
def save_site(*, by: User, customer: Customer, site: Site | None, changes: dict[str, Any]) -> Site:
    """Creates (site=None) or changes a site of `customer`."""
    stored_customer = _locked(Customer, customer.pk)
    if not may_edit_customer(by, stored_customer):
        _refuse()
    site = Site(customer=stored_customer) if site is None else _locked(Site, site.pk)
    if site.customer_id != stored_customer.pk:
        _refuse()
    apply_changes(site, changes, SITE_FIELDS)
    site.code = normalize_code(site.code)
    _check_divisions(site)
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def save_contact(
    *, by: User, customer: Customer, contact: Contact | None, changes: dict[str, Any]
) -> Contact:
    """Creates (contact=None) or changes a contact of `customer`; phones are normalised."""
    stored_customer = _locked(Customer, customer.pk)
    if not may_edit_customer(by, stored_customer):
        _refuse()
    stored: Contact = (
        Contact(customer=stored_customer) if contact is None else _locked(Contact, contact.pk)
    )
    if stored.customer_id != stored_customer.pk:
        _refuse()
    apply_changes(stored, changes, CONTACT_FIELDS)
    if stored.site is not None and stored.site.customer_id != stored_customer.pk:
        raise ValidationError({"site": _("This site belongs to another customer.")})
    stored.mobile = normalize_phone(stored.mobile) if stored.mobile else ""
    stored.landline = normalize_phone(stored.landline) if stored.landline else ""
    stored.full_clean()
    stored.save()
    return stored


@transaction.atomic
def record_interaction(*, by: User, customer: Customer, changes: dict[str, Any]) -> Interaction:
    if not may_edit_customer(by, _locked(Customer, customer.pk)):
        _refuse()
    interaction = Interaction(customer=customer, recorded_by=by)
    apply_changes(interaction, changes, INTERACTION_FIELDS)
    if interaction.contact is not None and interaction.contact.customer_id != customer.pk:
        raise ValidationError({"contact": _("This contact belongs to another customer.")})
    interaction.full_clean()
    interaction.save()
    return interaction


@transaction.atomic
def grant_portal_access(*, user: User, customer: Customer, rights: str) -> PortalAccess:
    """Ties a customer user to its customer (administrators and the demo loader call this)."""
    if user.role != User.Role.CUSTOMER:
        raise ValidationError(_("Only customer users get portal access."))
    access, _created = PortalAccess.objects.update_or_create(
        user=user, defaults={"customer": customer, "rights": rights}
    )
    return access
